#pragma once
// The PostgreSQL driver's write gate (internal): first attempts of write transactions share it
// and run concurrently; a write run again after a serialization failure holds it alone, so it
// cannot collide again with the writes of its own process. Within one process a conflicting
// write therefore succeeds at its second run, unless another process's writes interfere. Every
// member runs on the driver's single io_context thread (no locking).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace ispcloud::storage::pg {

namespace asio = boost::asio;

class PgWriteGate {
 public:
  explicit PgWriteGate(asio::io_context& ctx);
  PgWriteGate(const PgWriteGate&) = delete;
  PgWriteGate& operator=(const PgWriteGate&) = delete;

  // Waits until the gate can be entered: shared while no one holds it alone nor waits to
  // (waiting alone-holders go first, so retries are not starved), alone while no one holds it.
  asio::awaitable<void> Enter(bool alone);
  // Leaves the gate entered with the same `alone`.
  void Leave(bool alone);

  int shared() const { return shared_; }

 private:
  // Waits for the next Leave().
  asio::awaitable<void> WaitForLeave();

  asio::steady_timer changed_;  // never expires: cancelled to wake every waiter
  int shared_ = 0;
  bool alone_ = false;
  int alone_waiting_ = 0;
};

// Enters a gate for one scope; leaves it even when the scope is left by an exception.
class PgGatePass {
 public:
  PgGatePass(PgWriteGate& gate, bool alone) : gate_(gate), alone_(alone) {}
  ~PgGatePass() { gate_.Leave(alone_); }
  PgGatePass(const PgGatePass&) = delete;
  PgGatePass& operator=(const PgGatePass&) = delete;

 private:
  PgWriteGate& gate_;
  bool alone_;
};

}  // namespace ispcloud::storage::pg
