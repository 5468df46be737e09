#include "core/object_id.h"

namespace ispcloud {

ObjectIdGenerator::ObjectIdGenerator(const Clock& clock, Random& random) : clock_(clock) {
  random.Fill(process_);
  counter_ = static_cast<uint32_t>(random.NextU64() & 0xFFFFFF);
}

std::string ObjectIdGenerator::Next() {
  auto secs = static_cast<uint32_t>(ToEpochMillis(clock_.Now()) / 1000);
  uint32_t count = counter_.fetch_add(1) & 0xFFFFFF;
  uint8_t b[12] = {static_cast<uint8_t>(secs >> 24),
                   static_cast<uint8_t>(secs >> 16),
                   static_cast<uint8_t>(secs >> 8),
                   static_cast<uint8_t>(secs),
                   process_[0],
                   process_[1],
                   process_[2],
                   process_[3],
                   process_[4],
                   static_cast<uint8_t>(count >> 16),
                   static_cast<uint8_t>(count >> 8),
                   static_cast<uint8_t>(count)};
  return ToHex(b);
}

bool IsObjectId(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

}  // namespace ispcloud
