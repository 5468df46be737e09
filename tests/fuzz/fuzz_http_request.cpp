// libFuzzer target: the request path of the server before any handler runs: Beast's HTTP/1.1
// parser with the server's header and body limits, the origin-form target parsed by Boost.URL,
// the API family of the path and the router's match against a table of real route patterns
// (Plume, TMF, OAuth, system: literal, case-insensitive and typed segments).

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/api_family.h"
#include "http/router.h"

namespace {

namespace http = ispcloud::http;

const http::Router& Routes() {
  static http::Router* router = [] {
    auto* r = new http::Router();
    http::Handler none;
    const char* patterns[] = {
        "/healthz",
        "/api/Customers/{customerId}",
        "/api/Customers/{customerId}/locations/{locationId}/nodes/{nodeId}",
        "/api/Partners/nodes/{nodeId}",
        "/tmf-api/customerManagement/v4/customer/{id}",
        "/tmf-api/party/v5/individual",
        "/api/subscription/{n:int}/history",
        "/realms/{realm}/protocol/openid-connect/token",
    };
    for (const char* p : patterns) {
      r->Add(http::Verb::get, p, http::Access::kBearer, none);
      r->Add(http::Verb::post, p, http::Access::kBearer, none);
    }
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace beast_http = boost::beast::http;
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::system::error_code ec;
  size_t used = 0;
  while (used < size && !parser.is_done()) {
    const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec || n == 0) break;
    used += n;
  }
  if (!parser.is_header_done()) return 0;
  const auto& request = parser.get();
  const std::string target(request.target());
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return 0;
  (void)http::FamilyForPath(url->path());
  std::vector<std::string> segments;
  for (auto seg : url->segments()) segments.emplace_back(seg.begin(), seg.end());
  bool trailing_slash = false;
  if (!segments.empty() && segments.back().empty()) {
    segments.pop_back();
    trailing_slash = !segments.empty();
  }
  (void)Routes().Find(request.method(), segments, trailing_slash);
  return 0;
}
