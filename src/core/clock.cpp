#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace ispcloud {

const SystemClock& SystemClock::Instance() {
  static const SystemClock kClock;
  return kClock;
}

TimePoint FakeClock::Now() const {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(now_us_.load())));
}

int64_t FakeClock::ToMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

int64_t ToEpochMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string FormatIso8601Millis(TimePoint t) {
  int64_t ms = ToEpochMillis(t);
  int64_t secs = ms / 1000;
  int64_t frac = ms % 1000;
  if (frac < 0) {  // before 1970: floor, not truncate
    frac += 1000;
    secs -= 1;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(frac));
  return buf;
}

namespace {

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<int64_t> ParseIso8601Micros(std::string_view s) {
  if (s.size() < 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2)) {
    return std::nullopt;
  }
  const int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  constexpr int64_t kMicrosPerSecond = 1000000;
  if (s.size() == 10) return days * 86400 * kMicrosPerSecond;
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s.size() < 19 || !Digits(s, 11, 2) ||
      s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2)) {
    return std::nullopt;
  }
  const int hour = Number(s, 11, 2), minute = Number(s, 14, 2), second = Number(s, 17, 2);
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  int64_t micros = ((days * 24 + hour) * 60 + minute) * 60 + second;
  micros *= kMicrosPerSecond;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const size_t start = ++i;
    int64_t scale = 100000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      micros += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  if (i == s.size()) return micros;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return micros;
  if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && Digits(s, i + 1, 2) &&
      s[i + 3] == ':' && Digits(s, i + 4, 2)) {
    const int oh = Number(s, i + 1, 2), om = Number(s, i + 4, 2);
    if (oh > 23 || om > 59) return std::nullopt;
    const int64_t offset = (oh * 60 + om) * 60 * kMicrosPerSecond;
    return s[i] == '+' ? micros - offset : micros + offset;
  }
  return std::nullopt;
}

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  // 2026-11-23T10:15:30[.123456789](Z|+01:00)
  auto digits = [&](size_t pos, size_t len) -> int {
    if (pos + len > text.size()) return -1;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  std::tm tm{};
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int millis = 0;
  if (text[pos] == '.') {
    ++pos;
    size_t count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count < 3) millis = millis * 10 + (text[pos] - '0');
      ++count;
      ++pos;
    }
    if (count == 0 || count > 9) return std::nullopt;
    for (size_t i = count; i < 3; ++i) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    // UTC
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') &&
             text[pos + 3] == ':') {
    const int oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t secs = timegm(&tm);
  std::tm check{};
  gmtime_r(&secs, &check);
  if (second < 60 && check.tm_mday != day) return std::nullopt;  // e.g. February 30
  return TimePoint(std::chrono::seconds(secs)) + std::chrono::milliseconds(millis) -
         std::chrono::minutes(offset_minutes);
}

}  // namespace ispcloud
