#pragma once
// Shopping carts (OPTIVA-API.md §2.6, rows 25-29): a cart prices a prospective order for a
// billing account and never changes a subscription. Items are validated against the SPID's
// catalogue with the composition rules of orders (composition.h); the stored document is the
// cart as answered, with enriched items and totals, valid for 24 hours (then it reads as absent).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

inline constexpr std::chrono::hours kCartValidity{24};

class CartService {
 public:
  CartService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Row 25. Errors: 400 ERCRT1001 listing every invalid field (relatedParty with role Customer,
  // cartItem[] with action and productOffering.id, unknown or inactive offerings, included
  // items that are not components); 400 ERCRT1002 for a missing Mandatory dependency or an
  // Exclusive pair; 404 ERCRT1003 for an unknown account. Audited as cart.create.
  asio::awaitable<Result<boost::json::object>> Create(const BssContext& ctx,
                                                      boost::json::object body);

  // Row 26: the live carts of account `customer_key` (id or BAN), newest first; an unknown
  // account has none.
  asio::awaitable<Result<boost::json::array>> List(const BssContext& ctx, std::string customer_key);

  // Row 27: 404 ERCRT1003 when unknown or expired.
  asio::awaitable<Result<boost::json::object>> Get(const BssContext& ctx, std::string id);

  // Row 28: merge — cartItem, relatedParty, channel, contactMedium replace; userData entries
  // are upserted by name and a null value deletes one; then the cart is validated and priced
  // again like a new one (validFor unchanged). Audited as cart.update.
  asio::awaitable<Result<boost::json::object>> Patch(const BssContext& ctx, std::string id,
                                                     boost::json::object patch);

  // Row 29: 404 ERCRT1003 when unknown or expired. Audited as cart.delete.
  asio::awaitable<Status> Delete(const BssContext& ctx, std::string id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

// The top-level members a cart stores from a request (everything else is dropped).
boost::json::object CartRequestMembers(const boost::json::object& body);

// `patch` merged into the request members of `stored` (rules of CartService::Patch).
boost::json::object MergeCartPatch(const boost::json::object& stored,
                                   const boost::json::object& patch);

}  // namespace ispcloud::domain::bss
