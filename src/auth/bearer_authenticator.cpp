#include "auth/bearer_authenticator.h"

#include <boost/beast/http/field.hpp>

#include "core/log.h"
#include "core/strings.h"

namespace ispcloud::auth {

http::Authenticator MakeBearerAuthenticator(TokenVerifier& verifier) {
  return [&verifier](http::RequestContext& ctx) -> asio::awaitable<Status> {
    std::string_view header = ctx.request[boost::beast::http::field::authorization];
    if (header.empty()) {
      co_return MakeError(ErrorCode::kUnauthenticated, "a bearer token is required");
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || !IStartsWith(header, kBearer)) {
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
