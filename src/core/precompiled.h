// Build-time only: the heavy standard and Boost headers nearly every translation unit parses,
// compiled once per build directory (CMake target_precompile_headers) and force-included. It
// changes nothing in meaning: every file still includes what it uses, and the tree builds the
// same without it (ISPCLOUD_PCH=OFF). Measured on 2 cores: a BSS service file goes from 10.6 s
// to 6.0 s under ASan, because parsing Asio and Boost.JSON was about half of each compile.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
