#pragma once
// Shared set-up of the TMF e2e tests: one server per test suite with a Keycloak-style realm
// "obp", the confidential client "obp-apigw" (see below for its scopes), and,
// created on first use, a read-only client "obp-reader" (obp-apigw:read only) and users with
// Optiva permissions:
//   admin   *:*:*, availableSpids=*          (any SPID, given by the spid header)
//   alice   1:*:*, availableSpids=1:HappyPhone
//   bob     2:*:*, availableSpids=2:Other
//   reader  1:customer:get, availableSpids=1
//   csr     csr-all-operations, availableSpids=1   (get/post/delete, no patch)
//   carol   1:*:*, availableSpids=1:HappyPhone, allowCsrToManageCreditLimit and
//           allowCsrToManageMonthlySpendLimit true
//   sup     1:*:* and 1:approveAdjsutment:*, availableSpids=1:HappyPhone
//   spadmin 1:admin, availableSpids=1
// The client obp-apigw has the three scopes obp-apigw:read, :write and :admin.
// Tests that need an empty collection use a SPID of their own (NextSpid) through admin.
// SPIDs 1 (HappyPhone) and 2 (Other) are configured with `ispcloud sp create` at set-up; every
// other SPID answers 404 ERCRT1015 (OPTIVA-API.md §1.6 step 5).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <memory>
#include <string>

#include "harness.h"

namespace ispcloud::e2e {

class TmfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  // A password-grant access token of `user` through `client` ("" when refused).
  static std::string TokenOf(const std::string& user, const std::string& client = "obp-apigw");
  // The token of a user listed above, or of alice through obp-reader ("alice-read-scope").
  static std::string Token(const std::string& key);
  static std::string Admin() { return Token("admin"); }
  static std::string Alice() { return Token("alice"); }
  static std::string Bob() { return Token("bob"); }
  static std::string Reader() { return Token("reader"); }
  static std::string Csr() { return Token("csr"); }
  static std::string Sup() { return Token("sup"); }
  static std::string SpAdmin() { return Token("spadmin"); }
  static std::string Carol() { return Token("carol"); }
  static std::string ReadOnlyScope() { return Token("alice-read-scope"); }
  // A SPID no other test uses (>= 100), created with `ispcloud sp create`.
  static std::string NextSpid();
  // Creates service provider `spid` through the CLI (asserting success).
  static void CreateSpid(const std::string& spid, const std::string& name,
                         const std::string& currency = "USD");
  static std::string DbUrl();

  // Sends a request with a bearer token (none when `token` is empty), a spid header when
  // `spid` is not empty, and a JSON body with `content_type`.
  static HttpResponse Call(beast_http::verb method, const std::string& target,
                           const std::string& token, const std::string& spid = "",
                           const std::string& body = "",
                           const std::string& content_type = "application/json");
  static HttpResponse Post(const std::string& target, const boost::json::value& body,
                           const std::string& token, const std::string& spid = "") {
    return Call(beast_http::verb::post, target, token, spid, boost::json::serialize(body));
  }
  // POST of a JSON body with extra headers (Idempotency-Key, Transaction-Id, ...).
  static HttpResponse PostWithHeaders(const std::string& target, const boost::json::value& body,
                                      const std::string& token, const std::string& spid,
                                      std::map<std::string, std::string> headers);
  static HttpResponse Get(const std::string& target, const std::string& token,
                          const std::string& spid = "") {
    return Call(beast_http::verb::get, target, token, spid);
  }
  static HttpResponse Patch(const std::string& target, const boost::json::value& body,
                            const std::string& token, const std::string& spid = "",
                            const std::string& content_type = "application/merge-patch+json") {
    return Call(beast_http::verb::patch, target, token, spid, boost::json::serialize(body),
                content_type);
  }
  static HttpResponse Delete(const std::string& target, const std::string& token,
                             const std::string& spid = "") {
    return Call(beast_http::verb::delete_, target, token, spid);
  }
  // Creates a resource and returns the response body (asserting 201).
  static boost::json::object Create(const std::string& base, const boost::json::value& body,
                                    const std::string& token, const std::string& spid = "");
  static std::string BaseUrl() { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  // Asserts a TMF error body with the HTTP status and code; returns the body.
  static boost::json::object ExpectError(const HttpResponse& res, int status,
                                         const std::string& code);
  // True when the error body's `errors` name `field`.
  static bool NamesField(const boost::json::object& error, const std::string& field);

  static TempDir* dir_;
  static ServerProcess* server_;
  static std::map<std::string, std::string>* tokens_;
  static std::atomic<int> next_spid_;
};

boost::json::value J(std::string_view text);

}  // namespace ispcloud::e2e
