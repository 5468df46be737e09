#include "domain/plume/customer_gate.h"

#include <optional>

#include "auth/plume_policy.h"
#include "core/object_id.h"
#include "core/strings.h"
#include "domain/plume/errors.h"
#include "storage/plume/customer_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

asio::awaitable<Result<Customer>> LoadInScope(storage::Tx& tx, const auth::Principal& caller,
                                              const std::string& id, bool for_delete) {
  std::optional<Customer> found;
  if (IsObjectId(id)) {
    const std::string lowered = AsciiLower(id);
    auto row = co_await repo::FindCustomer(tx, lowered);
    if (!row) co_return row.error();
    found = std::move(*row);
  }
  if (!found) {
    if (for_delete) {
      co_return MakeError(ErrorCode::kNotFound, "Unknown \"Customer\" id", "MODEL_NOT_FOUND");
    }
    co_return AuthorizationRequired();
  }
  const auth::CustomerTenancy tenancy{found->partner_id, found->group_ids, found->id};
  if (Status scope = auth::CheckPlumeCustomerScope(caller, tenancy); !scope) {
    co_return scope.error();
  }
  co_return std::move(*found);
}

asio::awaitable<Result<Location>> LoadActiveLocation(storage::Tx& tx, const Customer& customer,
                                                     const std::string& id) {
  std::optional<Location> out;
  if (IsObjectId(id)) {
    const std::string lowered = AsciiLower(id);
    auto found = co_await repo::FindActiveLocation(tx, customer.id, lowered);
    if (!found) co_return found.error();
    out = std::move(*found);
  }
  if (!out) {
    co_return MakeError(ErrorCode::kNotFound, "Unknown \"Location\" id", "MODEL_NOT_FOUND");
  }
  co_return std::move(*out);
}

asio::awaitable<Result<CustomerLocation>> LoadLocationInScope(storage::Tx& tx,
                                                              const auth::Principal& caller,
                                                              const std::string& customer_id,
                                                              const std::string& location_id) {
  auto customer = co_await LoadInScope(tx, caller, customer_id, false);
  if (!customer) co_return customer.error();
  auto location = co_await LoadActiveLocation(tx, *customer, location_id);
  if (!location) co_return location.error();
  co_return CustomerLocation{std::move(*customer), std::move(*location)};
}

}  // namespace ispcloud::domain::plume
