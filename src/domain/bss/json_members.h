#pragma once
// Reading members of the BSS JSON documents (offerings, accounts, settings, carts).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ispcloud::domain::bss {

// The string member `key` of `o`, or "" when it is absent or not a string.
std::string StringMember(const boost::json::object& o, std::string_view key);

// The integer member `key` of `o`, or nullopt when it is absent or not an integer.
std::optional<int64_t> IntMember(const boost::json::object& o, std::string_view key);

// The `attributes` object of a catalogue component, or nullptr.
const boost::json::object* ComponentAttributes(const boost::json::object& component);

// `v` as a JSON value, or null when absent.
boost::json::value JsonOrNull(const std::optional<std::string>& v);
boost::json::value JsonOrNull(const std::optional<int64_t>& v);

}  // namespace ispcloud::domain::bss
