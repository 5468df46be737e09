#pragma once
// 24-hex object ids in the Mongo ObjectId layout used by the Plume API:
// 4 bytes big-endian Unix seconds, 5 random bytes (fixed per generator), 3-byte counter.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/random.h"

namespace ispcloud {

class ObjectIdGenerator {
 public:
  // Draws the 5-byte process part and the counter start from `random`.
  ObjectIdGenerator(const Clock& clock, Random& random);
  // A new id: 24 lower-case hex characters, unique within this generator. Thread-safe.
  std::string Next();

 private:
  const Clock& clock_;
  uint8_t process_[5];
  std::atomic<uint32_t> counter_;
};

// True when `s` is exactly 24 hexadecimal characters (either case).
bool IsObjectId(std::string_view s);

}  // namespace ispcloud
