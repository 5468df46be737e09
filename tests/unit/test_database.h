#pragma once
// The database behind a unit test of the layers above the storage driver (domain services,
// repositories, the outbox, the token verifier). A SQLite file in the test's temporary
// directory by default; under ctest's `unit_pg.` tests a fresh database of the run's shared
// PostgreSQL cluster instead (tests/support/cluster_database.h), so these suites cover both
// backends. Suites that test the SQLite driver itself open SqliteDatabase directly.

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/db.h"
#include "storage_test_support.h"

namespace ispcloud::storage::test_support {

// Opens the test database that belongs to `dir` (`file` names the SQLite file in it) and
// migrates it to the current schema of its dialect. Errors: the open or migration failure.
Result<std::unique_ptr<Database>> OpenTestDatabase(const TempDir& dir,
                                                   const std::string& file = "test.db");

}  // namespace ispcloud::storage::test_support
