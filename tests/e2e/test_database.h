#pragma once
// The database behind an e2e test. By default a SQLite file in the test's temporary directory.
// When the run targets PostgreSQL (ctest's `e2e_pg.` tests, see tests/support/cluster_database.h),
// it is a fresh database of the run's shared cluster instead, dropped when the test process
// exits.
// Tests reach the database only through these functions, so each suite runs on both backends.

#include <string>
#include <vector>

namespace ispcloud::e2e {

// True when this process runs the e2e suites against PostgreSQL.
bool E2eOnPostgres();

// "sqlite" or "postgres": the dialect the server reports for the test database.
std::string E2eDialect();

// The --db URL of the test database that belongs to temporary directory `dir` (the same URL
// on every call with the same `dir`). Fails the current test when no PostgreSQL database can
// be created.
std::string DbUrlOf(const std::string& dir);

// Runs one SQL statement (common SQLite/PostgreSQL subset, no parameters) against `db_url`
// through the product's own database seam; returns every row, each column as text (NULL as "",
// integers in decimal). Fails the current test on a database error.
std::vector<std::vector<std::string>> SqlRows(const std::string& db_url, const std::string& sql);

// The first column of the first row of SqlRows ("" when there is no row).
std::string SqlScalar(const std::string& db_url, const std::string& sql);

}  // namespace ispcloud::e2e
