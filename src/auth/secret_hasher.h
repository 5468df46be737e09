#pragma once
// Runs Argon2id hashing and verification (auth/secret_hash.h) on a small thread pool of its own,
// so that the ~60 ms each costs never stalls an HTTP worker thread. One instance per process,
// shared by every service that checks or stores secrets.

#include <boost/asio/thread_pool.hpp>
#include <string>

#include "core/asio.h"
#include "core/result.h"

namespace ispcloud::auth {

class SecretHasher {
 public:
  explicit SecretHasher(int threads = 2) : pool_(static_cast<size_t>(threads)) {}
  ~SecretHasher() { pool_.join(); }
  SecretHasher(const SecretHasher&) = delete;
  SecretHasher& operator=(const SecretHasher&) = delete;

  // The Argon2id hash of `secret`, computed on the pool; resumes on the caller's executor.
  asio::awaitable<Result<std::string>> Hash(std::string secret);
  // True when `secret` matches `hash`, checked on the pool.
  asio::awaitable<bool> Verify(std::string hash, std::string secret);

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace ispcloud::auth
