#pragma once
// Field rules of WiFi networks (PLUME-API.md §8.1-§8.5). Validations return Ok, 400
// MISSING_REQUIRED_ARGUMENT, or a 422 ValidationError (context "WifiNetwork") listing every
// invalid field, decode type errors included.

#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/plume/wifi.h"

namespace ispcloud::domain::plume {

// ssid: 1-32 bytes of valid UTF-8.
void CheckSsid(std::string_view value, std::vector<FieldError>& out);
// encryptionKey: 8-63 printable ASCII characters (0x20-0x7E), or exactly 64 hex digits.
void CheckEncryptionKey(std::string_view value, std::vector<FieldError>& out);
// True for psk2, psk-mixed, sae, sae-mixed, sae-compat, sae-compat-relaxed.
bool IsWpaMode(std::string_view value);

// §8.2 create and §8.4 replace: ssid and encryptionKey absent or "" -> 422 (presence), then
// every rule of §8.1 for the fields given.
Status ValidateWifiReplace(const WifiInput& in);

// §8.5 patch: no recognised field (encryptionKey is not one) -> 400; then the §8.1 rules.
Status ValidateWifiPatch(const WifiInput& in);

// Copies every field given in `in` onto `net`; a new key also sets encryptedAt to `now`.
void ApplyWifiInput(const WifiInput& in, const std::string& now, WifiNetwork& net);

}  // namespace ispcloud::domain::plume
