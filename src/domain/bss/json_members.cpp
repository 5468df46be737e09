#include "domain/bss/json_members.h"

namespace ispcloud::domain::bss {

std::string StringMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> IntMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

const boost::json::object* ComponentAttributes(const boost::json::object& component) {
  const boost::json::value* a = component.if_contains("attributes");
  return a != nullptr && a->is_object() ? &a->get_object() : nullptr;
}

boost::json::value JsonOrNull(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value JsonOrNull(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace ispcloud::domain::bss
