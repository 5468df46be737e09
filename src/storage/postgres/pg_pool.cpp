#include "storage/postgres/pg_pool.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ispcloud::storage::pg {

// A caller waiting for a connection: woken by cancelling `timer` once it holds either a
// connection or the right to open one.
struct PgPool::Waiter {
  asio::steady_timer timer;
  std::unique_ptr<PgConnection> conn;
  bool slot = false;
};

PgLease::~PgLease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

PgPool::PgPool(asio::io_context& ctx, std::string conninfo, int size)
    : ctx_(ctx), conninfo_(std::move(conninfo)), size_(size) {}

PgPool::~PgPool() {
  CloseIdle();
}

void PgPool::CountOpen(int delta) {
  const int now = open_.fetch_add(delta, std::memory_order_relaxed) + delta;
  int peak = peak_open_.load(std::memory_order_relaxed);
  while (now > peak && !peak_open_.compare_exchange_weak(peak, now)) {
  }
}

void PgPool::CloseIdle() {
  CountOpen(-static_cast<int>(idle_.size()));
  idle_.clear();
}

asio::awaitable<Result<PgLease>> PgPool::Acquire(bool fresh) {
  if (fresh && !idle_.empty() && open_.load(std::memory_order_relaxed) >= size_) {
    idle_.pop_back();  // make room for the new connection
    CountOpen(-1);
  }
  while (!fresh && !idle_.empty()) {
    std::unique_ptr<PgConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->CheckIdle()) {
      CountInUse(1);
      co_return PgLease(this, std::move(conn));
    }
    // The server closed it while it was idle (restart, pg_terminate_backend, idle timeout).
    dropped_.fetch_add(1, std::memory_order_relaxed);
    CountOpen(-1);
  }
  if (open_.load(std::memory_order_relaxed) < size_) {
    CountOpen(1);
    CountInUse(1);
    co_return co_await OpenInSlot();
  }
  Waiter waiter{asio::steady_timer(ctx_, asio::steady_timer::time_point::max()), nullptr, false};
  waiters_.push_back(&waiter);
  waiting_.fetch_add(1, std::memory_order_relaxed);
  while (waiter.conn == nullptr && !waiter.slot) {
    boost::system::error_code ignored;
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  waiting_.fetch_sub(1, std::memory_order_relaxed);
  if (waiter.conn != nullptr) co_return PgLease(this, std::move(waiter.conn));
  co_return co_await OpenInSlot();
}

asio::awaitable<Result<PgLease>> PgPool::OpenInSlot() {
  Result<std::unique_ptr<PgConnection>> conn = co_await PgConnection::Connect(ctx_, conninfo_);
  if (!conn) {
    CountOpen(-1);
    CountInUse(-1);
    PassSlot();
    co_return std::move(conn).error();
  }
  co_return PgLease(this, std::move(*conn));
}

void PgPool::PassSlot() {
  if (waiters_.empty()) return;
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  CountOpen(1);
  CountInUse(1);
  next->slot = true;
  next->timer.cancel();
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  // A connection still inside a transaction was abandoned mid-way (the driver rolls back
  // before releasing, so this means that failed): it cannot be reused safely.
  if (conn->broken() || conn->TxStatus() != PQTRANS_IDLE) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    conn.reset();
    CountOpen(-1);
    CountInUse(-1);
    PassSlot();
    return;
  }
  if (!waiters_.empty()) {
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->conn = std::move(conn);  // stays in use, by the waiter now
    next->timer.cancel();
    return;
  }
  CountInUse(-1);
  idle_.push_back(std::move(conn));
}

}  // namespace ispcloud::storage::pg
