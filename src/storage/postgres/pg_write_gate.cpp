#include "storage/postgres/pg_write_gate.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ispcloud::storage::pg {

PgWriteGate::PgWriteGate(asio::io_context& ctx)
    : changed_(ctx, asio::steady_timer::time_point::max()) {}

asio::awaitable<void> PgWriteGate::Enter(bool alone) {
  if (!alone) {
    while (alone_ || alone_waiting_ > 0) co_await WaitForLeave();
    ++shared_;
    co_return;
  }
  ++alone_waiting_;
  while (alone_ || shared_ > 0) co_await WaitForLeave();
  --alone_waiting_;
  alone_ = true;
}

void PgWriteGate::Leave(bool alone) {
  if (alone) {
    alone_ = false;
  } else {
    --shared_;
  }
  changed_.cancel();  // the waiters check their condition again
}

asio::awaitable<void> PgWriteGate::WaitForLeave() {
  auto ignored = co_await changed_.async_wait(asio::as_tuple(asio::use_awaitable));
  (void)ignored;
}

}  // namespace ispcloud::storage::pg
