#pragma once
// Decoding of product-order bodies (OPTIVA-API.md §2.7.1, §2.7.2): pure functions.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/bss/errors.h"
#include "domain/bss/money.h"
#include "domain/bss/service_provider.h"

namespace ispcloud::domain::bss {

struct OrderIncludedItem {
  std::string id;  // component productId
  std::string action = "ADD";
};

struct OrderItem {
  std::string action;  // ADD | MODIFY | DELETE | REMOVE | NO_CHANGE (CHANGE = MODIFY)
  std::string item_group_id;
  std::string offering_id;
  std::vector<OrderIncludedItem> included;
};

struct OrderRequest {
  std::string type;         // Activation | ChangeSubscriptionState | ChangeOffer | ChangeSim
  std::string account_key;  // relatedParty Customer id (account id or BAN)
  std::vector<OrderItem> items;
  std::map<std::string, std::string> user_data;  // name -> value (strings; others serialised)
  std::optional<Amount4> amount_paid;
  std::optional<Amount4> monthly_spend_limit;
  std::optional<int> paid_type;
  std::optional<std::string> atu_token_id;  // §2.7.4 automatic top-up
  std::optional<int64_t> atu_amount_minor;
  boost::json::object body;  // as sent, for the stored order
};

// Validates the body: type (also from userData `type` or `orderType`), relatedParty,
// productOrderItem, userData (SPID must equal the provider's, SCHEDULE only IMMEDIATE, AMOUNT_PAID
// and MONTHLY_SPEND_LIMIT exact Decimals, PAIDTYPE 0..2), atuTokenID with atuAmount > 0. Every
// invalid field at once (400).
Result<OrderRequest> ParseOrderRequest(const boost::json::object& body,
                                       const ServiceProvider& provider);

// Decodes the item array `field` of a body ("productOrderItem" of an order, "cartItem" of a
// cart): each item's action, itemGroupId, productOffering.id and includedItems[] (id, action).
// Problems are added to `errors` with their paths ("cartItem[0].action").
void ParseProductItems(const boost::json::object& body, std::string_view field,
                       std::vector<OrderItem>& out, FieldErrors& errors);

// The id of the relatedParty entry with role Customer (account id or BAN), or "".
std::string RelatedCustomer(const boost::json::object& body);

// The userData value of `name`, or nullopt.
std::optional<std::string> UserData(const OrderRequest& request, const std::string& name);

// The number of the item's group: `<g>_MSISDN` (g = itemGroupId); without a group id, the only
// `*_MSISDN` entry or `MSISDN`.
std::optional<std::string> GroupValue(const OrderRequest& request, const OrderItem& item,
                                      std::string_view suffix);

}  // namespace ispcloud::domain::bss
