#include "domain/bss/account_rules.h"

#include <array>
#include <cstdio>

#include "core/strings.h"
#include "domain/bss/errors.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 8> kStates = {
    "Active",       "Suspended", "Inactive",    "NonPaymentWarned", "NonPaymentSuspended",
    "PromiseToPay", "InArrears", "InCollection"};

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string_view StringOr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// The Customer entry of relatedParty: its id, or a field error.
void ParseRelatedParty(const json::object& body, AccountInput& in, FieldErrors& errors) {
  const json::value* rp = body.if_contains("relatedParty");
  if (rp == nullptr) {
    errors.Add("relatedParty", "presence",
               "relatedParty must name the customer (role Customer, id)");
    return;
  }
  if (!rp->is_array()) {
    errors.Add("relatedParty", "type", "relatedParty must be an array");
    return;
  }
  int customers = 0;
  for (size_t i = 0; i < rp->get_array().size(); ++i) {
    const json::value& entry = rp->get_array()[i];
    const std::string path = "relatedParty[" + std::to_string(i) + "]";
    if (!entry.is_object()) {
      errors.Add(path, "type", path + " must be an object");
      continue;
    }
    if (!IEquals(StringOr(entry.get_object(), "role"), "Customer")) continue;
    ++customers;
    const std::string_view id = StringOr(entry.get_object(), "id");
    if (id.empty()) {
      errors.Add(path + ".id", "presence", path + ".id must be the customer's id");
    } else {
      in.customer_id = std::string(id);
    }
  }
  if (customers == 0) {
    errors.Add("relatedParty", "presence", "relatedParty needs one entry with role Customer");
  } else if (customers > 1) {
    errors.Add("relatedParty", "cardinality", "relatedParty names more than one Customer");
  }
}

void ParseState(json::object& doc, AccountInput& in, FieldErrors& errors) {
  std::optional<int> from_code;
  std::optional<int> from_name;
  if (const json::value* code = doc.if_contains("stateCode")) {
    if (code->is_int64() && code->get_int64() >= 0 && code->get_int64() <= 7) {
      from_code = static_cast<int>(code->get_int64());
    } else {
      errors.Add("stateCode", "inclusion", "stateCode must be an integer 0..7");
    }
  }
  if (const json::value* name = doc.if_contains("state")) {
    for (size_t i = 0; name->is_string() && i < kStates.size(); ++i) {
      if (IEquals(name->get_string(), kStates[i])) from_name = static_cast<int>(i);
    }
    if (!from_name) {
      errors.Add("state", "inclusion",
                 "state must be one of Active, Suspended, Inactive, NonPaymentWarned, "
                 "NonPaymentSuspended, PromiseToPay, InArrears, InCollection");
    }
  }
  if (from_code && from_name && *from_code != *from_name) {
    errors.Add("stateCode", "consistency", "state and stateCode name different states");
  }
  in.state_code = from_code.value_or(from_name.value_or(0));
  doc["stateCode"] = in.state_code;
  doc["state"] = AccountStateName(in.state_code);
}

void ParseCreditLimit(json::object& doc, const ServiceProvider& provider, AccountInput& in,
                      FieldErrors& errors) {
  const json::value* limit = doc.if_contains("creditLimit");
  if (limit == nullptr) return;
  if (!limit->is_object()) {
    errors.Add("creditLimit", "type", "creditLimit must be a Money object {unit, value}");
    return;
  }
  const json::object& money = limit->get_object();
  const json::value* unit = money.if_contains("unit");
  if (unit != nullptr && (!unit->is_string() || unit->get_string() != provider.currency)) {
    errors.Add("creditLimit.unit", "inclusion",
               "creditLimit.unit must be the SPID currency " + provider.currency);
  }
  const json::value* value = money.if_contains("value");
  if (value == nullptr) {
    errors.Add("creditLimit.value", "presence", "creditLimit.value is required");
    return;
  }
  auto amount = DecimalFromJson(*value, "creditLimit.value");
  if (!amount) {
    errors.Add(amount.error());
    return;
  }
  if (amount->units < 0) {
    errors.Add("creditLimit.value", "range", "creditLimit.value must not be negative");
    return;
  }
  in.credit_limit = *amount;
  doc["creditLimit"] = json::object{{"unit", provider.currency}, {"value", DecimalJson(*amount)}};
}

}  // namespace

std::string_view AccountStateName(int code) {
  return code >= 0 && code < static_cast<int>(kStates.size()) ? kStates[static_cast<size_t>(code)]
                                                              : std::string_view();
}

bool IsReadOnlyAccountMember(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kReadOnly = {"id",
                                                                "href",
                                                                "accountBalance",
                                                                "childAccount",
                                                                "accountRelationship",
                                                                "defaultPaymentMethod",
                                                                "givenName",
                                                                "familyName"};
  for (std::string_view r : kReadOnly) {
    if (r == name) return true;
  }
  return false;
}

Result<AccountInput> ParseAccountBody(const json::object& body, const ServiceProvider& provider) {
  AccountInput in;
  FieldErrors errors;
  json::object doc;
  for (const auto& m : body) {
    if (!IsReadOnlyAccountMember(m.key()) && !m.value().is_null()) doc[m.key()] = m.value();
  }
  if (const json::value* ban = doc.if_contains("externalID")) {
    if (!ban->is_string() || !AllDigits(ban->get_string()) || ban->get_string().size() > 20) {
      errors.Add("externalID", "format", "externalID must be a string of 1 to 20 digits");
    } else {
      in.ban = std::string(ban->get_string());
    }
  }
  ParseRelatedParty(doc, in, errors);
  if (const json::value* name = doc.if_contains("name")) {
    if (!name->is_string() || name->get_string().empty() || name->get_string().size() > 200) {
      errors.Add("name", "format", "name must be a string of 1 to 200 characters");
    } else {
      in.name = std::string(name->get_string());
    }
  }
  if (const json::value* rating = doc.if_contains("ratingType")) {
    if (rating->is_string() &&
        (rating->get_string() == "prepaid" || rating->get_string() == "postpaid")) {
      in.rating_type = std::string(rating->get_string());
    } else {
      errors.Add("ratingType", "inclusion", "ratingType must be prepaid or postpaid");
    }
  }
  doc["ratingType"] = in.rating_type;
  ParseState(doc, in, errors);
  ParseCreditLimit(doc, provider, in, errors);
  if (const json::value* parent = doc.if_contains("parentId")) {
    if (!parent->is_string() || parent->get_string().empty()) {
      errors.Add("parentId", "format", "parentId must be a billing account id");
    } else {
      in.parent_id = std::string(parent->get_string());
    }
  }
  if (const json::value* group = doc.if_contains("groupType")) {
    if (!group->is_int64() ||
        (group->get_int64() != 0 && group->get_int64() != 1 && group->get_int64() != 3)) {
      errors.Add("groupType", "inclusion", "groupType must be 0, 1 or 3");
    }
  } else {
    doc["groupType"] = 0;
  }
  for (std::string_view member : {"contact", "accountType"}) {
    const json::value* v = doc.if_contains(member);
    const bool ok = v == nullptr || (member == "contact" ? v->is_array() : v->is_string());
    if (!ok) {
      errors.Add(
          std::string(member), "type",
          std::string(member) + (member == "contact" ? " must be an array" : " must be a string"));
    }
  }
  if (const json::value* type = doc.if_contains("@type");
      type != nullptr && (!type->is_string() || type->get_string() != "BillingAccount")) {
    errors.Add("@type", "inclusion", "@type must be BillingAccount");
  }
  doc["@type"] = "BillingAccount";
  if (!errors.empty()) return errors.ToError("BillingAccount");
  in.doc = std::move(doc);
  return in;
}

std::string AssignedBan(int64_t spid, int64_t seq) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%08lld", static_cast<long long>(seq));
  return std::to_string(spid) + digits;
}

}  // namespace ispcloud::domain::bss
