#include "api/error_render.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "storage/db.h"

namespace ispcloud::api {
namespace {

using http::ApiFamily;

boost::json::value Body(const http::Response& r) {
  return boost::json::parse(r.body());
}

TEST(ErrorRenderTest, PlumeLoopBackShape) {
  auto res =
      RenderError(ApiFamily::kPlume,
                  MakeError(ErrorCode::kNotFound, "Unable to find Node", "NODE_NOT_FOUND"), "rid");
  EXPECT_EQ(res.result_int(), 404u);
  auto e = Body(res).at("error");
  EXPECT_EQ(e.at("statusCode"), 404);
  EXPECT_EQ(e.at("status"), 404);
  EXPECT_EQ(e.at("name"), "Error");
  EXPECT_EQ(e.at("code"), "NODE_NOT_FOUND");
  EXPECT_EQ(e.at("message"), "Unable to find Node");
}

// A full, read-only or busy database: 503 + Retry-After, the reason in plain words, never the
// driver's message (it quotes SQL), in every family.
TEST(ErrorRenderTest, StorageFailuresAre503WithoutDriverDetail) {
  const Error full = MakeError(ErrorCode::kUnavailable,
                               "sqlite: step failed: database or disk is full; SQL: 'INSERT x'",
                               std::string(storage::kDbFull));
  auto plume = RenderError(ApiFamily::kPlume, full, "rid-1");
  EXPECT_EQ(plume.result_int(), 503u);
  EXPECT_EQ(plume[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(plume.body().find("INSERT"), std::string::npos) << plume.body();
  EXPECT_EQ(plume.body().find("DB_FULL"), std::string::npos) << plume.body();
  const auto e = Body(plume).at("error");
  EXPECT_EQ(e.at("code"), "SERVICE_UNAVAILABLE");
  EXPECT_EQ(e.at("message"),
            "service unavailable: the database is full; retry later (request id rid-1)");

  const Error read_only = MakeError(ErrorCode::kUnavailable, "sqlite: attempt to write; SQL: x",
                                    std::string(storage::kDbReadOnly));
  auto tmf = RenderError(ApiFamily::kTmf, read_only, "rid-2");
  EXPECT_EQ(tmf.result_int(), 503u);
  EXPECT_EQ(Body(tmf).at("code"), "ERCRT1503");
  EXPECT_NE(Body(tmf).at("message").as_string().find("read-only"), std::string::npos);
  EXPECT_EQ(tmf.body().find("SQL"), std::string::npos) << tmf.body();

  const Error unreachable =
      MakeError(ErrorCode::kUnavailable, "postgres: cannot connect to the database: refused",
                std::string(storage::kDbUnavailable));
  auto oauth = RenderError(ApiFamily::kOAuth, unreachable, "rid-3");
  EXPECT_EQ(oauth.result_int(), 503u);
  EXPECT_EQ(Body(oauth).at("error"), "temporarily_unavailable");
  EXPECT_EQ(Body(oauth).at("error_description"),
            "service unavailable: the database is unreachable; retry later (request id rid-3)");
  EXPECT_EQ(oauth.body().find("DB_"), std::string::npos) << oauth.body();

  const Error io = MakeError(ErrorCode::kUnavailable,
                             "sqlite: executing statement failed: disk I/O error; SQL: COMMIT",
                             std::string(storage::kDbIoError));
  auto io_res = RenderError(ApiFamily::kPlume, io, "rid-4");
  EXPECT_EQ(io_res.result_int(), 503u);
  EXPECT_EQ(io_res[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(Body(io_res).at("error").at("message"),
            "service unavailable: the database storage failed; retry later (request id rid-4)");
  EXPECT_EQ(io_res.body().find("COMMIT"), std::string::npos) << io_res.body();
}

TEST(ErrorRenderTest, PlumeValidationIs422WithDetails) {
  Error err = MakeError(ErrorCode::kValidation, "invalid");
  err.context = "Customer";
  err.fields = {{"email", "format", "bad email"}, {"name", "presence", "required"}};
  auto res = RenderError(ApiFamily::kPlume, err, "rid");
  EXPECT_EQ(res.result_int(), 422u);
  auto e = Body(res).at("error");
  EXPECT_EQ(e.at("name"), "ValidationError");
  EXPECT_EQ(e.at("code"), "VALIDATION_ERROR");
  EXPECT_EQ(e.at("details").at("context"), "Customer");
  EXPECT_EQ(e.at("details").at("codes").at("email").at(0), "format");
  EXPECT_EQ(e.at("details").at("messages").at("name").at(0), "required");
}

TEST(ErrorRenderTest, PlumeMethodMismatchIs404) {
  auto res = RenderError(ApiFamily::kPlume, MakeError(ErrorCode::kMethodNotAllowed, "x"), "r");
  EXPECT_EQ(res.result_int(), 404u);
}

TEST(ErrorRenderTest, TmfShapeWithFieldErrors) {
  Error err = MakeError(ErrorCode::kValidation, "invalid customer");
  err.fields = {{"engagedParty.id", "required", "missing"}};
  auto res = RenderError(ApiFamily::kTmf, err, "rid");
  EXPECT_EQ(res.result_int(), 400u);
  auto b = Body(res);
  EXPECT_EQ(b.at("code"), "ERCRT1001");
  EXPECT_EQ(b.at("reason"), "Bad Request");
  EXPECT_EQ(b.at("status"), "400");
  EXPECT_EQ(b.at("@type"), "Error");
  EXPECT_EQ(b.at("errors").at(0).at("field"), "engagedParty.id");
  EXPECT_EQ(b.at("errors").at(0).at("issue"), "required");
}

TEST(ErrorRenderTest, InternalErrorsHideTheirMessage) {
  Error err = MakeError(ErrorCode::kInternal, "SQL: no such table secret_things");
  for (ApiFamily f : {ApiFamily::kPlume, ApiFamily::kTmf, ApiFamily::kOAuth, ApiFamily::kSystem}) {
    auto res = RenderError(f, err, "req-9");
    EXPECT_EQ(res.result_int(), 500u);
    EXPECT_EQ(res.body().find("secret_things"), std::string::npos) << res.body();
    EXPECT_NE(res.body().find("req-9"), std::string::npos) << res.body();
  }
}

TEST(ErrorRenderTest, UnauthenticatedCarriesWwwAuthenticate) {
  auto res = RenderError(ApiFamily::kTmf, MakeError(ErrorCode::kUnauthenticated, "no token"), "r");
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(res[boost::beast::http::field::www_authenticate], "Bearer");
  EXPECT_EQ(Body(res).at("code"), "ERCRT1401");
}

TEST(ErrorRenderTest, OAuthShapeAndNoStore) {
  auto res =
      RenderError(ApiFamily::kOAuth,
                  MakeError(ErrorCode::kUnauthenticated, "bad secret", "invalid_client"), "r");
  EXPECT_EQ(res.result_int(), 401u);
  auto b = Body(res);
  EXPECT_EQ(b.at("error"), "invalid_client");
  EXPECT_EQ(b.at("error_description"), "bad secret");
  EXPECT_EQ(res[boost::beast::http::field::cache_control], "no-store");
}

TEST(ErrorRenderTest, UnavailableCarriesRetryAfter) {
  auto res = RenderError(ApiFamily::kTmf, MakeError(ErrorCode::kUnavailable, "db down"), "r");
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(res[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(Body(res).at("code"), "ERCRT1503");
}

}  // namespace
}  // namespace ispcloud::api
