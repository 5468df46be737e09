#pragma once
// Random-source seam. Production uses the OS CSPRNG; tests inject a deterministic source.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ispcloud {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes. Production implementations are cryptographically secure.
  virtual void Fill(std::span<uint8_t> out) = 0;

  uint64_t NextU64();
  // `n` random bytes as lower-case hex (2n characters).
  std::string Hex(size_t n);
};

// Cryptographically secure source (OpenSSL RAND_bytes). Thread-safe.
class SystemRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override;
  static SystemRandom& Instance();
};

// Deterministic xorshift source for tests. Not thread-safe, not secure.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed ? seed : 0x9E3779B97F4A7C15ULL) {}
  void Fill(std::span<uint8_t> out) override;

 private:
  uint64_t state_;
};

// Lower-case hex encoding of bytes.
std::string ToHex(std::span<const uint8_t> bytes);

}  // namespace ispcloud
