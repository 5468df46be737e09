#pragma once
// Reading members of the BSS JSON documents (offerings, accounts, settings, carts).

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace ispcloud::domain::bss {

// The string member `key` of `o`, or "" when it is absent or not a string.
std::string StringMember(const boost::json::object& o, std::string_view key);

}  // namespace ispcloud::domain::bss
