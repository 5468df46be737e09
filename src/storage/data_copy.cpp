#include "storage/data_copy.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "storage/migrations.h"

namespace ispcloud::storage {
namespace {

constexpr std::string_view kListSourceTables =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name <> 'schema_migrations' ORDER BY rowid";
constexpr std::string_view kPostgresIdentityColumns =
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND is_identity = 'YES'";
// Both drivers accept far more; this keeps one INSERT well under either limit.
constexpr size_t kMaxParamsPerStatement = 30000;

std::string Quoted(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// FNV-1a over a value's type and content, so that 1 and '1' differ.
void Mix(uint64_t& h, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
}

uint64_t RowHash(const std::vector<Value>& values, size_t first) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = first; i < values.size(); ++i) {
    const Value& v = values[i];
    const unsigned char tag = static_cast<unsigned char>(v.index());
    Mix(h, &tag, 1);
    if (const auto* n = std::get_if<int64_t>(&v)) {
      Mix(h, n, sizeof *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      const uint64_t bits = std::bit_cast<uint64_t>(*d);
      Mix(h, &bits, sizeof bits);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      const uint64_t size = s->size();
      Mix(h, &size, sizeof size);
      Mix(h, s->data(), s->size());
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      const uint64_t size = b->size();
      Mix(h, &size, sizeof size);
      Mix(h, b->data(), b->size());
    }
  }
  return h;
}

// "INSERT INTO t (c1, c2) VALUES ($1, $2), ($3, $4)" for `rows` rows.
std::string InsertSql(std::string_view table, const std::vector<std::string>& columns,
                      size_t rows) {
  std::string sql = "INSERT INTO " + Quoted(table) + " (";
  for (size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + Quoted(columns[c]);
  sql += ") VALUES ";
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(++n);
    sql += ")";
  }
  return sql;
}

asio::awaitable<Status> RequireCurrentSchema(Database& db, std::string_view which) {
  auto state = co_await ReadSchemaState(db, MigrationsFor(db.Dialect()));
  if (!state) co_return state.error();
  if (state->UpToDate()) co_return Ok();
  co_return MakeError(ErrorCode::kConflict,
                      std::string(which) + " database is at schema version " +
                          std::to_string(state->current) + ", this binary's is " +
                          std::to_string(state->latest) + ": run `ispcloud migrate --db <" +
                          std::string(which) + ">` first");
}

asio::awaitable<Result<std::vector<std::string>>> SourceTables(Database& source) {
  std::vector<std::string> tables;
  Status read = co_await source.Read([&](Tx& tx) -> asio::awaitable<Status> {
    tables.clear();
    auto rows = co_await tx.Query(kListSourceTables);
    if (!rows) co_return rows.error();
    for (const Row& r : rows->rows) tables.push_back(r.Text(0));
    co_return Ok();
  });
  if (!read) co_return read.error();
  co_return tables;
}

// One page of a source table in rowid order after `after`: rowid first, then every column.
asio::awaitable<Result<Rows>> SourcePage(Database& source, const std::string& table, int64_t after,
                                         int64_t limit) {
  const std::string sql =
      "SELECT rowid, * FROM " + Quoted(table) + " WHERE rowid > $1 ORDER BY rowid LIMIT $2";
  Rows page;
  Status read = co_await source.Read([&](Tx& tx) -> asio::awaitable<Status> {
    Params params = MakeParams(after, limit);
    auto rows = co_await tx.Query(sql, std::move(params));
    if (!rows) co_return rows.error();
    page = std::move(*rows);
    co_return Ok();
  });
  if (!read) co_return read.error();
  co_return page;
}

asio::awaitable<Result<int64_t>> SourceCount(Database& source, const std::string& table) {
  const std::string sql = "SELECT count(*) FROM " + Quoted(table);
  int64_t count = 0;
  Status read = co_await source.Read([&](Tx& tx) -> asio::awaitable<Status> {
    auto rows = co_await tx.Query(sql);
    if (!rows) co_return rows.error();
    count = rows->rows.at(0).Int(0);
    co_return Ok();
  });
  if (!read) co_return read.error();
  co_return count;
}

// Inserts `page` (rowid first) into `table` of the target, several rows per statement.
asio::awaitable<Status> InsertPage(Tx& tx, const std::string& table, const Rows& page) {
  const std::vector<std::string> columns(page.columns.begin() + 1, page.columns.end());
  const size_t per_statement = std::max<size_t>(1, kMaxParamsPerStatement / columns.size());
  for (size_t start = 0; start < page.rows.size(); start += per_statement) {
    const size_t count = std::min(per_statement, page.rows.size() - start);
    const std::string sql = InsertSql(table, columns, count);
    Params params;
    params.reserve(count * columns.size());
    for (size_t r = start; r < start + count; ++r) {
      const std::vector<Value>& values = page.rows[r].values;
      params.insert(params.end(), values.begin() + 1, values.end());
    }
    auto inserted = co_await tx.Exec(sql, std::move(params));
    if (!inserted) co_return inserted.error();
  }
  co_return Ok();
}

// A table as copied: its count and checksum as read from the source, and its columns in the
// order the checksum covers them.
struct CopiedTable {
  TableCopy copy;
  std::vector<std::string> columns;
};

// Copies one table.
asio::awaitable<Result<CopiedTable>> CopyTable(Database& source, Tx& target,
                                               const std::string& table, int64_t batch_rows,
                                               const CopyProgress& progress) {
  CopiedTable copied{TableCopy{table, 0, 0}, {}};
  TableCopy& copy = copied.copy;
  // Rowids may be zero or negative: an INTEGER PRIMARY KEY is the rowid (SPID 0 is one).
  int64_t after = std::numeric_limits<int64_t>::min();
  while (true) {
    auto page = co_await SourcePage(source, table, after, batch_rows);
    if (!page) co_return page.error();
    if (page->empty()) break;
    copied.columns.assign(page->columns.begin() + 1, page->columns.end());
    for (const Row& r : page->rows) copy.checksum += RowHash(r.values, 1);
    if (Status st = co_await InsertPage(target, table, *page); !st) {
      co_return MakeError(st.error().code, "copying table " + table + ": " + st.error().message);
    }
    copy.rows += static_cast<int64_t>(page->size());
    after = page->rows.back().Int(0);
    if (progress) progress(table, copy.rows);
    if (static_cast<int64_t>(page->size()) < batch_rows) break;
  }
  // The pages must have covered the table: a paging mistake must not pass as a verified copy.
  auto counted = co_await SourceCount(source, table);
  if (!counted) co_return counted.error();
  if (*counted != copy.rows) {
    co_return MakeError(ErrorCode::kInternal,
                        "table " + table + " has " + std::to_string(*counted) + " rows but " +
                            std::to_string(copy.rows) + " were read; nothing was committed");
  }
  co_return copied;
}

// Reads `table` back inside the target transaction and compares it with what was copied.
asio::awaitable<Status> VerifyTable(Tx& target, const CopiedTable& copied) {
  const TableCopy& copy = copied.copy;
  std::string sql = "SELECT ";
  for (size_t c = 0; c < copied.columns.size(); ++c)
    sql += (c ? ", " : "") + Quoted(copied.columns[c]);
  if (copied.columns.empty()) sql += "*";  // an empty table: only the count matters
  sql += " FROM " + Quoted(copy.table);
  auto rows = co_await target.Query(sql);
  if (!rows) co_return rows.error();
  uint64_t checksum = 0;
  for (const Row& r : rows->rows) checksum += RowHash(r.values, 0);
  const auto count = static_cast<int64_t>(rows->size());
  if (count == copy.rows && checksum == copy.checksum) co_return Ok();
  co_return MakeError(ErrorCode::kInternal,
                      "verification failed for table " + copy.table + ": the source has " +
                          std::to_string(copy.rows) + " rows, the target " + std::to_string(count) +
                          (count == copy.rows ? " with different content" : "") +
                          "; nothing was committed");
}

asio::awaitable<Status> RequireEmpty(Tx& target, const std::vector<std::string>& tables) {
  for (const std::string& table : tables) {
    const std::string sql = "SELECT 1 FROM " + Quoted(table) + " LIMIT 1";
    auto rows = co_await target.Query(sql);
    if (!rows) co_return rows.error();
    if (!rows->empty()) {
      co_return MakeError(ErrorCode::kConflict,
                          "the target database already holds data (table " + table +
                              "): migrate-data only fills an empty, freshly migrated database");
    }
  }
  co_return Ok();
}

// PostgreSQL identity columns would otherwise hand out ids the copy already used.
asio::awaitable<Status> ContinueIdentities(Tx& target) {
  auto columns = co_await target.Query(kPostgresIdentityColumns);
  if (!columns) co_return columns.error();
  for (const Row& r : columns->rows) {
    const std::string table = Quoted(r.Text(0));
    const std::string column = Quoted(r.Text(1));
    const std::string sql = "SELECT setval(pg_get_serial_sequence($1, $2), (SELECT COALESCE(MAX(" +
                            column + "), 0) + 1 FROM " + table + "), false)";
    Params params = MakeParams(table, r.Text(1));
    auto set = co_await target.Query(sql, std::move(params));
    if (!set) co_return set.error();
  }
  co_return Ok();
}

}  // namespace

asio::awaitable<Result<CopyReport>> CopyAllData(Database& source, Database& target,
                                                int64_t batch_rows, CopyProgress progress) {
  if (source.Dialect() != "sqlite") {
    co_return MakeError(ErrorCode::kInvalidArgument,
                        "migrate-data copies from a SQLite database (--from sqlite:PATH)");
  }
  if (batch_rows < 1) {
    co_return MakeError(ErrorCode::kInvalidArgument, "the batch size must be at least 1 row");
  }
  if (Status st = co_await RequireCurrentSchema(source, "source"); !st) co_return st.error();
  if (Status st = co_await RequireCurrentSchema(target, "target"); !st) co_return st.error();
  auto tables = co_await SourceTables(source);
  if (!tables) co_return tables.error();

  CopyReport report;
  Status copied = co_await target.Write([&](Tx& tx) -> asio::awaitable<Status> {
    report = CopyReport{};
    if (Status st = co_await RequireEmpty(tx, *tables); !st) co_return st;
    std::vector<CopiedTable> done;
    for (const std::string& table : *tables) {
      auto copy = co_await CopyTable(source, tx, table, batch_rows, progress);
      if (!copy) co_return copy.error();
      report.rows += copy->copy.rows;
      report.tables.push_back(copy->copy);
      done.push_back(std::move(*copy));
    }
    for (const CopiedTable& copy : done) {
      if (Status st = co_await VerifyTable(tx, copy); !st) co_return st;
    }
    if (target.Dialect() == "postgres") co_return co_await ContinueIdentities(tx);
    co_return Ok();
  });
  if (!copied) co_return copied.error();
  co_return report;
}

}  // namespace ispcloud::storage
