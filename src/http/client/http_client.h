#pragma once
// The outgoing HTTP client seam: fetching JWKS documents from external identity providers and
// delivering webhook / TMF hub events. Production code uses BeastHttpClient
// (beast_http_client.h); unit tests of its callers use FakeHttpClient (fake_http_client.h).

#include <boost/beast/core/string.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/asio.h"
#include "core/result.h"
#include "http/types.h"

namespace ispcloud::http {

// One request to send. `url` is absolute (http:// or https://); its fragment is not sent.
struct OutgoingRequest {
  beast_http::verb method = beast_http::verb::get;
  std::string url;
  // Sent in order, after the client's defaults; a caller's Host or User-Agent replaces the
  // default one. Connection and Content-Length are always set by the client.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Deadline for the whole exchange: name resolution, connect, TLS handshake, write and read.
  std::chrono::milliseconds timeout{5000};
  // Largest accepted response body; a larger one fails the request.
  size_t max_response_bytes = 1 << 20;
};

// The response as received: any status, headers in arrival order, the whole body.
struct OutgoingResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of the first header called `name` (compared case-insensitively); "" if absent.
  std::string Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (boost::beast::iequals(key, name)) return value;
    }
    return {};
  }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Sends one request and resolves on the caller's executor. A response with any status (3xx,
  // 4xx, 5xx included) is a success: the caller decides what it means; redirects are not
  // followed. Errors: kInvalidArgument for a malformed URL, an unsupported or refused scheme or
  // an invalid header; kUnavailable for name resolution, connect, TLS, timeout, reset or an
  // oversized response, with a message naming host:port and the cause.
  virtual asio::awaitable<Result<OutgoingResponse>> Send(OutgoingRequest request) = 0;
};

}  // namespace ispcloud::http
