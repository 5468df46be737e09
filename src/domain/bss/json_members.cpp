#include "domain/bss/json_members.h"

namespace ispcloud::domain::bss {

std::string StringMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace ispcloud::domain::bss
