#include "http/types.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace ispcloud::http {

std::string_view PathParams::Get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return {};
}

int64_t PathParams::GetInt(std::string_view name) const {
  std::string_view v = Get(name);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

Response JsonResponse(int status, const boost::json::value& body) {
  Response res{static_cast<beast_http::status>(status), 11};
  res.set(beast_http::field::content_type, "application/json; charset=utf-8");
  res.body() = boost::json::serialize(body);
  return res;
}

Response EmptyResponse(int status) {
  Response res{static_cast<beast_http::status>(status), 11};
  return res;
}

}  // namespace ispcloud::http
