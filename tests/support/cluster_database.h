#pragma once
// Fresh PostgreSQL databases in the cluster a ctest run shares between test processes.
// ctest's `e2e_pg.` and `unit_pg.` tests set ISPCLOUD_TEST_PG_DIR to the directory of a cluster
// started by tests/support/pg_cluster.sh for the whole run (the `pg_cluster` fixture); without
// it, tests use SQLite. Each database is created on first use and dropped when the test
// process exits.

#include <string>
#include <utility>

namespace ispcloud::test_support {

// True when this test process runs against the shared PostgreSQL cluster.
bool TestsOnPostgres();

// The shared cluster's directory (for pg_cluster.sh commands); "" when not TestsOnPostgres().
std::string SharedClusterDir();

// The URL of a fresh database of the shared cluster that belongs to `key` (the same URL on every
// call with the same key in one process). Records a gtest failure and returns "" when the
// database cannot be created. Only meaningful when TestsOnPostgres().
std::string ClusterDatabaseUrl(const std::string& key);

// Runs tests/support/pg_cluster.sh with `args` (already shell-quoted as needed), for clusters a
// test manages itself, with the environment assignments `env` ("NAME=value ...") added; its
// standard output without trailing newlines, and whether it exited 0.
std::pair<bool, std::string> RunPgClusterScript(const std::string& args,
                                                const std::string& env = "");

}  // namespace ispcloud::test_support
