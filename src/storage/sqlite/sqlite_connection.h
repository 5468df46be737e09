#pragma once
// Thin RAII wrapper over one SQLite connection: opening with the pragmas ispcloud relies on,
// a prepared-statement cache keyed by SQL text, $1..$n parameter binding, and the mapping of
// SQLite result codes to Error. Internal to the SQLite driver; repositories use storage::Tx.
//
// A Connection is not thread-safe (it is opened with SQLITE_OPEN_NOMUTEX): one thread at a time.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ispcloud::storage::sqlite {

struct StmtDeleter {
  void operator()(sqlite3_stmt* stmt) const;
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

struct ConnectionSettings {
  std::string synchronous = "FULL";  // already validated: OFF | NORMAL | FULL | EXTRA
  int busy_timeout_ms = 5000;
  int cache_mb = 64;  // PRAGMA cache_size, in MiB
};

// What a statement may do, checked on every call.
enum class Access {
  kControl,  // outside a transaction or transaction control itself (BEGIN, COMMIT, PRAGMA)
  kReadTx,   // inside a read transaction: must not modify the database nor end the transaction
  kWriteTx,  // inside a write transaction: must not end the transaction
};

// Maps an extended SQLite result code, with the OS error behind it (sqlite3_system_errno; 0 when
// none), to an Error carrying `message` (see db.h for api_codes). I/O errors are kUnavailable:
// read-only (EROFS), full (ENOSPC, EDQUOT) or kDbIoError.
Error MapSqliteError(int extended_code, int system_errno, std::string message);

class Connection {
 public:
  // Opens `path` (creating the file when `create`), then sets busy_timeout, journal_mode=WAL,
  // synchronous and foreign_keys=ON. Errors name the path and carry SQLite's message.
  // The first call in the process turns SQLite's memory statistics off (they take a global
  // mutex on every allocation, which the I/O threads' read transactions then contend for).
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  const ConnectionSettings& settings, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with `params` bound to $1..$n and returns every row it produced.
  Result<Rows> Query(std::string_view sql, const Params& params, Access access);
  // Runs one statement; returns the rows inserted, updated or deleted by it (0 for others).
  Result<int64_t> Exec(std::string_view sql, const Params& params, Access access);
  // Runs a script of statements without parameters; statements are not cached.
  Status ExecScript(std::string_view sql, Access access);
  // True while a transaction is open on this connection.
  bool InTransaction() const;
  // Rolls back the open transaction, if any; errors are ignored (the connection stays usable).
  void RollbackIfActive();
  // Number of cached prepared statements (for tests).
  size_t CachedStatements() const { return cache_.size(); }

 private:
  struct Prepared {
    StmtPtr stmt;
    std::vector<int> slots;            // slots[n - 1] is the SQLite bind index of placeholder $n
    bool tx_control = false;           // BEGIN, COMMIT, END or ROLLBACK (not ROLLBACK TO)
    std::vector<std::string> columns;  // result column names, read again after a re-prepare
    int reprepares = -1;               // SQLITE_STMTSTATUS_REPREPARE when `columns` was read
  };
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  explicit Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Configure(const ConnectionSettings& settings);
  // For an I/O error `rc` (SQLITE_IOERR*, SQLITE_CANTOPEN): the OS error behind it, as far as
  // it can be told (EROFS, ENOSPC...); 0 for other codes or when unknown.
  int CauseOfIoError(int rc) const;
  Result<Prepared*> Prepare(std::string_view sql);
  template <typename OnRow>
  // Prepares (or reuses) `sql`, appends its column names to `columns` when given, binds
  // `params`, steps it to completion calling on_row(stmt) per row, and resets it.
  Status Run(std::string_view sql, const Params& params, Access access,
             std::vector<std::string>* columns, OnRow&& on_row);
  // Refuses what `access` forbids before a statement runs.
  Status CheckAllowed(Access access, sqlite3_stmt* stmt, bool tx_control,
                      std::string_view sql) const;
  Status CheckStillInTransaction(Access access, std::string_view sql) const;
  Error LastError(int rc, std::string_view what, std::string_view sql) const;

  sqlite3* db_;
  std::string path_;
  bool saw_tx_control_ = false;  // set by the authorizer while a statement is prepared
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

}  // namespace ispcloud::storage::sqlite
