// PostgreSQL driver: typed parameters and result conversion round-trip exactly.

#include <cmath>
#include <limits>

#include "postgres/pg_fixture.h"
#include "storage/db_url.h"

namespace ispcloud::storage::pg_test {
namespace {

using PgValuesTest = PgTest;

TEST_F(PgValuesTest, OpensThroughTheUrlAndReportsItsDialect) {
  Result<DbUrl> url = ParseDbUrl(url_);
  ASSERT_TRUE(url.ok());
  DbOpenOptions options;
  options.pool_size = 2;
  Result<std::unique_ptr<Database>> db = OpenDatabase(*url, options);
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ((*db)->Dialect(), "postgres");
  Status ping = RunSync((*db)->Ping());
  EXPECT_TRUE(ping.ok()) << ping.error().message;
}

TEST_F(PgValuesTest, EveryValueTypeRoundTrips) {
  ASSERT_TRUE(Script(*db_,
                     "CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, "
                     "t TEXT, b BYTEA)")
                  .ok());
  const std::string unicode = "h\xC3\xA9llo \xE2\x9C\x93 \xF0\x9F\x98\x80 'q' \"dq\" \\ %_\t\n";
  const Blob zeros = {0, 1, 0, 255, 0, 0x5c, 0x78};  // includes "\x" as raw bytes
  struct Case {
    int64_t i;
    double d;
    std::string t;
    Blob b;
  };
  const std::vector<Case> cases = {
      {std::numeric_limits<int64_t>::min(), -1.7976931348623157e308, unicode, zeros},
      {std::numeric_limits<int64_t>::max(), 4.9406564584124654e-324, "", Blob{}},
      {0, 0.1, "\x01\x02 binary-ish \x7f", Blob{0}},
      {-1, 1.0 / 3.0, std::string(1000, 'x'), Blob(70000, 0xab)},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    Result<int64_t> n = ExecWrite(*db_, "INSERT INTO v (k, i, d, t, b) VALUES ($1, $2, $3, $4, $5)",
                                  MakeParams(static_cast<int64_t>(k), c.i, c.d, c.t, c.b));
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, 1);
  }
  Result<Rows> rows = QueryRead(*db_, "SELECT k, i, d, t, b FROM v ORDER BY k");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), cases.size());
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"k", "i", "d", "t", "b"}));
  for (size_t k = 0; k < cases.size(); ++k) {
    const Row& r = rows->rows[k];
    EXPECT_EQ(r.Int(1), cases[k].i) << k;
    EXPECT_EQ(r.Real(2), cases[k].d) << k;  // exact: PostgreSQL prints the shortest exact form
    EXPECT_EQ(r.Text(3), cases[k].t) << k;
    EXPECT_EQ(r.Bytes(4), cases[k].b) << k;
  }
}

TEST_F(PgValuesTest, NullsRoundTripInEveryColumnType) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE n (i BIGINT, d DOUBLE PRECISION, t TEXT, b BYTEA)").ok());
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO n VALUES ($1, $2, $3, $4)",
                        MakeParams(Null{}, Null{}, Null{}, Null{}))
                  .ok());
  // The same statement text with other parameter types is prepared separately.
  ASSERT_TRUE(ExecWrite(*db_, "INSERT INTO n VALUES ($1, $2, $3, $4)",
                        MakeParams(int64_t{7}, 2.5, std::string("x"), Blob{1}))
                  .ok());
  Result<Rows> rows = QueryRead(*db_, "SELECT i, d, t, b FROM n ORDER BY i NULLS FIRST");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  for (size_t c = 0; c < 4; ++c) EXPECT_TRUE(rows->rows[0].IsNull(c)) << c;
  EXPECT_EQ(rows->rows[1].Int(0), 7);
  EXPECT_EQ(rows->rows[1].Real(1), 2.5);
  EXPECT_EQ(rows->rows[1].Text(2), "x");
  EXPECT_EQ(rows->rows[1].Bytes(3), Blob{1});
}

TEST_F(PgValuesTest, ResultColumnsAreConvertedByType) {
  Result<Rows> rows =
      QueryRead(*db_,
                "SELECT 7::int2, 8::int4, $1::int8, true, false, 1.5::real, 2.25::numeric, "
                "'NaN'::float8, 'v'::varchar, '2026-01-02'::date, $2, sum(x), 1e30::numeric "
                "FROM (VALUES ($1::int8), (9223372036854775807)) AS v (x) WHERE x > 9",
                MakeParams(int64_t{9}, int64_t{10}));
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const Row& r = rows->rows.at(0);
  EXPECT_EQ(r.Int(0), 7);
  EXPECT_EQ(r.Int(1), 8);
  EXPECT_EQ(r.Int(2), 9);
  EXPECT_EQ(r.Int(3), 1);
  EXPECT_EQ(r.Int(4), 0);
  EXPECT_EQ(r.Real(5), 1.5);
  EXPECT_EQ(r.Real(6), 2.25);
  EXPECT_TRUE(std::isnan(r.Real(7)));
  EXPECT_EQ(r.Text(8), "v");
  EXPECT_EQ(r.Text(9), "2026-01-02");
  EXPECT_EQ(r.Int(10), 10);  // an int64 parameter is an int8, also when selected back
  // sum() of BIGINT is numeric: integral values come back as integers, like SQLite's.
  EXPECT_EQ(r.Int(11), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(r.Real(12), 1e30);  // integral but beyond int64: a double
}

TEST_F(PgValuesTest, TextWithNulIsRefusedNotTruncated) {
  ASSERT_TRUE(Script(*db_, "CREATE TABLE s (t TEXT)").ok());
  Result<int64_t> r =
      ExecWrite(*db_, "INSERT INTO s VALUES ($1)", MakeParams(std::string("a\0b", 3)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM s"), 0);
}

TEST_F(PgValuesTest, ExecReportsTheRowsItChanged) {
  ASSERT_TRUE(Script(*db_,
                     "CREATE TABLE c (k BIGINT PRIMARY KEY, v BIGINT);"
                     "INSERT INTO c VALUES (1, 0), (2, 0), (3, 5);")
                  .ok());
  Result<int64_t> updated =
      ExecWrite(*db_, "UPDATE c SET v = v + 1 WHERE v = $1", MakeParams(int64_t{0}));
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(*updated, 2);
  Result<int64_t> created = ExecWrite(*db_, "CREATE INDEX c_v ON c (v)");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(*created, 0);
}

}  // namespace
}  // namespace ispcloud::storage::pg_test
