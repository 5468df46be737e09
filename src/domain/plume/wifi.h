#pragma once
// The WiFi network of a Plume location (PLUME-API.md §4.5, §8) and the decoded input of its
// create / replace / patch calls.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::plume {

// Per-band WPA modes: (band, mode) pairs, band among freqBand24, freqBand5, freqBand6.
using WpaModes = std::vector<std::pair<std::string, std::string>>;

struct WifiNetwork {
  std::string id;  // 24-hex
  std::string location_id;
  std::string ssid;
  std::string encryption_key;  // returned in clear (§4.5); never audited or logged
  std::string encrypted_at;    // when the key was last set
  std::string wpa_mode = "psk2";
  WpaModes wpa_modes;
  bool ssid_broadcast = true;
  bool enabled = true;
  bool private_mode = false;
  bool uapsd = true;
  bool disable_default_service_network = false;
  std::string group_rekey = "auto";
  std::string fast_transition = "auto";
  std::string min_wifi_mode24 = "auto";
  std::string allow_mlo = "auto";
  std::string created_at;
  std::string updated_at;
};

// A decoded request body. Absent fields are nullopt; type errors found while decoding travel in
// `decode_errors`. Which fields an operation reads is the API layer's choice (§8.2, §8.5).
struct WifiInput {
  std::optional<std::string> ssid;
  std::optional<std::string> encryption_key;
  std::optional<std::string> wpa_mode;
  std::optional<WpaModes> wpa_modes;
  std::optional<bool> ssid_broadcast;
  std::optional<bool> enabled;
  std::optional<bool> private_mode;
  std::optional<bool> uapsd;
  std::optional<bool> disable_default_service_network;
  std::optional<std::string> group_rekey;
  std::optional<std::string> fast_transition;
  std::optional<std::string> min_wifi_mode24;
  std::optional<std::string> allow_mlo;
  std::vector<FieldError> decode_errors;
};

}  // namespace ispcloud::domain::plume
