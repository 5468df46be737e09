#pragma once
// Partner look-ups and customer search over plume_customers and plume_locations
// (PLUME-API.md §9.3-§9.5).

#include <optional>
#include <string_view>
#include <vector>

#include "domain/plume/customer.h"
#include "domain/plume/search.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

// The active location `id` of any partner, or nullopt.
asio::awaitable<Result<std::optional<domain::plume::Location>>> FindActiveLocationById(
    Tx& tx, std::string_view id);

// The active locations with `service_id`, of every partner, ordered by createdAt then id.
asio::awaitable<Result<std::vector<domain::plume::Location>>> FindActiveLocationsByServiceId(
    Tx& tx, std::string_view service_id);

// The customers matching `search` (see CustomerSearch), in its order and page. Prefix and
// substring matches compare ASCII letters case-insensitively; `%`, `_` and `\` in the keyword
// match themselves.
asio::awaitable<Result<std::vector<domain::plume::Customer>>> SearchCustomers(
    Tx& tx, const domain::plume::CustomerSearch& search);

}  // namespace ispcloud::storage::plume
