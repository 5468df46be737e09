#include "auth/bearer_authenticator.h"

#include <boost/beast/http/field.hpp>

#include "core/log.h"

namespace ispcloud::auth {

http::Authenticator MakeBearerAuthenticator(TokenVerifier& verifier) {
  return [&verifier](http::RequestContext& ctx) -> asio::awaitable<Status> {
    std::string_view header = ctx.request[boost::beast::http::field::authorization];
    if (header.empty()) {
      co_return MakeError(ErrorCode::kUnauthenticated, "a bearer token is required");
    }
    constexpr std::string_view kBearer = "bearer ";
    bool is_bearer = header.size() > kBearer.size();
    for (size_t i = 0; is_bearer && i < kBearer.size(); ++i) {
      char c = header[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      is_bearer = c == kBearer[i];
    }
    if (!is_bearer) {
      co_return MakeError(ErrorCode::kUnauthenticated, "the Authorization header is not Bearer",
                          "invalid_token");
    }
    std::string_view token = header.substr(kBearer.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    auto principal = co_await verifier.Verify(token);
    if (!principal && principal.error().code != ErrorCode::kUnauthenticated) {
      co_return principal.error();  // e.g. database unavailable: 503, not a bad token
    }
    if (!principal) {
      LogInfo("token_rejected",
              {{"request_id", ctx.request_id}, {"reason", principal.error().message}});
      co_return MakeError(ErrorCode::kUnauthenticated, "the bearer token is invalid or expired",
                          "invalid_token");
    }
    ctx.principal = std::move(*principal);
    co_return Ok();
  };
}

}  // namespace ispcloud::auth
