// End-to-end test against a real external OpenID provider: the npm `oidc-provider` package
// (tests/idp/server.mjs, installed by scripts/install-deps.sh) run with node on loopback and
// configured in ispcloud as a `[[auth.trusted_issuer]]`. Its client-credentials JWTs are
// accepted on the Plume API, refused without the partner-admin role or for the wrong audience,
// and accepted again after the provider restarts with a new signing key.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "harness.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;
using namespace std::chrono_literals;

// The node process serving tests/idp/server.mjs. Start() waits for its JSON "ready" line.
class NodeIdp {
 public:
  ~NodeIdp() { Stop(); }

  // Starts the provider on `port` (0 = any free port); false when it printed no ready line
  // within 20 s.
  bool Start(uint16_t port, const std::string& audience) {
    int out[2];
    if (pipe(out) != 0) return false;
    std::string script = std::string(ISPCLOUD_TEST_IDP_DIR) + "/server.mjs";
    std::string port_text = std::to_string(port);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      execlp("node", "node", script.c_str(), "--port", port_text.c_str(), "--audience",
             audience.c_str(), "--partner", "acme", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line = ReadLine(out[0], 20s);
    close(out[0]);
    if (line.empty()) return false;
    auto ready = boost::json::parse(line).as_object();
    port_ = static_cast<uint16_t>(ready.at("port").as_int64());
    kid_ = std::string(ready.at("kid").as_string());
    return true;
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  uint16_t port() const { return port_; }
  const std::string& kid() const { return kid_; }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // A client-credentials access token for `client` (secret: client id + "-secret") asking for
  // `scope`; "" when the provider refuses.
  std::string Token(const std::string& client, const std::string& scope) {
    HttpClient c(port_);
    std::string body = "grant_type=client_credentials&client_id=" + client +
                       "&client_secret=" + client + "-secret&scope=" + FormEncode(scope);
    auto res =
        c.Send(verb::post, "/token", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
    auto json = JsonOf(res);
    if (res.result_int() != 200 || !json.is_object() ||
        !json.as_object().contains("access_token")) {
      ADD_FAILURE() << "IdP token request failed: " << res.body();
      return "";
    }
    return std::string(json.at("access_token").as_string());
  }

 private:
  static std::string ReadLine(int fd, std::chrono::milliseconds timeout) {
    std::string buf;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buf.find('\n') == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "";
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
      char chunk[512];
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return "";
      buf.append(chunk, static_cast<size_t>(n));
    }
    return buf.substr(0, buf.find('\n'));
  }

  // Form encoding of the few characters our scopes use.
  static std::string FormEncode(const std::string& in) {
    std::string out;
    for (char c : in) out += c == ' ' ? std::string("%20") : std::string(1, c);
    return out;
  }

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string kid_;
};

class ExternalIdpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(idp_.Start(0, "api://ispcloud")) << "node tests/idp/server.mjs did not start "
                                                    "(run scripts/install-deps.sh)";
    std::string db = DbUrlOf(dir_.path());
    ASSERT_EQ(
        RunIspcloud({"partner", "create", "--id", "acme", "--name", "Acme", "--db", db}).exit_code,
        0);
    std::string config = dir_.path() + "/ispcloud.toml";
    std::ofstream(config) << "[auth]\njwks_cooldown_seconds = 1\n\n"
                          << "[[auth.trusted_issuer]]\n"
                          << "issuer = \"" << idp_.issuer() << "\"\n"
                          << "jwks_uri = \"" << idp_.issuer() << "/jwks\"\n"
                          << "audience = \"api://ispcloud\"\n"
                          << "preset = \"okta\"\n";
    ASSERT_TRUE(server_.Start(dir_.path(), {"--config", config}));
  }

  // POST /api/Customers/register for partner acme with `token`.
  HttpResponse Register(const std::string& token, const std::string& email) {
    HttpClient c(server_.port());
    std::string body = R"({"partnerId":"acme","accountId":")" + email + R"(","email":")" + email +
                       R"(","name":"Ext"})";
    return c.Send(verb::post, "/api/Customers/register", body,
                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  }

  TempDir dir_;
  NodeIdp idp_;
  ServerProcess server_;
};

TEST_F(ExternalIdpTest, PartnerAdminTokenFromTheIdpIsAccepted) {
  std::string token = idp_.Token("partner-admin", "partnerId:acme role:partnerIdAdmin");
  ASSERT_FALSE(token.empty());
  auto res = Register(token, "ext1@example.org");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  std::string id = S(JsonOf(res).at("id"));

  HttpClient c(server_.port());
  auto got = c.Send(verb::get, "/api/Customers/" + id, "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(got.result_int(), 200u) << got.body();
  EXPECT_EQ(S(JsonOf(got).at("partnerId")), "acme");
}

TEST_F(ExternalIdpTest, TokenWithoutThePartnerAdminRoleIsRefused) {
  std::string token = idp_.Token("partner-norole", "partnerId:acme");
  ASSERT_FALSE(token.empty());
  auto res = Register(token, "ext2@example.org");
  EXPECT_EQ(res.result_int(), 401u) << res.body();
  EXPECT_EQ(S(JsonOf(res).at("error").at("code")), "AUTHORIZATION_REQUIRED");
}

TEST_F(ExternalIdpTest, TokenForAnotherAudienceIsRefused) {
  NodeIdp other;  // same kind of provider, minting for another API
  ASSERT_TRUE(other.Start(0, "api://someone-else"));
  std::string token = other.Token("partner-admin", "partnerId:acme role:partnerIdAdmin");
  ASSERT_FALSE(token.empty());
  auto res = Register(token, "ext3@example.org");
  EXPECT_EQ(res.result_int(), 401u) << res.body();
}

TEST_F(ExternalIdpTest, TokensAreAcceptedAgainAfterTheIdpRotatesItsKey) {
  std::string before = idp_.Token("partner-admin", "partnerId:acme role:partnerIdAdmin");
  ASSERT_EQ(Register(before, "rot1@example.org").result_int(), 200u);

  // Restart on the same port: same issuer, freshly generated key with a new kid.
  uint16_t port = idp_.port();
  std::string old_kid = idp_.kid();
  idp_.Stop();
  ASSERT_TRUE(idp_.Start(port, "api://ispcloud"));
  ASSERT_NE(idp_.kid(), old_kid);
  std::string after = idp_.Token("partner-admin", "partnerId:acme role:partnerIdAdmin");
  ASSERT_FALSE(after.empty());

  // The unknown kid makes ispcloud refetch the JWKS, at most once per cool-down (1 s here), so
  // the first try may land inside the cool-down of the start-up fetch.
  unsigned status = 0;
  for (int attempt = 0; attempt < 20 && status != 200u; ++attempt) {
    status = Register(after, "rot2-" + std::to_string(attempt) + "@example.org").result_int();
    if (status != 200u) std::this_thread::sleep_for(250ms);
  }
  EXPECT_EQ(status, 200u);
}

}  // namespace
}  // namespace ispcloud::e2e
