#pragma once
// RunSync: drives one coroutine to completion on the calling thread, for CLI commands and tests.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace ispcloud::storage {

namespace asio = boost::asio;

namespace run_sync_internal {

// co_spawn hands a default-constructed T to its handler on failure, which Result<T> is not;
// storing the value from inside the coroutine avoids that requirement.
template <class T>
asio::awaitable<void> StoreResult(asio::awaitable<T> work, std::optional<T>* out) {
  out->emplace(co_await std::move(work));
}

}  // namespace run_sync_internal

// Runs `work` on a private io_context until it completes and returns its value; an exception
// thrown by `work` is rethrown here. Blocks the calling thread, so never call it from a thread
// that runs an io_context `work` depends on (e.g. a server thread).
template <class T>
T RunSync(asio::awaitable<T> work) {
  asio::io_context ctx(1);
  std::exception_ptr failure;
  auto on_done = [&failure](std::exception_ptr e) { failure = std::move(e); };
  if constexpr (std::is_void_v<T>) {
    asio::co_spawn(ctx, std::move(work), on_done);
    ctx.run();
    if (failure) std::rethrow_exception(failure);
  } else {
    std::optional<T> result;
    asio::co_spawn(ctx, run_sync_internal::StoreResult(std::move(work), &result), on_done);
    ctx.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
  }
}

}  // namespace ispcloud::storage
