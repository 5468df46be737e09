#pragma once
// Copying every table of an embedded SQLite installation into another database (normally
// PostgreSQL): `ispcloud migrate-data`. The copy is verified by reading both sides back.
//
// Preconditions, checked: the source is a SQLite database at this binary's schema version (run
// `ispcloud migrate --db <source>` first); the target is at the same version (the caller
// migrates it) and holds no data in any table but schema_migrations. Not checked: nothing writes
// the source meanwhile (stop the servers first); the verification would then report a mismatch.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

namespace ispcloud::storage {

struct TableCopy {
  std::string table;
  int64_t rows = 0;       // rows copied, equal on both sides after verification
  uint64_t checksum = 0;  // order-independent checksum of the rows, equal on both sides
};

struct CopyReport {
  std::vector<TableCopy> tables;  // in copy order (the order the tables were created)
  int64_t rows = 0;               // all tables
};

// Called after each batch of a table: the table and the rows copied from it so far.
using CopyProgress = std::function<void(std::string_view table, int64_t rows)>;

// Copies every table of `source` except schema_migrations into `target`, in one write
// transaction on the target (all or nothing), in batches of `batch_rows`; identity columns of
// PostgreSQL targets continue after the copied ids. Then compares, per table, the row count and
// a checksum over every column of every row read back from both databases.
// Errors: kInvalidArgument when the source is not SQLite; kConflict when the schema versions
// differ or the target already holds data (naming the table); kInternal when verification
// finds a difference (naming the table; the copy is committed, so the target must be dropped);
// database errors as the drivers report them.
asio::awaitable<Result<CopyReport>> CopyAllData(Database& source, Database& target,
                                                int64_t batch_rows, CopyProgress progress);

}  // namespace ispcloud::storage
