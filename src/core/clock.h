#pragma once
// Clock seam: production code asks a Clock for the time so tests can control it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ispcloud {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time in UTC.
  virtual TimePoint Now() const = 0;
};

// The real system clock.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  // A process-wide instance.
  static const SystemClock& Instance();
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_us_(ToMicros(start)) {}
  TimePoint Now() const override;
  void Advance(std::chrono::microseconds d) { now_us_ += d.count(); }
  void Set(TimePoint t) { now_us_ = ToMicros(t); }

 private:
  static int64_t ToMicros(TimePoint t);
  std::atomic<int64_t> now_us_;
};

// Formats as ISO-8601 UTC with exactly three fractional digits: 2026-11-23T10:15:30.123Z.
std::string FormatIso8601Millis(TimePoint t);

// Parses "YYYY-MM-DD" (midnight UTC) and RFC 3339 / ISO-8601 date-times ("T" or a space,
// optional fraction, "Z", a "+HH:MM" offset or no zone = UTC) into microseconds since the Unix
// epoch. Other text, and out-of-range fields, give nullopt.
std::optional<int64_t> ParseIso8601Micros(std::string_view text);

// Parses an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, an optional fraction (1-9 digits, kept to
// the millisecond), then `Z` or an offset `+HH:MM` / `-HH:MM` (`T` and `Z` in either case).
// nullopt for anything else, including impossible field values.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

// Milliseconds since the Unix epoch.
int64_t ToEpochMillis(TimePoint t);

}  // namespace ispcloud
