#include "core/config.h"

#include <gtest/gtest.h>

namespace ispcloud {
namespace {

TEST(ConfigTest, DefaultsAreValid) {
  Config c;
  EXPECT_TRUE(ValidateConfig(c).ok());
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.database.url, "sqlite:./data/ispcloud.db");
  EXPECT_EQ(c.database.synchronous, "FULL");
  EXPECT_EQ(c.server.max_body_bytes, 1 << 20);
  EXPECT_EQ(c.server.max_header_bytes, 16 << 10);
}

TEST(ConfigTest, FileOverlaysDefaults) {
  Config c;
  Status st = LoadConfigString(
      "[server]\nlisten = \"0.0.0.0:9000\"\nthreads = 3\n"
      "[database]\nurl = \"sqlite:/tmp/x.db\"\nsynchronous = \"NORMAL\"\n"
      "[log]\nlevel = \"debug\"\naccess_log = false\n",
      "test.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(c.server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.server.threads, 3);
  EXPECT_EQ(c.database.url, "sqlite:/tmp/x.db");
  EXPECT_EQ(c.database.synchronous, "NORMAL");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_FALSE(c.log.access_log);
  EXPECT_EQ(c.server.idle_timeout_ms, 60'000);  // untouched default
}

TEST(ConfigTest, ReportsEveryUnknownKeyAndWrongType) {
  Config c;
  Status st = LoadConfigString("[server]\nthreads = \"two\"\nlisten_port = 1\n[extra]\nx = 1\n",
                               "bad.toml", c);
  ASSERT_FALSE(st.ok());
  const std::string& m = st.error().message;
  EXPECT_NE(m.find("server.threads: expected an integer"), std::string::npos) << m;
  EXPECT_NE(m.find("server.listen_port: unknown setting"), std::string::npos) << m;
  EXPECT_NE(m.find("extra: unknown section"), std::string::npos) << m;
}

TEST(ConfigTest, SyntaxErrorNamesLine) {
  Config c;
  Status st = LoadConfigString("[server]\nlisten = \n", "broken.toml", c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("broken.toml:2"), std::string::npos) << st.error().message;
}

TEST(ConfigTest, TrustedIssuersOnly) {
  Config c;
  Status st = LoadConfigString(
      "[[auth.trusted_issuer]]\nissuer = \"https://idp/oauth2/default\"\n"
      "jwks_uri = \"https://idp/oauth2/default/v1/keys\"\naudience = \"api://default\"\n"
      "preset = \"okta\"\n"
      "[[auth.trusted_issuer]]\nissuer = \"https://kc/realms/r\"\n"
      "jwks_uri = \"http://kc/realms/r/protocol/openid-connect/certs\"\naudience = \"account\"\n"
      "preset = \"keycloak\"\n",
      "issuers.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(c.auth.trusted_issuers.size(), 2u);
  EXPECT_EQ(c.auth.trusted_issuers[0].preset, "okta");
  EXPECT_EQ(c.auth.trusted_issuers[1].audience, "account");
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(ConfigTest, ValidationListsEveryProblem) {
  Config c;
  c.server.listen = "nohost";
  c.server.threads = -1;
  c.server.max_body_bytes = 10;
  c.database.synchronous = "sometimes";
  c.log.level = "loud";
  c.auth.trusted_issuers.push_back({"", "ftp://x", "", "azure"});
  Status st = ValidateConfig(c);
  ASSERT_FALSE(st.ok());
  const std::string& m = st.error().message;
  for (const char* needle :
       {"HOST:PORT", "server.threads", "server.max_body_bytes", "database.synchronous", "log.level",
        "issuer is required", "jwks_uri", "audience is required", "preset"}) {
    EXPECT_NE(m.find(needle), std::string::npos) << needle << " in " << m;
  }
}

TEST(ConfigTest, JwksCooldownIsOneToSixtySeconds) {
  Config c;
  EXPECT_EQ(c.auth.jwks_cooldown_seconds, 10);
  Status st = LoadConfigString("[auth]\njwks_cooldown_seconds = 30\n", "auth.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(c.auth.jwks_cooldown_seconds, 30);
  EXPECT_TRUE(ValidateConfig(c).ok());
  for (int bad : {0, 61, -5}) {
    c.auth.jwks_cooldown_seconds = bad;
    Status invalid = ValidateConfig(c);
    ASSERT_FALSE(invalid.ok()) << bad;
    EXPECT_NE(invalid.error().message.find("auth.jwks_cooldown_seconds"), std::string::npos);
  }
  // A value that would wrap around to 10 in an int is refused, not truncated.
  Config wrap;
  Status big = LoadConfigString("[auth]\njwks_cooldown_seconds = 4294967306\n", "big.toml", wrap);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("auth.jwks_cooldown_seconds: integer out of range"),
            std::string::npos)
      << big.error().message;
}

TEST(ConfigTest, EventRetentionIsOneHourToOneYear) {
  Config c;
  EXPECT_EQ(c.events.retention_hours, 72);
  Status st = LoadConfigString("[events]\nretention_hours = 24\n", "events.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(c.events.retention_hours, 24);
  EXPECT_TRUE(ValidateConfig(c).ok());
  for (int bad : {0, 8761}) {
    c.events.retention_hours = bad;
    Status invalid = ValidateConfig(c);
    ASSERT_FALSE(invalid.ok()) << bad;
    EXPECT_NE(invalid.error().message.find("events.retention_hours"), std::string::npos);
  }
  Config unknown;
  EXPECT_FALSE(LoadConfigString("[events]\nkeep = 1\n", "events.toml", unknown).ok());
}

TEST(ConfigTest, PostgresPoolSizeIsOneTo1024) {
  Config c;
  EXPECT_EQ(c.database.pool_size, 16);
  Status st =
      LoadConfigString("[database]\nurl = \"postgresql://db/isp\"\npool_size = 64\n", "pg.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(c.database.pool_size, 64);
  EXPECT_TRUE(ValidateConfig(c).ok());
  for (int bad : {0, 1025}) {
    c.database.pool_size = bad;
    Status invalid = ValidateConfig(c);
    ASSERT_FALSE(invalid.ok()) << bad;
    EXPECT_NE(invalid.error().message.find("database.pool_size"), std::string::npos);
  }
}

TEST(ConfigTest, SqliteCacheIsOneTo65536MiB) {
  Config c;
  EXPECT_EQ(c.database.cache_mb, 64);
  Status st = LoadConfigString("[database]\ncache_mb = 256\n", "cache.toml", c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(c.database.cache_mb, 256);
  EXPECT_TRUE(ValidateConfig(c).ok());
  for (int bad : {0, -5, 65537}) {
    c.database.cache_mb = bad;
    Status invalid = ValidateConfig(c);
    ASSERT_FALSE(invalid.ok()) << bad;
    EXPECT_NE(invalid.error().message.find("database.cache_mb"), std::string::npos);
  }
}

TEST(ConfigTest, TrustedIssuerMayNotRepeat) {
  Config c;
  c.auth.trusted_issuers.push_back(
      {"https://kc/realms/r", "https://kc/certs", "account", "keycloak"});
  c.auth.trusted_issuers.push_back({"https://kc/realms/r", "https://kc/other", "api", "generic"});
  Status st = ValidateConfig(c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("auth.trusted_issuer[1].issuer repeats auth.trusted_issuer[0]"),
            std::string::npos)
      << st.error().message;
}

TEST(ConfigTest, ParsesHostPort) {
  auto a = ParseHostPort("127.0.0.1:0");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 0);
  auto b = ParseHostPort("[::1]:8443");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 8443);
  EXPECT_FALSE(ParseHostPort("localhost").ok());
  EXPECT_FALSE(ParseHostPort("localhost:65536").ok());
  EXPECT_FALSE(ParseHostPort("localhost:80x").ok());
  EXPECT_FALSE(ParseHostPort("localhost:").ok());
}

TEST(ConfigTest, PublicUrlDefaultsToListenAddress) {
  Config c;
  c.server.listen = "0.0.0.0:0";
  EXPECT_EQ(EffectivePublicUrl(c, 1234), "http://127.0.0.1:1234");
  c.server.public_url = "https://isp.example/";
  EXPECT_EQ(EffectivePublicUrl(c, 1234), "https://isp.example");
}

}  // namespace
}  // namespace ispcloud
