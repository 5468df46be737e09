#include "storage/sqlite/sqlite_connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

namespace ispcloud::storage::sqlite {

namespace {

// Beyond this many distinct SQL texts the cache is emptied; repositories use fixed SQL, so only
// generated SQL (e.g. variable IN lists) ever gets near it.
constexpr size_t kMaxCachedStatements = 512;
// SQL quoted in error messages is cut to this length.
constexpr size_t kMaxQuotedSql = 300;

std::string Quote(std::string_view sql) {
  if (sql.size() <= kMaxQuotedSql) return std::string(sql);
  return std::string(sql.substr(0, kMaxQuotedSql)) + "...";
}

// A misuse of the driver by calling code (a bug, never a client's fault): kInternal with the SQL.
Error Misuse(std::string_view what, std::string_view sql) {
  return MakeError(ErrorCode::kInternal, "sqlite: " + std::string(what) + "; SQL: " + Quote(sql));
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v;") == std::string_view::npos;
}

// Resets a statement and drops its bindings when the current call ends, whatever the outcome, so
// that no statement stays active (which would pin a read snapshot or block COMMIT).
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// Binds one value. Text and blobs are bound without copying: the caller keeps `params` alive
// until the statement is reset.
int Bind(sqlite3_stmt* stmt, int index, const Value& value) {
  struct Binder {
    sqlite3_stmt* stmt;
    int index;
    int operator()(const Null&) const { return sqlite3_bind_null(stmt, index); }
    int operator()(int64_t n) const { return sqlite3_bind_int64(stmt, index, n); }
    int operator()(double d) const { return sqlite3_bind_double(stmt, index, d); }
    int operator()(const std::string& s) const {
      return sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    int operator()(const Blob& b) const {
      // A null pointer would bind NULL; an empty blob must stay a (zero-length) blob.
      if (b.empty()) return sqlite3_bind_zeroblob(stmt, index, 0);
      return sqlite3_bind_blob64(stmt, index, b.data(), b.size(), SQLITE_STATIC);
    }
  };
  return std::visit(Binder{stmt, index}, value);
}

Value ReadColumn(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(n));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return p == nullptr ? Blob() : Blob(p, p + n);
    }
    default:
      return Null{};
  }
}

// Authorizer that allows everything and notes transaction-control statements, so that a body
// cannot COMMIT or ROLLBACK the transaction its Database opened.
int NoteTransactionControl(void* saw, int action, const char*, const char*, const char*,
                           const char*) {
  if (action == SQLITE_TRANSACTION) *static_cast<bool*>(saw) = true;
  return SQLITE_OK;
}

}  // namespace

void StmtDeleter::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

namespace {

DbFailure ClassifySqlite(int extended_code, int system_errno) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbFailure::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbFailure::kForeignKeyViolation;
    default:
      break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return DbFailure::kConstraintViolation;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbFailure::kBusy;
    case SQLITE_READONLY:
      return DbFailure::kReadOnly;
    case SQLITE_FULL:
      return DbFailure::kFull;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      // The file system under the database failed; what the OS said tells which way. A file
      // system remounted read-only after errors (ext4 errors=remount-ro) answers EROFS.
      if (system_errno == EROFS) return DbFailure::kReadOnly;
      if (system_errno == ENOSPC || system_errno == EDQUOT) return DbFailure::kFull;
      return DbFailure::kIoError;
    default:
      return DbFailure::kOther;
  }
}

}  // namespace

Error MapSqliteError(int extended_code, int system_errno, std::string message) {
  return MakeDbError(ClassifySqlite(extended_code, system_errno), std::move(message));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionSettings& settings,
                                                     bool create) {
  // Must precede SQLite's initialisation; refused harmlessly (SQLITE_MISUSE) when something in
  // the process already used SQLite.
  static const int kMemstatusOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kMemstatusOff;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kUnavailable,
                     "cannot open SQLite database '" + path + "': " + detail);
  }
  std::unique_ptr<Connection> conn(new Connection(db, path));
  // SQLite opens lazily: an unusable file (a directory, not a database) shows up here.
  if (Status s = conn->Configure(settings); !s) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot open SQLite database '" + path + "': " + s.error().message);
  }
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close_v2(db_);
}

Status Connection::Configure(const ConnectionSettings& settings) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, settings.busy_timeout_ms);
  sqlite3_set_authorizer(db_, NoteTransactionControl, &saw_tx_control_);
  Result<Rows> mode = Query("PRAGMA journal_mode=WAL", {}, Access::kControl);
  if (!mode) return std::move(mode).error();
  std::string got = mode->empty() ? "" : mode->rows[0].Text(0);
  if (got != "wal") {
    return MakeError(ErrorCode::kUnavailable, "cannot enable WAL journal mode (got '" + got + "')");
  }
  for (const std::string& pragma :
       {"PRAGMA synchronous=" + settings.synchronous, std::string("PRAGMA foreign_keys=ON"),
        "PRAGMA cache_size=-" + std::to_string(int64_t{settings.cache_mb} * 1024)}) {
    if (Result<int64_t> r = Exec(pragma, {}, Access::kControl); !r) return std::move(r).error();
  }
  Result<Rows> fk = Query("PRAGMA foreign_keys", {}, Access::kControl);
  if (!fk) return std::move(fk).error();
  if (fk->empty() || fk->rows[0].Int(0) != 1) {
    return MakeError(ErrorCode::kUnavailable, "this SQLite build cannot enforce foreign keys");
  }
  return Ok();
}

int Connection::CauseOfIoError(int rc) const {
  if ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_CANTOPEN) return 0;
  // sqlite3_system_errno() is the thread's errno when SQLite noticed the failure, often
  // overwritten by then; a file system turned read-only is told reliably by trying to open the
  // database file for writing (nothing is written).
  const int reported = sqlite3_system_errno(db_);
  if (reported == EROFS || reported == ENOSPC || reported == EDQUOT) return reported;
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno == EROFS ? EROFS : reported;
  ::close(fd);
  return reported;
}

Error Connection::LastError(int rc, std::string_view what, std::string_view sql) const {
  std::string message = "sqlite: " + std::string(what) + " failed: " + sqlite3_errmsg(db_) + " (" +
                        sqlite3_errstr(rc) + ", code " + std::to_string(rc) + ")";
  const int system_errno = CauseOfIoError(rc);
  if (system_errno != 0) message += " [" + std::string(std::strerror(system_errno)) + "]";
  if (!sql.empty()) message += "; SQL: " + Quote(sql);
  return MapSqliteError(rc, system_errno, std::move(message));
}

Result<Connection::Prepared*> Connection::Prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInternal, "sqlite: SQL text too long");
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  saw_tx_control_ = false;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) return LastError(rc, "preparing statement", sql);
  if (!stmt) return Misuse("empty SQL statement", sql);
  std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!IsBlank(rest)) {
    // Comments are fine; a second statement is not (it would be silently ignored).
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    StmtPtr extra_stmt(extra);
    if (rc != SQLITE_OK || extra_stmt) {
      return Misuse("one statement per call (use ExecScript for scripts)", sql);
    }
  }
  Prepared prepared{std::move(stmt), {}, saw_tx_control_, {}, -1};
  // SQLite numbers named parameters by first appearance, so "$2 ... $1" has $2 at index 1.
  int count = sqlite3_bind_parameter_count(prepared.stmt.get());
  prepared.slots.reserve(static_cast<size_t>(count));
  for (int n = 1; n <= count; ++n) {
    std::string name = "$" + std::to_string(n);
    int index = sqlite3_bind_parameter_index(prepared.stmt.get(), name.c_str());
    if (index == 0) {
      return Misuse("placeholders must be $1..$n without gaps (not ?, :name or @name)", sql);
    }
    prepared.slots.push_back(index);
  }
  if (cache_.size() >= kMaxCachedStatements) cache_.clear();
  auto [it, inserted] = cache_.emplace(std::string(sql), std::move(prepared));
  return &it->second;
}

Status Connection::CheckAllowed(Access access, sqlite3_stmt* stmt, bool tx_control,
                                std::string_view sql) const {
  if (access != Access::kControl && tx_control) {
    return Misuse(
        "transaction control inside a transaction body (Database::Write/Read begin "
        "and end transactions)",
        sql);
  }
  if (access == Access::kReadTx && !sqlite3_stmt_readonly(stmt)) {
    return Misuse("statement would modify the database inside a read transaction", sql);
  }
  return Ok();
}

Status Connection::CheckStillInTransaction(Access access, std::string_view sql) const {
  if (access == Access::kControl || !sqlite3_get_autocommit(db_)) return Ok();
  return Misuse("statement ended the transaction (Database::Write/Read own transaction control)",
                sql);
}

template <typename OnRow>
Status Connection::Run(std::string_view sql, const Params& params, Access access,
                       std::vector<std::string>* columns, OnRow&& on_row) {
  Result<Prepared*> prepared = Prepare(sql);
  if (!prepared) return std::move(prepared).error();
  sqlite3_stmt* stmt = (*prepared)->stmt.get();
  const std::vector<int>& slots = (*prepared)->slots;
  if (Status s = CheckAllowed(access, stmt, (*prepared)->tx_control, sql); !s) return s;
  if (params.size() != slots.size()) {
    return Misuse("statement takes " + std::to_string(slots.size()) + " parameter(s) but " +
                      std::to_string(params.size()) + " were given",
                  sql);
  }
  ResetOnExit reset(stmt);
  for (size_t n = 0; n < slots.size(); ++n) {
    int rc = Bind(stmt, slots[n], params[n]);
    if (rc != SQLITE_OK) return LastError(rc, "binding $" + std::to_string(n + 1), sql);
  }
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      on_row(stmt);
    } else if (rc == SQLITE_DONE) {
      break;
    } else {
      return LastError(rc, "executing statement", sql);
    }
  }
  if (columns != nullptr) {
    // Column names are read once per statement (after the steps, as a schema
    // change re-prepares it while stepping: then read again).
    Prepared& p = **prepared;
    const int reprepares = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
    if (p.reprepares != reprepares) {
      p.columns.clear();
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        p.columns.emplace_back(sqlite3_column_name(stmt, i));
      }
      p.reprepares = reprepares;
    }
    *columns = p.columns;
  }
  return CheckStillInTransaction(access, sql);
}

Result<Rows> Connection::Query(std::string_view sql, const Params& params, Access access) {
  Rows out;
  Status s = Run(sql, params, access, &out.columns, [&out](sqlite3_stmt* stmt) {
    const int n = sqlite3_column_count(stmt);
    Row row;
    row.values.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) row.values.push_back(ReadColumn(stmt, i));
    out.rows.push_back(std::move(row));
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<int64_t> Connection::Exec(std::string_view sql, const Params& params, Access access) {
  sqlite3_int64 before = sqlite3_total_changes64(db_);
  Status s = Run(sql, params, access, nullptr, [](sqlite3_stmt*) {});
  if (!s) return std::move(s).error();
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, even after DDL or a
  // SELECT; the total only moves when this statement changed rows.
  if (sqlite3_total_changes64(db_) == before) return int64_t{0};
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status Connection::ExecScript(std::string_view sql, Access access) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInternal, "sqlite: SQL script too long");
  }
  const char* p = sql.data();
  const char* end = p + sql.size();
  while (p < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    saw_tx_control_ = false;
    int rc = sqlite3_prepare_v2(db_, p, static_cast<int>(end - p), &raw, &tail);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) {
      return LastError(rc, "preparing script statement",
                       std::string_view(p, static_cast<size_t>(end - p)));
    }
    if (tail == nullptr || tail <= p) break;
    p = tail;
    if (!stmt) continue;  // only whitespace or comments
    std::string_view text = sqlite3_sql(stmt.get());
    if (sqlite3_bind_parameter_count(stmt.get()) != 0) {
      return Misuse("script statements take no parameters", text);
    }
    if (Status s = CheckAllowed(access, stmt.get(), saw_tx_control_, text); !s) return s;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return LastError(rc, "executing script statement", text);
    if (Status s = CheckStillInTransaction(access, text); !s) return s;
  }
  return Ok();
}

bool Connection::InTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

void Connection::RollbackIfActive() {
  if (InTransaction()) (void)Exec("ROLLBACK", {}, Access::kControl);
}

}  // namespace ispcloud::storage::sqlite
