#pragma once
// Rows of the plume_customers and plume_locations tables (migration 0003).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/plume/customer.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::Checkpoint;
using domain::plume::Customer;
using domain::plume::Location;

// Every column of plume_customers but the password hash, in the order CustomerFromRow reads.
inline constexpr std::string_view kCustomerColumns =
    "id, partner_id, account_id, name, email, email_verified, anonymous, auto_provisioned, "
    "accept_language, source, group_ids, created_at, updated_at";
inline constexpr size_t kCustomerColumnCount = 13;
// Every column of plume_locations, in the order LocationFromRow reads them.
inline constexpr std::string_view kLocationColumns =
    "id, customer_id, partner_id, account_id, group_ids, name, service_id, profile, "
    "service_level, service_level_created_at, service_level_updated_at, monitor_mode, "
    "monitor_mode_updated_at, num_pods_authorized, authorizations_updated_at, "
    "onboarding_checkpoint, onboarded_at, created_at, updated_at, archived_at";
inline constexpr size_t kLocationColumnCount = 20;

// The customer / location in the columns starting at column `first` of `r`.
Customer CustomerFromRow(const Row& r, size_t first);
Location LocationFromRow(const Row& r, size_t first);

// Inserts a customer with its password hash (nullopt: none). Unique violations (accountId per
// partner, email) fail with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertCustomer(Tx& tx, const Customer& c,
                                       std::optional<std::string> password_hash);
// The customer with `id` (exact, lower-case), or nullopt.
asio::awaitable<Result<std::optional<Customer>>> FindCustomer(Tx& tx, std::string_view id);
// The customer whose (normalised) email is `email`, or nullopt.
asio::awaitable<Result<std::optional<Customer>>> FindCustomerByEmail(Tx& tx,
                                                                     std::string_view email);
// Writes the mutable fields of `c` (name, email, flags, accountId, acceptLanguage, updatedAt).
asio::awaitable<Status> UpdateCustomer(Tx& tx, const Customer& c);
// Deletes the customer row; returns false when there was none.
asio::awaitable<Result<bool>> DeleteCustomer(Tx& tx, std::string_view id);
// True when another customer than `except_id` of `partner_id` uses `account_id`.
asio::awaitable<Result<bool>> AccountIdTaken(Tx& tx, std::string_view partner_id,
                                             std::string_view account_id,
                                             std::string_view except_id);
// True when another customer than `except_id` uses `email` (already normalised).
asio::awaitable<Result<bool>> EmailTaken(Tx& tx, std::string_view email,
                                         std::string_view except_id);
// The id of the default group of `partner_id`, or nullopt.
asio::awaitable<Result<std::optional<std::string>>> FindDefaultGroup(Tx& tx,
                                                                     std::string_view partner_id);

// Inserts an active location. A serviceId used by another active location of the partner fails
// with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertLocation(Tx& tx, const Location& l);
// The active locations of a customer, ordered by createdAt then id.
asio::awaitable<Result<std::vector<Location>>> ListActiveLocations(Tx& tx,
                                                                   std::string_view customer_id);
// The active location `id` of `customer_id`, or nullopt (unknown, other customer, archived).
asio::awaitable<Result<std::optional<Location>>> FindActiveLocation(Tx& tx,
                                                                    std::string_view customer_id,
                                                                    std::string_view id);
// True when an active location of `partner_id` other than `except_id` has `service_id`.
asio::awaitable<Result<bool>> ServiceIdTaken(Tx& tx, std::string_view partner_id,
                                             std::string_view service_id,
                                             std::string_view except_id);
// The location `id` of `customer_id`, archived or not, or nullopt.
asio::awaitable<Result<std::optional<Location>>> FindLocationOfCustomer(
    Tx& tx, std::string_view customer_id, std::string_view id);
// Writes the mutable fields of location `l`: name, serviceId, profile, service level, monitor
// mode, authorizations, onboarding checkpoint and updatedAt. A serviceId used by another active
// location of the partner fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> UpdateLocation(Tx& tx, const Location& l);
// Archives the active location `id` at `at` (§6.7); returns false when it was not active.
asio::awaitable<Result<bool>> ArchiveLocation(Tx& tx, std::string_view id, std::string_view at);
// Appends an onboarding checkpoint record (§6.9).
asio::awaitable<Status> InsertCheckpoint(Tx& tx, const Checkpoint& c);
// Copies a customer's new accountId to its active locations.
asio::awaitable<Status> UpdateLocationsAccountId(Tx& tx, std::string_view customer_id,
                                                 std::string_view account_id,
                                                 std::string_view updated_at);
// GDPR deletion (§5.5): archives every active location of the customer at `at` and erases the
// personal data of all its locations (accountId -> "[erased]", serviceId -> NULL). Returns the
// number of locations archived.
asio::awaitable<Result<int64_t>> ArchiveAndEraseLocations(Tx& tx, std::string_view customer_id,
                                                          std::string_view at);

}  // namespace ispcloud::storage::plume
