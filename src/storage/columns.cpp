#include "storage/columns.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ispcloud::storage {

std::string StringListToJson(const std::vector<std::string>& list) {
  boost::json::array a;
  a.reserve(list.size());
  for (const std::string& s : list) a.emplace_back(s);
  return boost::json::serialize(a);
}

std::vector<std::string> StringListFromJson(const std::string& text) {
  std::vector<std::string> out;
  if (text == "[]") return out;  // the common case, without a parser and its allocations
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

Value OptionalText(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(Null{});
}

std::optional<std::string> OptionalTextAt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Text(i);
}

}  // namespace ispcloud::storage
