#include "core/log.h"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <mutex>

#include "core/clock.h"

namespace ispcloud {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_write_mutex;

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

}  // namespace

bool ParseLogLevel(std::string_view name, LogLevel& out) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (name == LevelName(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) {
  g_level = static_cast<int>(level);
}

bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load();
}

namespace {

void Write(LogLevel level, std::string_view event, boost::json::object fields) {
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["ts"] = FormatIso8601Millis(SystemClock::Instance().Now());
  line["level"] = LevelName(level);
  line["event"] = event;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  std::lock_guard lock(g_write_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void Log(LogLevel level, std::string_view event, boost::json::object fields) {
  if (LogEnabled(level)) Write(level, event, std::move(fields));
}

void LogLifecycle(std::string_view event, boost::json::object fields) {
  Write(LogLevel::kInfo, event, std::move(fields));
}

}  // namespace ispcloud
