#include "auth/bearer_authenticator.h"

#include <boost/beast/http/field.hpp>

#include "core/log.h"
#include "core/strings.h"
#include "http/router.h"

namespace ispcloud::auth {
namespace {

constexpr std::string_view kBearer = "Bearer ";

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

Error InvalidToken() {
  return MakeError(ErrorCode::kUnauthenticated, "the bearer token is invalid or expired",
                   "invalid_token");
}

}  // namespace

http::Authenticator MakeBearerAuthenticator(TokenVerifier& verifier,
                                            std::optional<LoginTokens> login_tokens) {
  return [&verifier, login_tokens = std::move(login_tokens)](
             http::RequestContext& ctx) -> asio::awaitable<Status> {
    if (login_tokens && ctx.route.family == http::ApiFamily::kPlume) {
      std::string login_token = login_tokens->extract(ctx);
      if (!login_token.empty()) {
        auto principal = co_await login_tokens->resolve(std::move(login_token));
        if (!principal && principal.error().code != ErrorCode::kUnauthenticated) {
          co_return principal.error();  // e.g. database unavailable: 503
        }
        if (!principal) {
          LogInfo("token_rejected",
                  {{"request_id", ctx.request_id}, {"reason", "unknown or expired login token"}});
          co_return InvalidToken();
        }
        ctx.principal = std::make_shared<const Principal>(std::move(*principal));
        co_return Ok();
      }
    }

    std::string_view header = ctx.request[boost::beast::http::field::authorization];
    if (header.empty()) {
      co_return MakeError(ErrorCode::kUnauthenticated, "a bearer token is required");
    }
    if (header.size() <= kBearer.size() || !IStartsWith(header, kBearer)) {
      co_return MakeError(ErrorCode::kUnauthenticated, "the Authorization header is not Bearer",
                          "invalid_token");
    }
    std::string_view token = TrimLeft(header.substr(kBearer.size()));
    auto principal = co_await verifier.Verify(token);
    if (!principal && principal.error().code != ErrorCode::kUnauthenticated) {
      co_return principal.error();  // e.g. database unavailable: 503, not a bad token
    }
    if (!principal) {
      LogInfo("token_rejected",
              {{"request_id", ctx.request_id}, {"reason", principal.error().message}});
      co_return InvalidToken();
    }
    ctx.principal = std::move(*principal);
    co_return Ok();
  };
}

}  // namespace ispcloud::auth
