#pragma once
// Rows of plume_support_jobs and plume_email_verifications (migration 0009).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/plume/support.h"
#include "storage/db.h"

namespace ispcloud::storage::plume {

using domain::plume::SupportJob;

asio::awaitable<Status> InsertSupportJob(Tx& tx, const SupportJob& job);

// The jobs of `location_id`, newest first (createdAt, then id, descending). With
// `types` non-empty, only jobs of those types; at most `limit` rows (0: all).
asio::awaitable<Result<std::vector<SupportJob>>> ListSupportJobs(
    Tx& tx, std::string_view location_id, const std::vector<std::string>& types, int64_t limit);

// Deletes every job of `customer_id` (GDPR deletion, §5.5); returns how many.
asio::awaitable<Result<int64_t>> DeleteSupportJobsOfCustomer(Tx& tx, std::string_view customer_id);

// A pending email verification (§5.6): only the token's SHA-256 is stored.
struct EmailVerification {
  std::string customer_id;
  std::string token_hash;
  std::string email;  // the address the token was issued for
  std::string created_at;
};

// Stores `v`, replacing the customer's previous verification.
asio::awaitable<Status> UpsertEmailVerification(Tx& tx, const EmailVerification& v);

// The pending verification of `customer_id`, or nullopt.
asio::awaitable<Result<std::optional<EmailVerification>>> FindEmailVerification(
    Tx& tx, std::string_view customer_id);

// Deletes the pending verification of `customer_id` (consumed, or the customer is deleted).
asio::awaitable<Status> DeleteEmailVerification(Tx& tx, std::string_view customer_id);

}  // namespace ispcloud::storage::plume
