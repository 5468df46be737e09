#pragma once
// Rows of the partners and partner_groups tables.

#include <optional>
#include <string_view>
#include <vector>

#include "domain/plume/partner.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::Partner;
using domain::plume::PartnerGroup;

// Inserts a partner; an existing id fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertPartner(Tx& tx, const Partner& p);
// The partner with `id`, or nullopt.
asio::awaitable<Result<std::optional<Partner>>> FindPartner(Tx& tx, std::string_view id);
// Sets `locked`; returns false when no such partner.
asio::awaitable<Result<bool>> UpdatePartnerLocked(Tx& tx, std::string_view id, bool locked,
                                                  std::string_view updated_at);
// Sets the numPodsAuthorized default of new locations; returns false when no such partner.
asio::awaitable<Result<bool>> UpdatePartnerPodsDefault(Tx& tx, std::string_view id, int64_t pods,
                                                       std::string_view updated_at);
// The numPodsAuthorized default of partner `id`'s new locations (kNotFound without partner).
asio::awaitable<Result<int64_t>> PartnerPodsDefault(Tx& tx, std::string_view id);
// Every partner, ordered by id.
asio::awaitable<Result<std::vector<Partner>>> ListPartners(Tx& tx);

// Inserts a group; an existing id fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertGroup(Tx& tx, const PartnerGroup& g);
// The group with `id` (exact), or nullopt.
asio::awaitable<Result<std::optional<PartnerGroup>>> FindGroup(Tx& tx, std::string_view id);

}  // namespace ispcloud::storage::plume
