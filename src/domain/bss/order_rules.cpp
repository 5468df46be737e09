#include "domain/bss/order_rules.h"

#include <boost/json/serialize.hpp>

#include "core/strings.h"
#include "domain/bss/errors.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

std::string TypeFromAlias(std::string_view value) {
  if (IEquals(value, "activation")) return "Activation";
  if (IEquals(value, "changeProduct") || IEquals(value, "changeOffer")) return "ChangeOffer";
  if (IEquals(value, "changeSim")) return "ChangeSim";
  if (IEquals(value, "changeSubscriptionState")) return "ChangeSubscriptionState";
  return std::string(value);
}

bool KnownType(std::string_view t) {
  return t == "Activation" || t == "ChangeOffer" || t == "ChangeSubscriptionState" ||
         t == "ChangeSim";
}

std::string NormalAction(std::string_view a) {
  if (a == "CHANGE") return "MODIFY";
  return std::string(a);
}

bool KnownAction(std::string_view a) {
  return a == "ADD" || a == "MODIFY" || a == "DELETE" || a == "REMOVE" || a == "NO_CHANGE";
}

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return json::serialize(v);
}

}  // namespace

void ParseProductItems(const json::object& body, std::string_view field,
                       std::vector<OrderItem>& out, FieldErrors& errors) {
  const json::value* items = body.if_contains(field);
  if (items == nullptr || !items->is_array() || items->get_array().empty()) {
    errors.Add(std::string(field), "presence", std::string(field) + " must be a non-empty array");
    return;
  }
  for (size_t i = 0; i < items->get_array().size(); ++i) {
    const std::string p = std::string(field) + "[" + std::to_string(i) + "]";
    const json::value& v = items->get_array()[i];
    if (!v.is_object()) {
      errors.Add(p, "type", p + " must be an object");
      continue;
    }
    const json::object& o = v.get_object();
    OrderItem item;
    const json::value* action = o.if_contains("action");
    item.action =
        action != nullptr && action->is_string() ? NormalAction(action->get_string()) : "";
    if (!KnownAction(item.action)) {
      errors.Add(p + ".action", "inclusion",
                 p + ".action must be ADD, MODIFY, CHANGE, DELETE, REMOVE or NO_CHANGE");
    }
    if (const json::value* g = o.if_contains("itemGroupId"); g != nullptr && !g->is_null()) {
      item.item_group_id = Text(*g);
    }
    const json::value* offering = o.if_contains("productOffering");
    const json::value* offering_id = offering != nullptr && offering->is_object()
                                         ? offering->get_object().if_contains("id")
                                         : nullptr;
    if (offering_id == nullptr || !offering_id->is_string() || offering_id->get_string().empty()) {
      errors.Add(p + ".productOffering.id", "presence", p + ".productOffering.id is required");
      continue;
    }
    item.offering_id = std::string(offering_id->get_string());
    const json::value* included = offering->get_object().if_contains("includedItems");
    if (included != nullptr && !included->is_array()) {
      errors.Add(p + ".productOffering.includedItems", "type",
                 p + ".productOffering.includedItems must be an array");
    } else if (included != nullptr) {
      for (size_t j = 0; j < included->get_array().size(); ++j) {
        const std::string ip = p + ".productOffering.includedItems[" + std::to_string(j) + "]";
        const json::value& e = included->get_array()[j];
        const json::value* id = e.is_object() ? e.get_object().if_contains("id") : nullptr;
        if (id == nullptr || !(id->is_string() || id->is_int64())) {
          errors.Add(ip + ".id", "presence", ip + ".id is required");
          continue;
        }
        OrderIncludedItem inc{Text(*id), "ADD"};
        if (const json::value* a = e.get_object().if_contains("action"); a && a->is_string()) {
          inc.action = NormalAction(a->get_string());
          if (!KnownAction(inc.action)) {
            errors.Add(ip + ".action", "inclusion", ip + ".action is not a known action");
          }
        }
        item.included.push_back(std::move(inc));
      }
    }
    out.push_back(std::move(item));
  }
}

std::string RelatedCustomer(const json::object& body) {
  std::string key;
  const json::value* rp = body.if_contains("relatedParty");
  if (rp == nullptr || !rp->is_array()) return key;
  for (const json::value& e : rp->get_array()) {
    if (!e.is_object()) continue;
    const json::value* role = e.get_object().if_contains("role");
    const json::value* id = e.get_object().if_contains("id");
    if (role != nullptr && role->is_string() && IEquals(role->get_string(), "Customer") &&
        id != nullptr && (id->is_string() || id->is_int64())) {
      key = Text(*id);
    }
  }
  return key;
}

namespace {

void ParseUserData(const json::object& body, const ServiceProvider& provider, OrderRequest& out,
                   FieldErrors& errors) {
  const json::value* ud = body.if_contains("userData");
  if (ud == nullptr) return;
  if (!ud->is_array()) {
    errors.Add("userData", "type", "userData must be an array of {name, value}");
    return;
  }
  for (size_t i = 0; i < ud->get_array().size(); ++i) {
    const json::value& e = ud->get_array()[i];
    const json::value* name = e.is_object() ? e.get_object().if_contains("name") : nullptr;
    if (name == nullptr || !name->is_string()) {
      errors.Add("userData[" + std::to_string(i) + "].name", "presence",
                 "userData entries need a name");
      continue;
    }
    const json::value* value = e.get_object().if_contains("value");
    out.user_data[std::string(name->get_string())] =
        value == nullptr || value->is_null() ? std::string() : Text(*value);
  }
  if (auto it = out.user_data.find("SPID");
      it != out.user_data.end() && it->second != provider.SpidText()) {
    errors.Add("userData.SPID", "inclusion", "userData SPID must equal the request SPID");
  }
  if (auto it = out.user_data.find("SCHEDULE");
      it != out.user_data.end() && !it->second.empty() && it->second != "IMMEDIATE") {
    errors.Add("userData.SCHEDULE", "inclusion", "only SCHEDULE IMMEDIATE is supported");
  }
  auto decimal = [&](const std::string& key, std::optional<Amount4>& target) {
    auto it = out.user_data.find(key);
    if (it == out.user_data.end() || it->second.empty()) return;
    auto parsed = ParseDecimalText(it->second, "userData." + key);
    if (!parsed) {
      errors.Add(parsed.error());
    } else if (parsed->units < 0) {
      errors.Add("userData." + key, "range", "userData " + key + " must not be negative");
    } else {
      target = *parsed;
    }
  };
  decimal("AMOUNT_PAID", out.amount_paid);
  decimal("MONTHLY_SPEND_LIMIT", out.monthly_spend_limit);
  if (auto it = out.user_data.find("PAIDTYPE"); it != out.user_data.end() && !it->second.empty()) {
    if (it->second == "0" || it->second == "1" || it->second == "2") {
      out.paid_type = it->second[0] - '0';
    } else {
      errors.Add("userData.PAIDTYPE", "inclusion", "userData PAIDTYPE must be 0, 1 or 2");
    }
  }
}

// §2.7.4: atuTokenID (alias atuBssTokenID; "" = absent) and atuAmount (AmountMinor > 0) go
// together, on Activation orders only.
void ParseAtu(const json::object& body, OrderRequest& out, FieldErrors& errors) {
  for (std::string_view key : {"atuTokenID", "atuBssTokenID"}) {
    const json::value* v = body.if_contains(key);
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_string() && !v->is_int64()) {
      errors.Add(std::string(key), "type", std::string(key) + " must be a token id");
    } else if (std::string id = Text(*v); !id.empty()) {
      out.atu_token_id = std::move(id);
      break;
    }
  }
  const json::value* amount = body.if_contains("atuAmount");
  if (amount != nullptr && !amount->is_null()) {
    if (!amount->is_int64() || amount->get_int64() <= 0) {
      errors.Add("atuAmount", "range", "atuAmount must be a positive integer of minor units");
    } else {
      out.atu_amount_minor = amount->get_int64();
    }
  }
  if (out.atu_token_id.has_value() != (amount != nullptr && !amount->is_null())) {
    errors.Add(out.atu_token_id ? "atuAmount" : "atuTokenID", "presence",
               "atuTokenID and atuAmount are sent together");
  }
}

}  // namespace

Result<OrderRequest> ParseOrderRequest(const json::object& body, const ServiceProvider& provider) {
  OrderRequest out;
  out.body = body;
  FieldErrors errors;
  ParseUserData(body, provider, out, errors);
  if (const json::value* t = body.if_contains("type"); t != nullptr && t->is_string()) {
    out.type = TypeFromAlias(t->get_string());
  } else if (auto it = out.user_data.find("type"); it != out.user_data.end()) {
    out.type = TypeFromAlias(it->second);
  } else if (auto ot = out.user_data.find("orderType"); ot != out.user_data.end()) {
    out.type = TypeFromAlias(ot->second);
  }
  if (out.type.empty()) {
    errors.Add("type", "presence", "type is required (Activation, ChangeOffer, ...)");
  } else if (!KnownType(out.type)) {
    errors.Add("type", "inclusion",
               "type must be Activation, ChangeOffer, ChangeSubscriptionState or ChangeSim");
  }
  out.account_key = RelatedCustomer(body);
  if (out.account_key.empty()) {
    errors.Add("relatedParty", "presence",
               "relatedParty must name the account (role Customer, id = BAN or account id)");
  }
  ParseProductItems(body, "productOrderItem", out.items, errors);
  ParseAtu(body, out, errors);
  if (!errors.empty()) return errors.ToError("ProductOrder");
  return out;
}

std::optional<std::string> UserData(const OrderRequest& request, const std::string& name) {
  auto it = request.user_data.find(name);
  if (it == request.user_data.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<std::string> GroupValue(const OrderRequest& request, const OrderItem& item,
                                      std::string_view suffix) {
  if (!item.item_group_id.empty()) {
    return UserData(request, item.item_group_id + "_" + std::string(suffix));
  }
  std::optional<std::string> found;
  const std::string tail = "_" + std::string(suffix);
  const std::string old_value = "OLD_" + std::string(suffix);  // ICCID vs OLD_ICCID
  for (const auto& [name, value] : request.user_data) {
    if (value.empty() || name == old_value) continue;
    if (name == suffix || (name.size() > tail.size() && name.ends_with(tail) &&
                           name.find('_') == name.size() - tail.size())) {
      if (found) return std::nullopt;  // ambiguous without a group id
      found = value;
    }
  }
  return found;
}

}  // namespace ispcloud::domain::bss
