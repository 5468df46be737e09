#pragma once
// Structured logging: one JSON object per line on stderr, e.g.
// {"ts":"2026-11-23T10:15:30.123Z","level":"info","event":"listening","port":8080}
// Never log secrets or tokens.

#include <boost/json/object.hpp>
#include <string_view>

namespace ispcloud {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Parses "debug" | "info" | "warn" | "error"; false when the name is unknown.
bool ParseLogLevel(std::string_view name, LogLevel& out);

// Sets the minimum level written (default info). Thread-safe.
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);

// Writes one line with `event` and the given fields. Thread-safe; lines never interleave.
void Log(LogLevel level, std::string_view event, boost::json::object fields = {});

// Writes an info line whatever the level: for lifecycle events that operators and scripts rely
// on ("listening", "draining", "stopped").
void LogLifecycle(std::string_view event, boost::json::object fields = {});

inline void LogInfo(std::string_view event, boost::json::object fields = {}) {
  Log(LogLevel::kInfo, event, std::move(fields));
}
inline void LogWarn(std::string_view event, boost::json::object fields = {}) {
  Log(LogLevel::kWarn, event, std::move(fields));
}
inline void LogError(std::string_view event, boost::json::object fields = {}) {
  Log(LogLevel::kError, event, std::move(fields));
}

}  // namespace ispcloud
