#include "core/random.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace ispcloud {

uint64_t Random::NextU64() {
  uint8_t b[8];
  Fill(b);
  uint64_t v = 0;
  for (uint8_t x : b) v = (v << 8) | x;
  return v;
}

std::string Random::Hex(size_t n) {
  std::vector<uint8_t> b(n);
  Fill(b);
  return ToHex(b);
}

void SystemRandom::Fill(std::span<uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    // The OS entropy source failing is not recoverable; refuse to hand out weak randomness.
    throw std::runtime_error("RAND_bytes failed");
  }
}

SystemRandom& SystemRandom::Instance() {
  static SystemRandom instance;
  return instance;
}

void SeededRandom::Fill(std::span<uint8_t> out) {
  for (auto& byte : out) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    byte = static_cast<uint8_t>(state_ >> 32);
  }
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 0xF]);
  }
  return s;
}

}  // namespace ispcloud
