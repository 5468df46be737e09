#pragma once
// The project-wide short name for Boost.Asio, whose awaitable<T> every asynchronous function
// returns.

#include <boost/asio/awaitable.hpp>

namespace ispcloud {
namespace asio = boost::asio;
}  // namespace ispcloud
