// libFuzzer target: JWT parsing and verification (form checks, header rules, key pinning,
// signature, claims) against a fixed ES256 key, plus the unverified peeks used for routing.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/jose/jwt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ispcloud::auth::jose;
  static const Key kKey = *Key::Generate(Alg::kES256, "k1");
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  VerifyOptions options;
  options.issuer = "https://issuer.example/realms/obp";
  options.audiences = {"api://default"};
  options.now = ispcloud::TimePoint(std::chrono::seconds(1'800'000'000));
  (void)VerifyJwt(
      token, [](std::string_view kid) { return kid == "k1" ? &kKey : nullptr; }, options);
  (void)PeekJwtHeader(token, 16 * 1024);
  (void)PeekJwtClaims(token, 16 * 1024);
  return 0;
}
