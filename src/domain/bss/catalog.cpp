#include "domain/bss/catalog.h"

#include <algorithm>

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "domain/bss/errors.h"
#include "domain/bss/subscription_state.h"
#include "storage/audit_repository.h"
#include "storage/bss/catalog_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

struct TypeName {
  std::string_view id;
  std::string_view name;
};
constexpr std::array<TypeName, 7> kComponentTypes = {{
    {"PROD_COMP_TPS", "Service"},
    {"PROD_COMP_BDLE", "Bundle"},
    {"PROD_COMP_PACKAGE", "Package"},
    {"PROD_COMP_ATPS", "Auxiliary Service"},
    {"PROD_COMP_ABDLE", "Auxiliary Bundle"},
    {"PROD_COMP_AUX_DIS", "Auxiliary Discount"},
    {"PROD_COMP_GRP", "Closed User Group"},
}};
constexpr std::array<std::string_view, 4> kOfferingTypes = {"PRICE_PLAN", "ADD_ON", "STATE_CHANGE",
                                                            "SIM_CHANGE"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (std::string_view s : set) {
    if (s == v) return true;
  }
  return false;
}

bool IsComponentType(std::string_view v) {
  for (const TypeName& t : kComponentTypes) {
    if (t.id == v) return true;
  }
  return false;
}

// Checks a string member; adds `fallback` when absent and a fallback is given.
std::optional<std::string> Str(json::object& o, std::string_view key, const std::string& path,
                               FieldErrors& errors, bool required,
                               std::optional<std::string_view> fallback = std::nullopt) {
  json::value* v = o.if_contains(key);
  if (v == nullptr) {
    if (fallback) {
      o[key] = *fallback;
      return std::string(*fallback);
    }
    if (required)
      errors.Add(path + std::string(key), "presence", path + std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->is_string() || v->get_string().empty()) {
    errors.Add(path + std::string(key), "type",
               path + std::string(key) + " must be a non-empty string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

void Int(json::object& o, std::string_view key, const std::string& path, FieldErrors& errors,
         int64_t min, int64_t max) {
  json::value* v = o.if_contains(key);
  if (v == nullptr) return;
  if (!v->is_int64() || v->get_int64() < min || v->get_int64() > max) {
    errors.Add(path + std::string(key), "range",
               path + std::string(key) + " must be an integer " + std::to_string(min) + ".." +
                   std::to_string(max));
  }
}

void Bool(json::object& o, std::string_view key, const std::string& path, FieldErrors& errors,
          bool fallback) {
  json::value* v = o.if_contains(key);
  if (v == nullptr) {
    o[key] = fallback;
  } else if (!v->is_bool()) {
    errors.Add(path + std::string(key), "type", path + std::string(key) + " must be a boolean");
  }
}

// A price plan's usageRates {voicePerMinute, smsPerMessage, dataPerMegabyte}: exact Decimals
// >= 0, normalised in place (usage_rating.h rates usage beyond the buckets with them).
void UsageRates(json::value& v, const std::string& path, FieldErrors& errors) {
  if (!v.is_object()) {
    errors.Add(path, "type", path + " must be an object");
    return;
  }
  for (auto& [key, rate] : v.get_object()) {
    const std::string at = path + "." + std::string(key);
    if (key != "voicePerMinute" && key != "smsPerMessage" && key != "dataPerMegabyte") {
      errors.Add(at, "inclusion", at + " is not a rate (voicePerMinute, smsPerMessage, "
                                       "dataPerMegabyte)");
      continue;
    }
    auto parsed = DecimalFromJson(rate, at);
    if (!parsed) {
      errors.Add(parsed.error());
    } else if (parsed->units < 0) {
      errors.Add(at, "range", at + " must not be negative");
    } else {
      rate = DecimalJson(*parsed);
    }
  }
}

// A price object {priceType, priceAmount, currency?, recurrence?}: normalised in place.
void Price(json::value& v, const std::string& path, const ServiceProvider& provider,
           FieldErrors& errors) {
  if (!v.is_object()) {
    errors.Add(path, "type", path + " must be an object");
    return;
  }
  json::object& p = v.get_object();
  const json::value* type = p.if_contains("priceType");
  if (type == nullptr || !type->is_string() ||
      (type->get_string() != "NR" && type->get_string() != "RC")) {
    errors.Add(path + ".priceType", "inclusion", path + ".priceType must be NR or RC");
  }
  const json::value* amount = p.if_contains("priceAmount");
  if (amount == nullptr) {
    errors.Add(path + ".priceAmount", "presence", path + ".priceAmount is required");
  } else {
    auto parsed = DecimalFromJson(*amount, path + ".priceAmount");
    if (!parsed) {
      errors.Add(parsed.error());
    } else if (parsed->units < 0) {
      errors.Add(path + ".priceAmount", "range", path + ".priceAmount must not be negative");
    } else {
      p["priceAmount"] = DecimalJson(*parsed);
    }
  }
  const json::value* currency = p.if_contains("currency");
  if (currency == nullptr) {
    p["currency"] = provider.currency;
  } else if (!currency->is_string() || currency->get_string() != provider.currency) {
    errors.Add(path + ".currency", "inclusion", path + ".currency must be " + provider.currency);
  }
}

void Component(json::value& v, const std::string& path, const ServiceProvider& provider,
               FieldErrors& errors, std::set<std::string>& ids) {
  if (!v.is_object()) {
    errors.Add(path, "type", path + " must be an object");
    return;
  }
  json::object& c = v.get_object();
  const std::string p = path + ".";
  if (auto id = Str(c, "productId", p, errors, true)) {
    if (!ids.insert(*id).second) {
      errors.Add(p + "productId", "uniqueness", "productId " + *id + " appears twice");
    }
  }
  Str(c, "name", p, errors, true);
  if (auto type = Str(c, "productTypeId", p, errors, true); type && !IsComponentType(*type)) {
    errors.Add(p + "productTypeId", "inclusion", p + "productTypeId is not a known type");
  }
  Bool(c, "mandatory", p, errors, false);
  const bool mandatory = c.at("mandatory").is_bool() && c.at("mandatory").get_bool();
  Bool(c, "optional", p, errors, !mandatory);
  Bool(c, "sellable", p, errors, true);
  if (json::value* price = c.if_contains("price")) Price(*price, p + "price", provider, errors);
  if (json::value* attrs = c.if_contains("attributes")) {
    if (!attrs->is_object()) {
      errors.Add(p + "attributes", "type", p + "attributes must be an object");
    } else {
      json::object& a = attrs->get_object();
      const std::string ap = p + "attributes.";
      Int(a, "bundleId", ap, errors, 0, INT32_MAX);
      Int(a, "unitType", ap, errors, 0, 3);
      Int(a, "quantity", ap, errors, 0, INT64_MAX);
      Int(a, "validityDays", ap, errors, 0, 3650);
      Int(a, "targetState", ap, errors, kPending, kDormant);
      Int(a, "adjustmentTypeID", ap, errors, 0, INT32_MAX);
    }
  }
  if (json::value* deps = c.if_contains("dependencies")) {
    if (!deps->is_array()) {
      errors.Add(p + "dependencies", "type", p + "dependencies must be an array");
    } else {
      for (size_t i = 0; i < deps->get_array().size(); ++i) {
        json::value& d = deps->get_array()[i];
        const std::string dp = p + "dependencies[" + std::to_string(i) + "].";
        if (!d.is_object()) {
          errors.Add(dp, "type", dp + " must be an object");
          continue;
        }
        Str(d.get_object(), "productId", dp, errors, true);
        auto type = Str(d.get_object(), "type", dp, errors, true);
        if (type && *type != "Mandatory" && *type != "Exclusive") {
          errors.Add(dp + "type", "inclusion", dp + "type must be Mandatory or Exclusive");
        }
      }
    }
  }
}

json::object Offering(json::value& v, const std::string& path, const ServiceProvider& provider,
                      FieldErrors& errors, std::set<std::string>& offering_ids) {
  if (!v.is_object()) {
    errors.Add(path, "type", path + " must be an object");
    return {};
  }
  json::object o = v.get_object();
  const std::string p = path + ".";
  auto id = Str(o, "id", p, errors, true);
  if (id && !offering_ids.insert(*id).second) {
    errors.Add(p + "id", "uniqueness", "offering id " + *id + " appears twice");
  }
  if (id) o["productOfferingId"] = *id;
  Str(o, "name", p, errors, true);
  auto type = Str(o, "offeringType", p, errors, true);
  if (type && !OneOf(kOfferingTypes, *type)) {
    errors.Add(p + "offeringType", "inclusion",
               p + "offeringType must be PRICE_PLAN, ADD_ON, STATE_CHANGE or SIM_CHANGE");
  }
  auto billing = Str(o, "billingType", p, errors, false, "Prepaid");
  if (billing && *billing != "Prepaid" && *billing != "Postpaid") {
    errors.Add(p + "billingType", "inclusion", p + "billingType must be Prepaid or Postpaid");
  }
  if (!o.contains("subscriptionType")) o["subscriptionType"] = 10001;
  Int(o, "subscriptionType", p, errors, 0, INT32_MAX);
  auto status = Str(o, "lifecycleStatus", p, errors, false, "Active");
  if (status && *status != "Active" && *status != "Retired") {
    errors.Add(p + "lifecycleStatus", "inclusion", p + "lifecycleStatus must be Active or Retired");
  }
  if (type && *type == "PRICE_PLAN" && !o.contains("primaryPricePlanId")) {
    errors.Add(p + "primaryPricePlanId", "presence",
               p + "primaryPricePlanId is required for a PRICE_PLAN");
  }
  Int(o, "primaryPricePlanId", p, errors, 0, INT32_MAX);
  Int(o, "validityDays", p, errors, 1, 3650);
  if (json::value* price = o.if_contains("price")) {
    if (!price->is_array()) {
      errors.Add(p + "price", "type", p + "price must be an array");
    } else {
      for (size_t i = 0; i < price->get_array().size(); ++i) {
        Price(price->get_array()[i], p + "price[" + std::to_string(i) + "]", provider, errors);
      }
    }
  } else {
    o["price"] = json::array();
  }
  if (json::value* rates = o.if_contains("usageRates")) UsageRates(*rates, p + "usageRates", errors);
  if (json::value* channel = o.if_contains("channel"); channel && !channel->is_array()) {
    errors.Add(p + "channel", "type", p + "channel must be an array of {id}");
  }
  std::set<std::string> component_ids;
  if (json::value* comps = o.if_contains("components")) {
    if (!comps->is_array()) {
      errors.Add(p + "components", "type", p + "components must be an array");
    } else {
      for (size_t i = 0; i < comps->get_array().size(); ++i) {
        Component(comps->get_array()[i], p + "components[" + std::to_string(i) + "]", provider,
                  errors, component_ids);
      }
      // Dependencies name components of the same offering.
      for (size_t i = 0; i < comps->get_array().size(); ++i) {
        const json::value& c = comps->get_array()[i];
        const json::value* deps =
            c.is_object() ? c.get_object().if_contains("dependencies") : nullptr;
        if (deps == nullptr || !deps->is_array()) continue;
        for (const json::value& d : deps->get_array()) {
          const json::value* pid =
              d.is_object() ? d.get_object().if_contains("productId") : nullptr;
          if (pid != nullptr && pid->is_string() &&
              !component_ids.contains(std::string(pid->get_string()))) {
            errors.Add(p + "components[" + std::to_string(i) + "].dependencies", "reference",
                       "dependency " + std::string(pid->get_string()) +
                           " is not a component of offering " + id.value_or(""));
          }
        }
      }
    }
  } else {
    o["components"] = json::array();
  }
  o["@type"] = "ProductOffering";
  return o;
}

Amount4 PriceOf(const json::value* price, std::string_view type) {
  if (price == nullptr || !price->is_object()) return Amount4{0};
  const json::object& p = price->get_object();
  const json::value* t = p.if_contains("priceType");
  const json::value* a = p.if_contains("priceAmount");
  if (t == nullptr || !t->is_string() || t->get_string() != type || a == nullptr) return Amount4{0};
  auto amount = DecimalFromJson(*a, "priceAmount");
  return amount ? *amount : Amount4{0};
}

Result<json::object> ParseStored(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return MakeError(ErrorCode::kInternal, "stored offering is not JSON");
  return std::move(v.get_object());
}

}  // namespace

Result<std::vector<json::object>> ParseCatalogDocument(const json::value& document,
                                                       const ServiceProvider& provider) {
  FieldErrors errors;
  if (!document.is_object()) {
    return BadField("body", "type", "the catalogue document must be a JSON object");
  }
  json::object doc = document.get_object();
  if (const json::value* spid = doc.if_contains("spid");
      spid != nullptr && !(spid->is_int64() && spid->get_int64() == provider.spid)) {
    errors.Add("spid", "inclusion", "spid must be " + provider.SpidText());
  }
  json::value* offerings = doc.if_contains("offerings");
  if (offerings == nullptr || !offerings->is_array()) {
    errors.Add("offerings", "presence", "offerings must be an array");
    return errors.ToError("catalogue");
  }
  std::vector<json::object> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < offerings->get_array().size(); ++i) {
    out.push_back(Offering(offerings->get_array()[i], "offerings[" + std::to_string(i) + "]",
                           provider, errors, ids));
  }
  if (!errors.empty()) return errors.ToError("catalogue");
  return out;
}

Amount4 OfferingPrice(const json::object& offering, std::string_view price_type) {
  const json::value* prices = offering.if_contains("price");
  if (prices == nullptr || !prices->is_array()) return Amount4{0};
  Amount4 total{0};
  for (const json::value& p : prices->get_array()) {
    total.units += PriceOf(&p, price_type).units;
  }
  return total;
}

Amount4 ComponentPrice(const json::object& component, std::string_view price_type) {
  return PriceOf(component.if_contains("price"), price_type);
}

const json::object* FindComponent(const json::object& offering, std::string_view product_id) {
  const json::value* comps = offering.if_contains("components");
  if (comps == nullptr || !comps->is_array()) return nullptr;
  for (const json::value& c : comps->get_array()) {
    if (!c.is_object()) continue;
    const json::value* id = c.get_object().if_contains("productId");
    if (id != nullptr && id->is_string() && id->get_string() == product_id) return &c.get_object();
  }
  return nullptr;
}

asio::awaitable<Result<json::object>> FindOfferingOrFail(storage::Tx& tx, int64_t spid,
                                                         std::string id) {
  auto row = co_await repo::FindOffering(tx, spid, id);
  if (!row) co_return row.error();
  if (!*row) co_return NotFound("product offering " + id);
  co_return ParseStored((*row)->body);
}

json::object ImportSummary(int64_t spid, const std::vector<std::string>& ids) {
  json::array list;
  for (const std::string& id : ids) list.emplace_back(id);
  return json::object{{"spid", spid}, {"imported", ids.size()}, {"offerings", std::move(list)}};
}

CatalogService::CatalogService(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

asio::awaitable<Result<std::vector<std::string>>> CatalogService::Import(
    const Actor& actor, const ServiceProvider& provider, json::value document) {
  auto offerings = ParseCatalogDocument(document, provider);
  if (!offerings) co_return offerings.error();
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::vector<repo::OfferingRow> rows;
  std::vector<std::string> ids;
  for (size_t i = 0; i < offerings->size(); ++i) {
    const json::object& o = (*offerings)[i];
    repo::OfferingRow row;
    row.spid = provider.spid;
    row.id = std::string(o.at("id").as_string());
    row.offering_type = std::string(o.at("offeringType").as_string());
    row.lifecycle_status = std::string(o.at("lifecycleStatus").as_string());
    row.position = static_cast<int64_t>(i);
    row.body = json::serialize(o);
    row.imported_at = now;
    ids.push_back(row.id);
    rows.push_back(std::move(row));
  }
  Actor audited = actor;
  audited.tenant = provider.SpidText();
  json::array id_list;
  for (const std::string& id : ids) id_list.emplace_back(id);
  const storage::AuditEntry entry{now, "catalog.import", "catalog", provider.SpidText(),
                                  json::serialize(json::object{{"offerings", std::move(id_list)}})};
  const int64_t spid = provider.spid;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto in_use = co_await repo::ListLivePlanOfferings(tx, spid);
    if (!in_use) co_return in_use.error();
    for (const std::string& id : *in_use) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        co_return HasDependants("offering " + id +
                                " is the price plan of live subscriptions and cannot be removed "
                                "(set its lifecycleStatus to Retired instead)");
      }
    }
    if (Status s = co_await repo::ReplaceOfferings(tx, spid, rows); !s) co_return s;
    co_return co_await storage::AppendAudit(tx, audited, entry);
  });
  if (!st) co_return st.error();
  co_return ids;
}

asio::awaitable<Result<CatalogPage>> CatalogService::List(const BssContext& ctx,
                                                          tmf::ListQuery query) {
  for (tmf::Filter& f : query.filters) {
    if (f.path.size() == 1 && f.path[0] == "channel") f.path.push_back("id");
  }
  std::vector<repo::OfferingRow> rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto list = co_await repo::ListOfferings(tx, ctx.spid());
    if (!list) co_return list.error();
    rows = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<json::object> matches;
  for (const repo::OfferingRow& row : rows) {
    auto doc = ParseStored(row.body);
    if (!doc) co_return doc.error();
    if (tmf::MatchesAll(*doc, query.filters)) matches.push_back(std::move(*doc));
  }
  tmf::SortDocuments(matches, query.sort);
  CatalogPage page;
  page.total = static_cast<int64_t>(matches.size());
  const size_t begin = std::min(matches.size(), static_cast<size_t>(query.offset));
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(query.limit));
  for (size_t i = begin; i < end; ++i) page.items.push_back(std::move(matches[i]));
  co_return page;
}

asio::awaitable<Result<json::object>> CatalogService::Get(const BssContext& ctx, std::string id) {
  std::optional<json::object> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await FindOfferingOrFail(tx, ctx.spid(), id);
    if (!found) co_return found.error();
    out = std::move(*found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::array>> CatalogService::AddOns(const BssContext& ctx, std::string id) {
  auto offering = co_await Get(ctx, id);
  if (!offering) co_return offering.error();
  const json::value* type = offering->if_contains("offeringType");
  if (type == nullptr || !type->is_string() || type->get_string() != "PRICE_PLAN") {
    co_return NotFound("price plan offering " + id);
  }
  json::array groups;
  for (const TypeName& t : kComponentTypes) {
    json::array products;
    for (const json::value& c : offering->at("components").as_array()) {
      const json::object& comp = c.as_object();
      const bool mandatory = comp.at("mandatory").is_bool() && comp.at("mandatory").get_bool();
      if (!mandatory && comp.at("productTypeId").as_string() == t.id) products.push_back(c);
    }
    if (!products.empty()) {
      groups.push_back(json::object{
          {"productTypeId", t.id}, {"name", t.name}, {"products", std::move(products)}});
    }
  }
  co_return groups;
}

}  // namespace ispcloud::domain::bss
