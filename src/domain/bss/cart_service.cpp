#include "domain/bss/cart_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/billing_account_service.h"
#include "domain/bss/catalog.h"
#include "domain/bss/composition.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/order_rules.h"
#include "storage/audit_repository.h"
#include "storage/bss/cart_repository.h"
#include "storage/bss/sequence_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kCartSequence = "shoppingCart";
constexpr int64_t kFirstCartId = 8000001;
constexpr std::string_view kCartFailure = "Failed to create shopping cart.";
constexpr std::string_view kMembers[] = {"relatedParty", "cartItem", "userData", "channel",
                                         "contactMedium"};

// The priced document of a cart: request members, enriched items, totals. `cart_id` names the
// notes' ids.
asio::awaitable<Result<json::object>> PriceCart(storage::Tx& tx, const BssContext& ctx,
                                                const json::object& request,
                                                const std::string& cart_id,
                                                std::string& account_id) {
  FieldErrors errors;
  const std::string customer = RelatedCustomer(request);
  if (customer.empty()) {
    errors.Add("relatedParty", "presence",
               "relatedParty must name the account (role Customer, id = BAN or account id)");
  }
  std::vector<OrderItem> items;
  ParseProductItems(request, "cartItem", items, errors);
  if (!errors.empty()) co_return errors.ToError("ShoppingCart");
  auto account = co_await FindAccountOrFail(tx, ctx.spid(), customer);
  if (!account) co_return account.error();
  account_id = account->id;

  const json::array& sent = request.at("cartItem").as_array();
  json::array priced;
  Amount4 nr;
  Amount4 rc;
  for (size_t i = 0; i < items.size(); ++i) {
    const OrderItem& item = items[i];
    const std::string path = "cartItem[" + std::to_string(i) + "]";
    auto found = co_await FindOfferingOrFail(tx, ctx.spid(), item.offering_id);
    if (!found && found.error().code != ErrorCode::kNotFound) co_return found.error();
    if (!found) {
      errors.Add(path + ".productOffering.id", "reference",
                 "product offering " + item.offering_id + " does not exist in this SPID");
      continue;
    }
    if (StringMember(*found, "lifecycleStatus") != "Active") {
      errors.Add(path + ".productOffering.id", "inclusion",
                 "product offering " + item.offering_id + " is not Active");
      continue;
    }
    auto selected = SelectComponents(*found, item, path, kCartFailure);
    if (!selected) {
      if (selected.error().api_code == "ERCRT1002") co_return selected.error();
      errors.Add(selected.error());
      continue;
    }
    if (item.action == "ADD" || item.action == "MODIFY") {
      const ItemPrices prices = PriceOf(*found, *selected);
      nr.units += prices.nr.units;
      rc.units += prices.rc.units;
    }
    json::object enriched = EnrichItem(sent[i].as_object(), *found);
    if (json::value* notes = enriched.if_contains("note"); notes && notes->is_array()) {
      for (size_t j = 0; j < notes->get_array().size(); ++j) {
        json::value& n = notes->get_array()[j];
        if (n.is_object() && !n.get_object().contains("id")) {
          n.get_object()["id"] =
              cart_id + "-" + std::to_string(i + 1) + "-" + std::to_string(j + 1);
        }
      }
    }
    priced.push_back(std::move(enriched));
  }
  if (!errors.empty()) co_return errors.ToError("ShoppingCart");
  json::object doc = request;
  doc["id"] = cart_id;
  doc["cartItem"] = std::move(priced);
  doc["cartTotalPrice"] = json::array{json::object{{"priceType", "NR"}, {"price", DecimalJson(nr)}},
                                      json::object{{"priceType", "RC"}, {"price", DecimalJson(rc)}},
                                      json::object{{"priceType", "TAX"}, {"price", 0}},
                                      json::object{{"priceType", "DISCOUNT"}, {"price", 0}}};
  doc["status"] = "Active";
  doc["@type"] = "ShoppingCart";
  co_return doc;
}

Result<json::object> ParseStored(const repo::CartRow& row) {
  boost::system::error_code ec;
  json::value v = json::parse(row.body, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInternal, "shopping cart " + row.id + " is not a JSON object");
  }
  return std::move(v.get_object());
}

asio::awaitable<Status> Audit(storage::Tx& tx, const BssContext& ctx, std::string action,
                              const std::string& id, const std::string& now) {
  const storage::AuditEntry entry{now, std::move(action), "shoppingCart", id, ""};
  co_return co_await storage::AppendAudit(tx, ctx.actor, entry);
}

}  // namespace

json::object CartRequestMembers(const json::object& body) {
  json::object out;
  for (std::string_view key : kMembers) {
    if (const json::value* v = body.if_contains(key); v != nullptr && !v->is_null()) out[key] = *v;
  }
  return out;
}

json::object MergeCartPatch(const json::object& stored, const json::object& patch) {
  json::object out = CartRequestMembers(stored);
  for (std::string_view key : kMembers) {
    const json::value* v = patch.if_contains(key);
    if (v == nullptr) continue;
    if (key != "userData" || !v->is_array()) {
      if (v->is_null()) {
        out.erase(key);
      } else {
        out[key] = *v;
      }
      continue;
    }
    // userData: upsert by name; a null value deletes the entry.
    json::array merged;
    if (const json::value* old = out.if_contains("userData"); old && old->is_array()) {
      merged = old->get_array();
    }
    for (const json::value& e : v->get_array()) {
      const json::value* name = e.is_object() ? e.get_object().if_contains("name") : nullptr;
      if (name == nullptr || !name->is_string()) {
        merged.push_back(e);  // invalid entries are kept for the validation to report
        continue;
      }
      const json::value* value = e.get_object().if_contains("value");
      auto same = [&](const json::value& x) {
        const json::value* n = x.is_object() ? x.get_object().if_contains("name") : nullptr;
        return n != nullptr && *n == *name;
      };
      for (auto it = merged.begin(); it != merged.end();) {
        it = same(*it) ? merged.erase(it) : it + 1;
      }
      if (value != nullptr && !value->is_null()) merged.push_back(e);
    }
    out["userData"] = std::move(merged);
  }
  return out;
}

asio::awaitable<Result<json::object>> CartService::Create(const BssContext& ctx,
                                                          json::object body) {
  const json::object request = CartRequestMembers(body);
  const TimePoint now_tp = clock_.Now();
  const std::string now = FormatIso8601Millis(now_tp);
  std::optional<json::object> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto seq = co_await repo::NextSequenceValue(tx, kCartSequence, kFirstCartId);
    if (!seq) co_return seq.error();
    const std::string id = std::to_string(*seq);
    std::string account_id;
    auto doc = co_await PriceCart(tx, ctx, request, id, account_id);
    if (!doc) co_return doc.error();
    const std::string until = FormatIso8601Millis(now_tp + kCartValidity);
    (*doc)["validFor"] = json::object{{"startDateTime", now}, {"endDateTime", until}};
    const repo::CartRow row{id, ctx.spid(), account_id, json::serialize(*doc), until, now, now};
    if (Status s = co_await repo::InsertCart(tx, row); !s) co_return s;
    if (Status s = co_await Audit(tx, ctx, "cart.create", id, now); !s) co_return s;
    out = std::move(*doc);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::array>> CartService::List(const BssContext& ctx,
                                                       std::string customer_key) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  json::array out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto account = co_await FindAccountOrFail(tx, ctx.spid(), customer_key);
    if (!account) {
      if (account.error().code == ErrorCode::kNotFound) co_return Ok();  // a filter: no carts
      co_return account.error();
    }
    auto rows = co_await repo::ListLiveCarts(tx, ctx.spid(), account->id, now);
    if (!rows) co_return rows.error();
    for (const repo::CartRow& row : *rows) {
      auto doc = ParseStored(row);
      if (!doc) co_return doc.error();
      out.push_back(std::move(*doc));
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<json::object>> CartService::Get(const BssContext& ctx, std::string id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<json::object> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await repo::FindLiveCart(tx, ctx.spid(), id, now);
    if (!row) co_return row.error();
    if (!row->has_value()) co_return NotFound("shopping cart " + id);
    auto doc = ParseStored(**row);
    if (!doc) co_return doc.error();
    out = std::move(*doc);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> CartService::Patch(const BssContext& ctx, std::string id,
                                                         json::object patch) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<json::object> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await repo::FindLiveCart(tx, ctx.spid(), id, now);
    if (!row) co_return row.error();
    if (!row->has_value()) co_return NotFound("shopping cart " + id);
    auto stored = ParseStored(**row);
    if (!stored) co_return stored.error();
    const json::object request = MergeCartPatch(*stored, patch);
    std::string account_id;
    auto doc = co_await PriceCart(tx, ctx, request, id, account_id);
    if (!doc) co_return doc.error();
    if (const json::value* valid = stored->if_contains("validFor")) (*doc)["validFor"] = *valid;
    repo::CartRow updated = **row;
    updated.body = json::serialize(*doc);
    updated.updated_at = now;
    auto done = co_await repo::UpdateCart(tx, updated);
    if (!done) co_return done.error();
    if (Status s = co_await Audit(tx, ctx, "cart.update", id, now); !s) co_return s;
    out = std::move(*doc);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Status> CartService::Delete(const BssContext& ctx, std::string id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await repo::FindLiveCart(tx, ctx.spid(), id, now);
    if (!row) co_return row.error();
    if (!row->has_value()) co_return NotFound("shopping cart " + id);
    auto done = co_await repo::DeleteCart(tx, ctx.spid(), id);
    if (!done) co_return done.error();
    co_return co_await Audit(tx, ctx, "cart.delete", id, now);
  });
}

}  // namespace ispcloud::domain::bss
