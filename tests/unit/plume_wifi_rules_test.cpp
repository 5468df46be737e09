// Unit tests of the WiFi network rules (PLUME-API.md §8.1-§8.5).

#include <gtest/gtest.h>

#include "domain/plume/wifi_rules.h"

namespace ispcloud::domain::plume {
namespace {

// "400" / "422:<field>=<rule>,..." / "ok".
std::string Outcome(const Status& s) {
  if (s) return "ok";
  if (s.error().code == ErrorCode::kInvalidArgument) {
    EXPECT_EQ(s.error().api_code, "MISSING_REQUIRED_ARGUMENT");
    return "400";
  }
  EXPECT_EQ(s.error().code, ErrorCode::kValidation);
  EXPECT_EQ(s.error().context, "WifiNetwork");
  std::string out = "422:";
  for (const FieldError& f : s.error().fields) out += f.field + "=" + f.rule + ",";
  return out;
}

std::string SsidRule(std::string_view ssid) {
  std::vector<FieldError> out;
  CheckSsid(ssid, out);
  return out.empty() ? "ok" : out.front().rule;
}

std::string KeyRule(std::string_view key) {
  std::vector<FieldError> out;
  CheckEncryptionKey(key, out);
  return out.empty() ? "ok" : out.front().rule;
}

WifiInput Valid() {
  WifiInput in;
  in.ssid = "Lovelace-Home";
  in.encryption_key = "correct horse";
  return in;
}

TEST(WifiRulesTest, SsidIsOneTo32BytesOfUtf8) {
  EXPECT_EQ(SsidRule("a"), "ok");
  EXPECT_EQ(SsidRule(std::string(32, 'a')), "ok");
  EXPECT_EQ(SsidRule(std::string(33, 'a')), "length.max");
  EXPECT_EQ(SsidRule(""), "length.min");
  // 11 three-byte characters = 33 bytes: bytes count, not characters.
  std::string wide;
  for (int i = 0; i < 11; ++i) wide += "\xE2\x82\xAC";
  EXPECT_EQ(SsidRule(wide), "length.max");
  EXPECT_EQ(SsidRule("Caf\xC3\xA9"), "ok");
  EXPECT_EQ(SsidRule("bad\xC3"), "format");          // truncated sequence
  EXPECT_EQ(SsidRule("bad\xC0\xAF"), "format");      // overlong '/'
  EXPECT_EQ(SsidRule("bad\xED\xA0\x80"), "format");  // UTF-16 surrogate
}

TEST(WifiRulesTest, KeyIsPrintableAsciiOr64Hex) {
  EXPECT_EQ(KeyRule("1234567"), "length.min");
  EXPECT_EQ(KeyRule("12345678"), "ok");
  EXPECT_EQ(KeyRule("correct horse battery staple"), "ok");
  EXPECT_EQ(KeyRule(std::string(63, '~')), "ok");
  EXPECT_EQ(KeyRule(std::string(64, 'a')), "ok");  // hex
  EXPECT_EQ(KeyRule(std::string(64, 'z')), "format");
  EXPECT_EQ(KeyRule(std::string(65, 'a')), "length.max");
  EXPECT_EQ(KeyRule("tab\there!"), "format");
  EXPECT_EQ(KeyRule("caf\xC3\xA9-key"), "format");
}

TEST(WifiRulesTest, ReplaceNeedsSsidAndKeyAs422) {
  EXPECT_EQ(Outcome(ValidateWifiReplace(WifiInput())), "422:ssid=presence,encryptionKey=presence,");
  WifiInput in = Valid();
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "ok");
  in.encryption_key = "";
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "422:encryptionKey=presence,");
  in = Valid();
  in.ssid.reset();
  in.decode_errors.push_back({"ssid", "type", "must be a string"});
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "422:ssid=type,");
}

TEST(WifiRulesTest, EnumeratedFields) {
  WifiInput in = Valid();
  for (const char* mode :
       {"psk2", "psk-mixed", "sae", "sae-mixed", "sae-compat", "sae-compat-relaxed"}) {
    in.wpa_mode = mode;
    EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "ok") << mode;
  }
  in.wpa_mode = "wep";
  in.wpa_modes = WpaModes{{"freqBand24", "psk2"}, {"freqBand5", "sae"}};
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "422:wpaMode=inclusion,");
  in.wpa_mode.reset();
  in.wpa_modes = WpaModes{{"freqBand60", "psk2"}};
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "422:wpaModes=inclusion,");
  in.wpa_modes = WpaModes{{"freqBand6", "open"}};
  EXPECT_EQ(Outcome(ValidateWifiReplace(in)), "422:wpaModes=inclusion,");

  WifiInput patch;
  patch.group_rekey = "enable";
  patch.fast_transition = "disable";
  patch.allow_mlo = "auto";
  patch.min_wifi_mode24 = "11b-high";
  EXPECT_EQ(Outcome(ValidateWifiPatch(patch)), "ok");
  patch.group_rekey = "on";
  patch.min_wifi_mode24 = "11be";
  EXPECT_EQ(Outcome(ValidateWifiPatch(patch)), "422:groupRekey=inclusion,minWifiMode24=inclusion,");
}

TEST(WifiRulesTest, PatchNeedsARecognisedField) {
  WifiInput in;
  in.encryption_key = "not patchable";
  EXPECT_EQ(Outcome(ValidateWifiPatch(in)), "400");
  in.enabled = false;
  EXPECT_EQ(Outcome(ValidateWifiPatch(in)), "ok");
  in = WifiInput();
  in.ssid = "";
  EXPECT_EQ(Outcome(ValidateWifiPatch(in)), "422:ssid=length.min,");
  in = WifiInput();
  in.decode_errors.push_back({"uapsd", "type", "must be a boolean"});
  EXPECT_EQ(Outcome(ValidateWifiPatch(in)), "422:uapsd=type,");
}

TEST(WifiRulesTest, ApplyCopiesGivenFieldsAndStampsTheKey) {
  WifiNetwork net;
  net.encryption_key = "old-key-1";
  net.encrypted_at = "t0";
  WifiInput in;
  in.ssid = "New";
  in.enabled = false;
  ApplyWifiInput(in, "t1", net);
  EXPECT_EQ(net.ssid, "New");
  EXPECT_FALSE(net.enabled);
  EXPECT_EQ(net.encryption_key, "old-key-1");
  EXPECT_EQ(net.encrypted_at, "t0");
  EXPECT_EQ(net.wpa_mode, "psk2");  // default kept
  in.encryption_key = "new-key-2";
  ApplyWifiInput(in, "t2", net);
  EXPECT_EQ(net.encryption_key, "new-key-2");
  EXPECT_EQ(net.encrypted_at, "t2");
}

}  // namespace
}  // namespace ispcloud::domain::plume
