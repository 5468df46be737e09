#pragma once
// Steps 4-6 of the Plume access gate (PLUME-API.md §2.3) inside a transaction, shared by every
// service of a path under /api/Customers/{customerId}.

#include <string>

#include "auth/principal.h"
#include "core/asio.h"
#include "domain/plume/customer.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

// Gate steps 4 and 5 inside `tx`: the customer `id` (lower-cased; a malformed id is unknown),
// then CheckPlumeCustomerScope. Unknown: 401 AUTHORIZATION_REQUIRED, or 404 MODEL_NOT_FOUND
// when `for_delete` (§2.3 step 4).
asio::awaitable<Result<Customer>> LoadInScope(storage::Tx& tx, const auth::Principal& caller,
                                              const std::string& id, bool for_delete);

// Gate step 6 inside `tx`, after LoadInScope: the active location `id` (lower-cased) of
// `customer`. Malformed, unknown, another customer's or archived: 404 MODEL_NOT_FOUND.
asio::awaitable<Result<Location>> LoadActiveLocation(storage::Tx& tx, const Customer& customer,
                                                     const std::string& id);

// A customer in the caller's scope and one of its active locations.
struct CustomerLocation {
  Customer customer;
  Location location;
};

// Gate steps 4-6 inside `tx`: LoadInScope (not for delete), then LoadActiveLocation.
asio::awaitable<Result<CustomerLocation>> LoadLocationInScope(storage::Tx& tx,
                                                              const auth::Principal& caller,
                                                              const std::string& customer_id,
                                                              const std::string& location_id);

}  // namespace ispcloud::domain::plume
