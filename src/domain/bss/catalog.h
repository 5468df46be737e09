#pragma once
// The product catalogue of a SPID (OPTIVA-API.md §2.5, rows 21-23 and the row-94 document
// loaded with `ispcloud catalog import`). Format of the document: docs/bss.md, "Catalogue
// document". Offerings are stored as normalised JSON documents (prices as exact Decimals,
// defaults filled in); an import replaces the SPID's whole catalogue in one transaction.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/actor.h"
#include "domain/bss/context.h"
#include "domain/bss/money.h"
#include "domain/tmf/query.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// Validates and normalises a catalogue document for `provider`: every invalid member is
// reported at once with its path ("offerings[0].components[2].productTypeId"). Returns the
// offering documents in document order.
Result<std::vector<boost::json::object>> ParseCatalogDocument(const boost::json::value& document,
                                                              const ServiceProvider& provider);

// The price of `priceType` ("NR" or "RC") among an offering's `price` array (0 when absent).
Amount4 OfferingPrice(const boost::json::object& offering, std::string_view price_type);

// The price of a component when its priceType is `price_type` (0 otherwise).
Amount4 ComponentPrice(const boost::json::object& component, std::string_view price_type);

// The component `product_id` of an offering, or nullptr.
const boost::json::object* FindComponent(const boost::json::object& offering,
                                         std::string_view product_id);

// The answer to an import: {"spid", "imported": n, "offerings": [ids]}.
boost::json::object ImportSummary(int64_t spid, const std::vector<std::string>& ids);

struct CatalogPage {
  std::vector<boost::json::object> items;  // with components
  int64_t total = 0;
};

// The offering `id` of the SPID inside `tx`, or 404 ERCRT1003.
asio::awaitable<Result<boost::json::object>> FindOfferingOrFail(storage::Tx& tx, int64_t spid,
                                                                std::string id);

class CatalogService {
 public:
  CatalogService(storage::Database& db, const Clock& clock);

  // Replaces the catalogue of `provider` with `document` (CLI `catalog import` and row 94);
  // returns the imported offering ids. Invalid document -> kValidation listing every member;
  // leaving out the price plan of a line that is not INACTIVE -> 409 ERCRT1008 (retire it
  // instead). Audited as catalog.import.
  asio::awaitable<Result<std::vector<std::string>>> Import(const Actor& actor,
                                                           const ServiceProvider& provider,
                                                           boost::json::value document);

  // Row 21: TMF630 filters over the offerings (offeringType, category.id, billingType,
  // channel (= channel.id), subscriptionType, primaryPricePlanId, name, lifecycleStatus, ...),
  // in document order. Items carry their components; the API layer drops them unless asked.
  asio::awaitable<Result<CatalogPage>> List(const BssContext& ctx, tmf::ListQuery query);

  // Row 22.
  asio::awaitable<Result<boost::json::object>> Get(const BssContext& ctx, std::string id);

  // Row 23: the optional components of a PRICE_PLAN offering grouped by productTypeId:
  // [{"productTypeId", "name", "products": [component...]}]. 404 for an unknown offering or one
  // that is not a PRICE_PLAN.
  asio::awaitable<Result<boost::json::array>> AddOns(const BssContext& ctx, std::string id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace ispcloud::domain::bss
