#include "domain/plume/wifi_rules.h"

#include <algorithm>
#include <array>
#include <string>

#include "domain/plume/errors.h"

namespace ispcloud::domain::plume {
namespace {

constexpr std::string_view kContext = "WifiNetwork";

constexpr std::array<std::string_view, 6> kWpaModes = {
    "psk2", "psk-mixed", "sae", "sae-mixed", "sae-compat", "sae-compat-relaxed"};
constexpr std::array<std::string_view, 3> kBands = {"freqBand24", "freqBand5", "freqBand6"};
constexpr std::array<std::string_view, 3> kToggles = {"auto", "enable", "disable"};
constexpr std::array<std::string_view, 8> kMinWifiModes24 = {"auto", "11a",  "11b",  "11g",
                                                             "11n",  "11ac", "11ax", "11b-high"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

template <size_t N>
std::string ListOf(const std::array<std::string_view, N>& values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

void Add(std::vector<FieldError>& out, std::string_view field, std::string_view rule,
         std::string message) {
  out.push_back({std::string(field), std::string(rule), std::move(message)});
}

template <size_t N>
void CheckEnum(std::string_view field, const std::optional<std::string>& value,
               const std::array<std::string_view, N>& values, std::vector<FieldError>& out) {
  if (value && !OneOf(values, *value))
    Add(out, field, "inclusion", "must be one of: " + ListOf(values));
}

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The §8.1 rules of every field given in `in`, appended to `out`.
void CheckFields(const WifiInput& in, std::vector<FieldError>& out) {
  if (in.ssid && !in.ssid->empty()) CheckSsid(*in.ssid, out);
  if (in.encryption_key && !in.encryption_key->empty()) {
    CheckEncryptionKey(*in.encryption_key, out);
  }
  if (in.wpa_mode && !IsWpaMode(*in.wpa_mode)) {
    Add(out, "wpaMode", "inclusion", "must be one of: " + ListOf(kWpaModes));
  }
  if (in.wpa_modes) {
    for (const auto& [band, mode] : *in.wpa_modes) {
      if (!OneOf(kBands, band) || !IsWpaMode(mode)) {
        Add(out, "wpaModes", "inclusion",
            "keys must be among " + ListOf(kBands) + ", values among " + ListOf(kWpaModes));
        break;
      }
    }
  }
  CheckEnum("groupRekey", in.group_rekey, kToggles, out);
  CheckEnum("fastTransition", in.fast_transition, kToggles, out);
  CheckEnum("allowMlo", in.allow_mlo, kToggles, out);
  CheckEnum("minWifiMode24", in.min_wifi_mode24, kMinWifiModes24, out);
}

Status InvalidUnlessEmpty(std::vector<FieldError> fields) {
  if (fields.empty()) return Ok();
  return InvalidFields(kContext, std::move(fields));
}

}  // namespace

void CheckSsid(std::string_view value, std::vector<FieldError>& out) {
  if (value.empty() || value.size() > 32) {
    Add(out, "ssid", value.empty() ? "length.min" : "length.max", "must be 1-32 bytes");
  } else if (!IsValidUtf8(value)) {
    Add(out, "ssid", "format", "must be valid UTF-8");
  }
}

void CheckEncryptionKey(std::string_view value, std::vector<FieldError>& out) {
  constexpr std::string_view kField = "encryptionKey";
  if (value.size() < 8) {
    Add(out, kField, "length.min", "must be at least 8 characters");
  } else if (value.size() > 64) {
    Add(out, kField, "length.max", "must be at most 64 characters");
  } else if (value.size() == 64) {
    if (!std::all_of(value.begin(), value.end(), IsHex)) {
      Add(out, kField, "format", "a 64-character key must be hexadecimal");
    }
  } else if (!std::all_of(value.begin(), value.end(),
                          [](char c) { return c >= 0x20 && c <= 0x7E; })) {
    Add(out, kField, "format", "must be printable ASCII characters");
  }
}

bool IsWpaMode(std::string_view value) {
  return OneOf(kWpaModes, value);
}

Status ValidateWifiReplace(const WifiInput& in) {
  std::vector<FieldError> fields = in.decode_errors;
  if ((!in.ssid || in.ssid->empty()) && !HasFieldError(fields, "ssid")) {
    Add(fields, "ssid", "presence", "ssid is required");
  }
  if ((!in.encryption_key || in.encryption_key->empty()) &&
      !HasFieldError(fields, "encryptionKey")) {
    Add(fields, "encryptionKey", "presence", "encryptionKey is required");
  }
  CheckFields(in, fields);
  return InvalidUnlessEmpty(std::move(fields));
}

Status ValidateWifiPatch(const WifiInput& in) {
  const bool recognised =
      in.ssid || in.wpa_mode || in.wpa_modes || in.ssid_broadcast || in.enabled ||
      in.private_mode || in.uapsd || in.disable_default_service_network || in.group_rekey ||
      in.fast_transition || in.min_wifi_mode24 || in.allow_mlo || !in.decode_errors.empty();
  if (!recognised) {
    return MakeError(ErrorCode::kInvalidArgument, "at least one WiFi network field is required",
                     "MISSING_REQUIRED_ARGUMENT");
  }
  std::vector<FieldError> fields = in.decode_errors;
  if (in.ssid && in.ssid->empty()) Add(fields, "ssid", "length.min", "must be 1-32 bytes");
  CheckFields(in, fields);
  return InvalidUnlessEmpty(std::move(fields));
}

void ApplyWifiInput(const WifiInput& in, const std::string& now, WifiNetwork& net) {
  if (in.ssid) net.ssid = *in.ssid;
  if (in.encryption_key) {
    net.encryption_key = *in.encryption_key;
    net.encrypted_at = now;
  }
  if (in.wpa_mode) net.wpa_mode = *in.wpa_mode;
  if (in.wpa_modes) net.wpa_modes = *in.wpa_modes;
  if (in.ssid_broadcast) net.ssid_broadcast = *in.ssid_broadcast;
  if (in.enabled) net.enabled = *in.enabled;
  if (in.private_mode) net.private_mode = *in.private_mode;
  if (in.uapsd) net.uapsd = *in.uapsd;
  if (in.disable_default_service_network) {
    net.disable_default_service_network = *in.disable_default_service_network;
  }
  if (in.group_rekey) net.group_rekey = *in.group_rekey;
  if (in.fast_transition) net.fast_transition = *in.fast_transition;
  if (in.min_wifi_mode24) net.min_wifi_mode24 = *in.min_wifi_mode24;
  if (in.allow_mlo) net.allow_mlo = *in.allow_mlo;
}

}  // namespace ispcloud::domain::plume
