#pragma once
// BeastHttpClient: the production HttpClient, Boost.Beast over Asio coroutines, http:// and
// https:// (OpenSSL, peer and host name verified against the system trust store plus an optional
// CA bundle). One connection per request, no redirects, no retries: callers that want retries
// (the webhook dispatcher) or caching (the JWKS cache) add them on top.

#include <memory>
#include <string>

#include "core/result.h"
#include "http/client/http_client.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace ispcloud::http {

struct BeastHttpClientOptions {
  // Extra CA certificates (PEM bundle) trusted in addition to the system store; "" for none.
  std::string ca_file;
  // false: http:// URLs are refused with kInvalidArgument (e.g. production JWKS fetches).
  bool allow_http = true;
};

class BeastHttpClient final : public HttpClient {
 public:
  // Builds a client with its TLS context. Fails with kInvalidArgument when `options.ca_file`
  // cannot be loaded, kInternal when the TLS context cannot be set up.
  static Result<std::unique_ptr<BeastHttpClient>> Create(BeastHttpClientOptions options = {});
  ~BeastHttpClient() override;
  BeastHttpClient(const BeastHttpClient&) = delete;
  BeastHttpClient& operator=(const BeastHttpClient&) = delete;

  // See HttpClient::Send. All I/O runs on the awaiting coroutine's executor, which must not run
  // this coroutine's handlers on several threads at once (an io_context run by one thread, as
  // the server's are, or a strand). Safe to call concurrently from coroutines on different
  // executors. A name resolution that outlives the deadline is abandoned, not awaited.
  asio::awaitable<Result<OutgoingResponse>> Send(OutgoingRequest request) override;

 private:
  BeastHttpClient(BeastHttpClientOptions options, std::unique_ptr<asio::ssl::context> tls);

  BeastHttpClientOptions options_;
  std::unique_ptr<asio::ssl::context> tls_;
};

}  // namespace ispcloud::http
