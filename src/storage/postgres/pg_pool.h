#pragma once
// A bounded pool of PostgreSQL connections. Internal to the PostgreSQL driver.
//
// Every member runs on the driver's single io_context thread (no locking); the counters may be
// read from any thread. At most `size` connections are open at once; a caller finding none idle
// and the pool full waits asynchronously, first come first served, for a release.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/postgres/pg_connection.h"

namespace ispcloud::storage::pg {

class PgPool;

// A connection on loan; returns it to the pool when destroyed (a broken one is closed).
class PgLease {
 public:
  PgLease(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
  PgLease(PgLease&& other) noexcept = default;
  PgLease& operator=(PgLease&&) = delete;
  ~PgLease();

  PgConnection& operator*() const { return *conn_; }
  PgConnection* operator->() const { return conn_.get(); }

 private:
  PgPool* pool_;
  std::unique_ptr<PgConnection> conn_;
};

class PgPool {
 public:
  PgPool(asio::io_context& ctx, std::string conninfo, int size);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // An idle connection that still looks alive; else a new one while fewer than `size` are open;
  // else waits for a release. `fresh` skips idle connections and connects anew (closing one
  // idle connection when the pool is full). Errors: the connect error (kUnavailable +
  // kDbUnavailable).
  asio::awaitable<Result<PgLease>> Acquire(bool fresh = false);
  // Takes a connection back (PgLease calls it): handed to the oldest waiter, kept idle, or closed
  // when broken or left inside a transaction.
  void Release(std::unique_ptr<PgConnection> conn);
  // Closes every idle connection (they would be reopened on demand).
  void CloseIdle();

  int size() const { return size_; }
  int OpenConnections() const { return open_.load(std::memory_order_relaxed); }
  int InUse() const { return in_use_.load(std::memory_order_relaxed); }
  int PeakOpen() const { return peak_open_.load(std::memory_order_relaxed); }
  int Waiting() const { return waiting_.load(std::memory_order_relaxed); }
  // Connections closed because they were found broken.
  uint64_t Dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  struct Waiter;
  // Opens a connection into a slot already counted in open_ and in_use_.
  asio::awaitable<Result<PgLease>> OpenInSlot();
  // Gives a free slot (open_ already decremented) to the oldest waiter, if any.
  void PassSlot();
  void CountOpen(int delta);
  void CountInUse(int delta) { in_use_.fetch_add(delta, std::memory_order_relaxed); }

  asio::io_context& ctx_;
  std::string conninfo_;
  int size_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::deque<Waiter*> waiters_;
  std::atomic<int> open_{0};
  std::atomic<int> in_use_{0};
  std::atomic<int> peak_open_{0};
  std::atomic<int> waiting_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace ispcloud::storage::pg
