#include "domain/bss/provider_settings.h"

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "domain/bss/errors.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

struct Range {
  int64_t min;
  int64_t max;
};

constexpr int64_t kMax = INT64_MAX;

// Integer settings and their ranges.
const std::map<std::string_view, Range>& IntegerSettings() {
  static const std::map<std::string_view, Range> kSettings = {
      {"adjustmentApprovalThreshold", {0, kMax}},
      {"bundleAdjustmentApprovalThreshold", {0, kMax}},
      {"defaultCreditLimit", {0, kMax}},
      {"defaultMonthlySpendLimit", {-1, kMax}},
      {"defaultMaximumBalance", {0, kMax}},
      {"planValidityDays", {1, 3650}},
      {"msisdnQuarantineDays", {0, 3650}},
      {"pinLength", {4, 8}},
      {"pinMaxAttempts", {1, 10}},
      {"voucherRechargeAdjustmentType", {1, kMax}},
      {"atuAdjustmentType", {1, kMax}},
      {"paymentAdjustmentType", {1, kMax}},
      {"rafAdjustmentType", {1, kMax}},
      {"externalPaymentAdjustmentType", {1, kMax}},
      {"orderChargeAdjustmentType", {1, kMax}},
      {"usageAdjustmentType", {1, kMax}},
  };
  return kSettings;
}

bool NamesAdjustmentType(std::string_view key) {
  return key.ends_with("AdjustmentType");
}

// Checks a list setting: an array of objects with a unique `id` (and a string `name` when
// `named`).
void CheckList(const std::string& path, const json::value& v, bool named, FieldErrors& errors) {
  if (!v.is_array()) {
    errors.Add(path, "type", path + " must be an array");
    return;
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    const json::value& e = v.get_array()[i];
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.get_object().contains("id")) {
      errors.Add(at, "type", at + " must be an object with an id");
      continue;
    }
    const json::value& id = e.get_object().at("id");
    if (!id.is_int64() && !id.is_string()) {
      errors.Add(at + ".id", "type", at + ".id must be an integer or a string");
    } else if (!ids.insert(json::serialize(id)).second) {
      errors.Add(at + ".id", "unique", at + ".id repeats another entry's id");
    }
    const json::value* name = e.get_object().if_contains("name");
    if (named && (name == nullptr || !name->is_string() || name->get_string().empty())) {
      errors.Add(at + ".name", "presence", at + ".name must be a non-empty string");
    }
  }
}

bool HasAdjustmentType(const json::object& settings, int64_t id) {
  const json::value* types = settings.if_contains("adjustmentTypes");
  if (types == nullptr || !types->is_array()) return false;
  for (const json::value& t : types->get_array()) {
    if (t.is_object() && t.get_object().contains("id") && t.get_object().at("id").is_int64() &&
        t.get_object().at("id").get_int64() == id) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<json::object> MergeSettings(const json::object& current, const json::object& patch,
                                   const json::object& defaults) {
  json::object merged = current;
  FieldErrors errors;
  for (const auto& [key_view, value] : patch) {
    const std::string key(key_view);
    const std::string path = "settings." + key;
    if (!defaults.contains(key)) {
      errors.Add(path, "inclusion", key + " is not a service-provider setting");
      continue;
    }
    const json::value& replacement = value.is_null() ? defaults.at(key) : value;
    if (key == "currency" || key == "currencyExponent") {
      if (replacement != current.at(key)) {
        errors.Add(path, "immutable", key + " cannot change once the SPID exists");
      }
      continue;
    }
    if (key == "timeZone") {
      if (replacement != json::value("UTC")) {
        errors.Add(path, "inclusion", "timeZone must be UTC (month boundaries are UTC)");
      }
      continue;
    }
    if (key == "allowSelfApproval") {
      if (!replacement.is_bool()) errors.Add(path, "type", key + " must be a boolean");
    } else if (key == "rafProgramme") {
      if (!replacement.is_object()) errors.Add(path, "type", key + " must be an object");
    } else if (key == "numberRanges") {
      CheckList(path, replacement, false, errors);
    } else if (key.ends_with("Types")) {
      CheckList(path, replacement, true, errors);
    } else if (auto range = IntegerSettings().find(key); range != IntegerSettings().end()) {
      const bool none_allowed = key == "bundleAdjustmentApprovalThreshold";
      if (!(replacement.is_null() && none_allowed)) {
        if (!replacement.is_int64() || replacement.get_int64() < range->second.min ||
            replacement.get_int64() > range->second.max) {
          errors.Add(path, "range",
                     key + " must be an integer from " + std::to_string(range->second.min) +
                         (range->second.max == kMax ? "" : " to " + std::to_string(range->second.max)));
        }
      }
    }
    merged[key] = replacement;
  }
  for (const auto& [key, value] : merged) {
    if (NamesAdjustmentType(key) && value.is_int64() && !HasAdjustmentType(merged, value.get_int64())) {
      errors.Add("settings." + std::string(key), "reference",
                 std::string(key) + " must name an entry of adjustmentTypes");
    }
  }
  if (!errors.empty()) return errors.ToError("settings");
  return merged;
}

}  // namespace ispcloud::domain::bss
