// Request-body decoding of the Plume family (PLUME-API.md §1.2) and the customer/location field
// rules (§5.1, §6.2).

#include <gtest/gtest.h>

#include "api/error_render.h"
#include "api/plume/body.h"
#include "domain/plume/customer_rules.h"

namespace ispcloud {
namespace {

using api::plume::Body;
using api::plume::DecodeBody;
using api::plume::FieldReader;

Body Decoded(std::string_view type, std::string_view text) {
  auto body = DecodeBody(type, text);
  EXPECT_TRUE(body.ok()) << body.error().message;
  return body.ok() ? std::move(*body) : Body{};
}

TEST(PlumeBodyTest, JsonObjectIsDecodedWhateverTheCaseAndParameters) {
  Body b = Decoded("Application/JSON; charset=utf-8", R"({"name":"Ada","n":3})");
  EXPECT_FALSE(b.form);
  FieldReader r(b);
  EXPECT_EQ(r.String("name"), "Ada");
  EXPECT_EQ(r.Int("n"), 3);
  EXPECT_TRUE(r.errors().empty());
}

TEST(PlumeBodyTest, MalformedOrNonObjectJsonIsInvalidJson) {
  for (std::string_view text : {"{\"a\":", "[1,2]", "\"text\"", "42", "null", "{} x"}) {
    auto body = DecodeBody("application/json", text);
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(body.error().api_code, "INVALID_JSON");
  }
}

TEST(PlumeBodyTest, InvalidJsonRendersAsSyntaxError400) {
  auto body = DecodeBody("application/json", "{oops");
  ASSERT_FALSE(body.ok());
  http::Response res = api::RenderError(http::ApiFamily::kPlume, body.error(), "rid");
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_NE(res.body().find("\"name\":\"SyntaxError\""), std::string::npos) << res.body();
  EXPECT_NE(res.body().find("\"code\":\"INVALID_JSON\""), std::string::npos);
}

TEST(PlumeBodyTest, EmptyBodyHasNoFieldsWhateverTheMediaType) {
  EXPECT_TRUE(Decoded("", "").fields.empty());
  EXPECT_TRUE(Decoded("text/plain", "").fields.empty());
}

TEST(PlumeBodyTest, OtherMediaTypeWithABodyIsUnsupported) {
  for (std::string_view type : {"text/plain", "", "application/xml"}) {
    auto body = DecodeBody(type, "name=x");
    ASSERT_FALSE(body.ok()) << type;
    EXPECT_EQ(body.error().code, ErrorCode::kUnsupportedMedia);
    EXPECT_EQ(body.error().api_code, "UNSUPPORTED_MEDIA_TYPE");
    EXPECT_EQ(HttpStatus(body.error().code), 415);
  }
}

TEST(PlumeBodyTest, FormValuesAreCoercedByFieldType) {
  Body b = Decoded("application/x-www-form-urlencoded",
                   "name=Ada+L%C3%B6&emailVerified=true&off=false&n=12&bad=yes");
  EXPECT_TRUE(b.form);
  FieldReader r(b);
  EXPECT_EQ(r.String("name"), "Ada L\xC3\xB6");
  EXPECT_EQ(r.Bool("emailVerified"), true);
  EXPECT_EQ(r.Bool("off"), false);
  EXPECT_EQ(r.Int("n"), 12);
  EXPECT_EQ(r.Bool("bad"), std::nullopt);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].field, "bad");
  EXPECT_EQ(r.errors()[0].rule, "type");
}

TEST(PlumeBodyTest, MalformedFormIsBadRequest) {
  auto body = DecodeBody("application/x-www-form-urlencoded", "a=%zz");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
}

TEST(PlumeBodyTest, EveryWrongTypeIsCollectedAndReadsAsAbsent) {
  Body b = Decoded("application/json",
                   R"({"name":3,"email":true,"flag":"maybe","n":"1.5","ok":"true","s":null})");
  FieldReader r(b);
  EXPECT_EQ(r.String("name"), std::nullopt);
  EXPECT_EQ(r.String("email"), std::nullopt);
  EXPECT_EQ(r.Bool("flag"), std::nullopt);
  EXPECT_EQ(r.Int("n"), std::nullopt);
  EXPECT_EQ(r.Bool("ok"), true);           // strings "true"/"false" are booleans
  EXPECT_EQ(r.String("s"), std::nullopt);  // null reads as absent, not as an error
  EXPECT_EQ(r.String("missing"), std::nullopt);
  std::vector<std::string> fields;
  for (const FieldError& f : r.errors()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"name", "email", "flag", "n"}));
  EXPECT_TRUE(r.Has("s"));
  EXPECT_EQ(r.Names().size(), 6u);
}

std::vector<std::string> Rules(void (*check)(std::string_view, std::vector<FieldError>&),
                               std::string_view value) {
  std::vector<FieldError> out;
  check(value, out);
  std::vector<std::string> rules;
  for (const FieldError& f : out) rules.push_back(f.rule);
  return rules;
}

using Strings = std::vector<std::string>;

TEST(PlumeCustomerRulesTest, AccountIdLengthAndQuotes) {
  using domain::plume::CheckAccountId;
  EXPECT_EQ(Rules(CheckAccountId, "CRM-01"), Strings{});
  EXPECT_EQ(Rules(CheckAccountId, "12345"), Strings{"length.min"});
  EXPECT_EQ(Rules(CheckAccountId, std::string(129, 'a')), Strings{"length.max"});
  EXPECT_EQ(Rules(CheckAccountId, std::string(128, 'a')), Strings{});
  EXPECT_EQ(Rules(CheckAccountId, "CRM\"0001"), Strings{"format"});
  EXPECT_EQ(Rules(CheckAccountId,
                  "CRM\xE2\x80\x9C"
                  "0001"),
            Strings{"format"});
  EXPECT_EQ(Rules(CheckAccountId,
                  "CRM\xE2\x80\x9D"
                  "0001"),
            Strings{"format"});
  // Lengths count code points: six two-byte characters are six characters.
  EXPECT_EQ(Rules(CheckAccountId, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"), Strings{});
}

TEST(PlumeCustomerRulesTest, Email) {
  using domain::plume::CheckEmail;
  EXPECT_EQ(Rules(CheckEmail, "ada@example.org"), Strings{});
  for (std::string_view bad : {"ada", "@example.org", "a@b@example.org", "ada@example",
                               "ada@exa mple.org", "ada@example.", "ada@.org"}) {
    EXPECT_EQ(Rules(CheckEmail, bad), Strings{"format"}) << bad;
  }
  EXPECT_EQ(Rules(CheckEmail, std::string(250, 'a') + "@x.org"), Strings{"length.max"});
}

TEST(PlumeCustomerRulesTest, PasswordNeedsTwoClassesAndEightCharacters) {
  using domain::plume::CheckPassword;
  EXPECT_EQ(Rules(CheckPassword, "password1"), Strings{});
  EXPECT_EQ(Rules(CheckPassword, "Password"), Strings{});
  EXPECT_EQ(Rules(CheckPassword, "pass-word"), Strings{});
  EXPECT_EQ(Rules(CheckPassword, "password"), Strings{"custom"});
  EXPECT_EQ(Rules(CheckPassword, "12345678"), Strings{"custom"});
  EXPECT_EQ(Rules(CheckPassword, "Pass1"), Strings{"length.min"});
  EXPECT_EQ(Rules(CheckPassword, std::string(129, 'a') + "1"), Strings{"length.max"});
}

TEST(PlumeCustomerRulesTest, ProfileAndAcceptLanguage) {
  using domain::plume::CheckAcceptLanguage;
  using domain::plume::CheckProfile;
  EXPECT_EQ(Rules(CheckProfile, "auto"), Strings{});
  EXPECT_EQ(Rules(CheckProfile, "smallbusiness"), Strings{});
  EXPECT_EQ(Rules(CheckProfile, "property"), Strings{"inclusion"});
  EXPECT_EQ(Rules(CheckProfile, "Auto"), Strings{"inclusion"});
  for (std::string_view good : {"en", "en-US", "fra", "zh-Hant-TW", "de-DE-1996", "es-419"}) {
    EXPECT_EQ(Rules(CheckAcceptLanguage, good), Strings{}) << good;
  }
  for (std::string_view bad :
       {"", "e", "engl", "en_US", "en-", "en-U", "en-a-b-c-d", "en-abcdefghi", "en-US-"}) {
    EXPECT_EQ(Rules(CheckAcceptLanguage, bad), Strings{"format"}) << bad;
  }
}

TEST(PlumeCustomerRulesTest, NamesAndCheckpoints) {
  std::vector<FieldError> out;
  domain::plume::CheckName("", 0, out);
  EXPECT_TRUE(out.empty());
  domain::plume::CheckName("", 1, out);
  domain::plume::CheckName("Ada \"the\" first", 0, out);
  domain::plume::CheckName(std::string(129, 'x'), 0, out);
  domain::plume::CheckCheckpoint("onboardingCheckpoint", "Done", out);
  domain::plume::CheckCheckpoint("onboardingCheckpoint", "PodsAdded", out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].rule, "length.min");
  EXPECT_EQ(out[1].rule, "format");
  EXPECT_EQ(out[2].rule, "length.max");
  EXPECT_EQ(out[3].field, "onboardingCheckpoint");
  EXPECT_EQ(out[3].rule, "inclusion");
}

}  // namespace
}  // namespace ispcloud
