#include "auth/secret_hasher.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "auth/secret_hash.h"

namespace ispcloud::auth {

asio::awaitable<Result<std::string>> SecretHasher::Hash(std::string secret) {
  // co_spawn needs a default-constructible result: an empty string stands for a failure.
  auto work = [secret = std::move(secret)]() -> asio::awaitable<std::string> {
    Result<std::string> hash = HashSecret(secret);
    co_return hash ? std::move(*hash) : std::string();
  };
  std::string hash = co_await asio::co_spawn(pool_, std::move(work), asio::use_awaitable);
  if (hash.empty()) co_return MakeError(ErrorCode::kInternal, "Argon2id hashing failed");
  co_return hash;
}

asio::awaitable<bool> SecretHasher::Verify(std::string hash, std::string secret) {
  auto work = [hash = std::move(hash), secret = std::move(secret)]() -> asio::awaitable<bool> {
    co_return VerifySecret(hash, secret);
  };
  bool ok = co_await asio::co_spawn(pool_, std::move(work), asio::use_awaitable);
  co_return ok;
}

}  // namespace ispcloud::auth
