// libFuzzer target: Plume request body decoding (JSON or form-encoded, chosen by the first
// byte) and the typed field reads every Plume handler does.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/plume/body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ispcloud::api::plume;
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {"application/json",
                                                "application/x-www-form-urlencoded", "text/plain",
                                                "application/json; charset=utf-8"};
  const std::string_view content_type = kTypes[data[0] % 4];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto decoded = DecodeBody(content_type, body);
  if (!decoded) return 0;
  FieldReader r(*decoded);
  (void)r.String("email");
  (void)r.String("name");
  (void)r.Bool("emailVerified");
  (void)r.Names();
  (void)r.TakeErrors();
  return 0;
}
