#pragma once
// Rows of tmf_resources: TMF resources stored as JSON documents (migrations/sqlite/0006).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::tmf {

struct ResourceRow {
  std::string id;
  std::string resource_type;  // customer | individual | organization
  std::string spid;
  int64_t schema_version = 4;
  int64_t revision = 1;
  std::string created_at;
  std::string updated_at;
  std::string body;  // JSON object text
};

// Inserts a row; an existing id fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertResource(Tx& tx, const ResourceRow& row);

// The resource `id` of `type` in `spid`, or nullopt (also when it exists in another SPID).
asio::awaitable<Result<std::optional<ResourceRow>>> FindResource(Tx& tx, std::string_view spid,
                                                                 std::string_view type,
                                                                 std::string_view id);

// Every resource of `type` in `spid`, newest first (created_at, then id, descending).
asio::awaitable<Result<std::vector<ResourceRow>>> ListResources(Tx& tx, std::string_view spid,
                                                                std::string_view type);

// Replaces body, schema_version, revision and updated_at of the row with the same id, SPID and
// type when its stored revision is `row.revision - 1`; false when no row was updated.
asio::awaitable<Result<bool>> UpdateResource(Tx& tx, const ResourceRow& row);

// Deletes the resource; false when there was none.
asio::awaitable<Result<bool>> DeleteResource(Tx& tx, std::string_view spid, std::string_view type,
                                             std::string_view id);

}  // namespace ispcloud::storage::tmf
