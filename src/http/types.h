#pragma once
// HTTP types shared by the server, router and handlers.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/asio.h"

namespace ispcloud::auth {
struct Principal;
}  // namespace ispcloud::auth

namespace ispcloud::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Verb = beast_http::verb;

// Path parameters captured by a route template, percent-decoded.
class PathParams {
 public:
  void Add(std::string_view name, std::string value) {
    items_.emplace_back(name, std::move(value));
  }
  // The value of `name`, or "" when the route has no such parameter.
  std::string_view Get(std::string_view name) const;
  // The value of an `{name:int}` parameter (validated by the router when matching).
  int64_t GetInt(std::string_view name) const;
  // Keeps the first `n` parameters (router backtracking).
  void Truncate(size_t n) { items_.resize(n); }
  size_t size() const { return items_.size(); }

 private:
  std::vector<std::pair<std::string_view, std::string>> items_;
};

struct Route;

// Everything a handler may know about the request it serves.
struct RequestContext {
  Request& request;
  const Route& route;
  PathParams params;
  std::string request_id;
  std::string_view path;   // as received (percent-encoded), without the query
  std::string_view query;  // as received, without '?'
  asio::ip::address remote;
  // Set by the authenticator on routes that need a bearer token.
  std::shared_ptr<const auth::Principal> principal;
};

using Handler = std::function<asio::awaitable<Response>(RequestContext&)>;

// Builds a JSON response: Content-Type application/json; charset=utf-8.
Response JsonResponse(int status, const boost::json::value& body);
// Builds a response with no body (e.g. 204).
Response EmptyResponse(int status);

}  // namespace ispcloud::http
