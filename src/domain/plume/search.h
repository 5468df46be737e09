#pragma once
// Customer search of the partner look-ups (PLUME-API.md §9.4, §9.5): the decoded query, its
// rules, and the normalised search the repository runs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::plume {

inline constexpr int64_t kDefaultSearchLimit = 10;
inline constexpr int64_t kMaxSearchLimit = 100;

// The path keyword and the query parameters, decoded. Absent parameters are nullopt.
struct SearchInput {
  std::string keyword;  // percent-decoded path segment
  std::optional<std::string> field;
  std::optional<bool> exact_match;
  std::optional<bool> starts_with;
  std::optional<int64_t> limit;
  std::optional<int64_t> skip;
  std::vector<FieldError> decode_errors;  // type errors of the query parameters
};

enum class SearchField { kAccountId, kLocationId, kName, kEmail };
enum class MatchMode { kExact, kPrefix, kSubstring };

// A search the repository can run: customers of `partner_id` (and, when `group_ids` is not
// empty, with at least one of those groups) whose `field` matches `keyword` by `mode`, ordered
// by createdAt then id, `skip` then at most `limit`.
struct CustomerSearch {
  std::string partner_id;
  std::vector<std::string> group_ids;
  SearchField field = SearchField::kAccountId;
  MatchMode mode = MatchMode::kExact;
  std::string keyword;  // lower-cased for email, prefix and substring matches
  int64_t limit = kDefaultSearchLimit;
  int64_t skip = 0;
};

// §9.4 rules: `field` absent or "" -> 400 MISSING_REQUIRED_ARGUMENT; then 422 ValidationError
// (context "Customer") for: field not accountId|locationId|name|email, keyword "null" or not
// 1-128 characters, limit < 1, skip < 0, wrong types. limit defaults to 10 and is clamped to 100;
// exactMatch and startsWith default to true; locationId is always an exact match. Returns the
// search without partner and groups.
Result<CustomerSearch> ValidateSearch(const SearchInput& in);

}  // namespace ispcloud::domain::plume
