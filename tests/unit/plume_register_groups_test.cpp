// registerWithGroups (PLUME-API.md §5.2) and email verification (§5.6, §5.7) against a real
// SQLite database: the group rules for partner and group admins, the hashed verification token
// published through the outbox, confirmation and every refusal.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "auth/secret_hash.h"
#include "domain/plume/email_verification_service.h"
#include "plume_service_fixture.h"

namespace ispcloud::domain::plume {
namespace {

using storage::RunSync;
using storage::test_support::QueryRead;
using storage::test_support::ScalarInt;
using test_support::PlumeServiceTest;

std::string AsciiUpperForTest(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class RegisterWithGroupsTest : public PlumeServiceTest {
 protected:
  Result<Registered> RegisterWith(const auth::Principal& caller,
                                  std::optional<std::vector<std::string>> groups,
                                  std::optional<std::string> partner, std::string account) {
    RegisterInput in;
    in.with_groups = true;
    in.group_ids = std::move(groups);
    in.partner_id = std::move(partner);
    in.account_id = std::move(account);
    return RunSync(customers_->Register(caller, actor_, std::move(in)));
  }
};

TEST_F(RegisterWithGroupsTest, GroupsNameThePartnerAndBecomeTheCustomersGroups) {
  using Groups = std::vector<std::string>;
  auto r =
      RegisterWith(PartnerAdmin(), Groups{"north", "south", "north"}, std::nullopt, "ACCT-0001");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->customer.partner_id, "acme");
  EXPECT_EQ(r->customer.source, "Customer.registerWithGroups");
  EXPECT_EQ(r->customer.group_ids, (Groups{"north", "south"}));
  auto home = RunSync(customers_->GetLocation(PartnerAdmin(), r->customer.id, r->location_id));
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->group_ids, (Groups{"north", "south"}));
  // Both partnerId and groups, consistent.
  EXPECT_TRUE(RegisterWith(PartnerAdmin(), Groups{"north"}, "acme", "ACCT-0002").ok());
  // partnerId only: the default group, as register does; the source still says WithGroups.
  auto plain = RegisterWith(PartnerAdmin(), std::nullopt, "acme", "ACCT-0003");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->customer.source, "Customer.registerWithGroups");
  ASSERT_EQ(plain->customer.group_ids.size(), 1u);
  EXPECT_NE(plain->customer.group_ids[0], "north");
  // A group admin may name its own groups only.
  auto own =
      RegisterWith(GroupUser("north", "groupAdmin"), Groups{"north"}, std::nullopt, "ACCT-0004");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->customer.group_ids, (Groups{"north"}));
}

TEST_F(RegisterWithGroupsTest, RefusalsInTheirOrder) {
  using Groups = std::vector<std::string>;
  const int64_t events = EventCount();
  auto missing = RegisterWith(PartnerAdmin(), Groups{}, std::nullopt, "ACCT-0001");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  auto no_account = RegisterWith(PartnerAdmin(), Groups{"north"}, std::nullopt, "");
  ASSERT_FALSE(no_account.ok());
  EXPECT_EQ(no_account.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  auto unknown = RegisterWith(PartnerAdmin(), Groups{"nowhere"}, std::nullopt, "ACCT-0001");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().api_code, "MODEL_NOT_FOUND");
  auto unknown_partner = RegisterWith(PartnerAdmin(), Groups{"north"}, "nope", "ACCT-0001");
  ASSERT_FALSE(unknown_partner.ok());
  EXPECT_EQ(unknown_partner.error().api_code, "PARTNER_NOT_FOUND");
  // The other partner's default group next to acme's: two partners.
  std::string other_default;
  {
    auto rows = QueryRead(*db_, "SELECT id FROM partner_groups WHERE partner_id = 'other'");
    ASSERT_TRUE(rows.ok());
    other_default = rows->rows.at(0).Text(0);
  }
  auto mixed =
      RegisterWith(PartnerAdmin(), Groups{"north", other_default}, std::nullopt, "ACCT-0001");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().api_code, "AUTHORIZATION_REQUIRED");
  auto mismatch = RegisterWith(PartnerAdmin(), Groups{"north"}, "other", "ACCT-0001");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().api_code, "AUTHORIZATION_REQUIRED");
  // Another partner's admin naming acme's groups.
  auto foreign = RegisterWith(PartnerAdmin("other"), Groups{"north"}, std::nullopt, "ACCT-0001");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().api_code, "AUTHORIZATION_REQUIRED");
  // A group admin naming a group it is not in.
  auto outside = RegisterWith(GroupUser("north", "groupAdmin"), Groups{"north", "south"},
                              std::nullopt, "ACCT-0001");
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().api_code, "AUTHORIZATION_REQUIRED");
  Groups many(101, "north");
  auto too_many = RegisterWith(PartnerAdmin(), many, std::nullopt, "ACCT-0001");
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kValidation);
  // A wrong type for groupIds is a 422 before anything else.
  RegisterInput typed;
  typed.with_groups = true;
  typed.decode_errors = {{"groupIds", "type", "must be a list of strings"}};
  auto bad_type = RunSync(customers_->Register(PartnerAdmin(), actor_, std::move(typed)));
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().code, ErrorCode::kValidation);
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM plume_customers"), 0);
  EXPECT_EQ(EventCount(), events);
}

TEST_F(RegisterWithGroupsTest, RegisterIgnoresGroupIds) {
  RegisterInput in;
  in.partner_id = "acme";
  in.account_id = "ACCT-0001";
  in.group_ids = std::vector<std::string>{"north"};
  auto r = RunSync(customers_->Register(PartnerAdmin(), actor_, std::move(in)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->customer.source, "Customer.register");
  EXPECT_NE(r->customer.group_ids, std::vector<std::string>{"north"});
}

class EmailVerificationTest : public PlumeServiceTest {
 protected:
  void SetUp() override {
    PlumeServiceTest::SetUp();
    verifications_ = std::make_unique<EmailVerificationService>(*db_, clock_, ids_, random_);
    RegisterInput in;
    in.partner_id = "acme";
    in.account_id = "ACCT-0001";
    in.email = "Ada@Example.org";
    auto r = RunSync(customers_->Register(GroupUser("north", "groupAdmin"), actor_, std::move(in)));
    ASSERT_TRUE(r.ok());
    customer_ = r->customer.id;
  }

  Status Resend(const auth::Principal& caller, std::optional<std::string> email) {
    return RunSync(verifications_->Resend(caller, actor_, {std::move(email), {}}));
  }
  Status Confirm(std::optional<std::string> uid, std::optional<std::string> token,
                 std::optional<std::string> redirect = std::nullopt) {
    return RunSync(verifications_->Confirm(
        actor_, {std::move(uid), std::move(token), std::move(redirect), {}}));
  }
  // The token of the latest customer.emailVerificationRequested event.
  std::string LatestToken() {
    auto rows =
        QueryRead(*db_,
                  "SELECT payload FROM outbox_events WHERE event_type = "
                  "'customer.emailVerificationRequested' ORDER BY created_at DESC, id DESC");
    if (!rows.ok() || rows->empty()) return "";
    auto payload = boost::json::parse(rows->rows[0].Text(0));
    return std::string(payload.at("token").as_string());
  }
  bool Verified() {
    return ScalarInt(*db_, "SELECT email_verified FROM plume_customers WHERE id = '" + customer_ +
                               "'") == 1;
  }

  std::unique_ptr<EmailVerificationService> verifications_;
  std::string customer_;
};

TEST_F(EmailVerificationTest, ResendPublishesATokenStoredOnlyAsAHashAndConfirmConsumesIt) {
  const int64_t events = EventCount();
  ASSERT_TRUE(Resend(PartnerAdmin(), "ADA@example.org").ok());
  EXPECT_EQ(EventCount() - events, 1);
  auto rows = QueryRead(*db_,
                        "SELECT topic, tenant, payload FROM outbox_events WHERE event_type = "
                        "'customer.emailVerificationRequested'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->rows[0].Text(0), "plume");
  EXPECT_EQ(rows->rows[0].Text(1), "acme");
  auto payload = boost::json::parse(rows->rows[0].Text(2));
  EXPECT_EQ(payload.at("customerId").as_string(), customer_);
  EXPECT_EQ(payload.at("uid").as_string(), customer_);
  EXPECT_EQ(payload.at("email"), "ada@example.org");
  const std::string token(payload.at("token").as_string());
  EXPECT_EQ(token.size(), 43u);
  // Only the hash is stored; the audit log never sees the token.
  auto stored = QueryRead(*db_, "SELECT token_hash FROM plume_email_verifications");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->rows[0].Text(0), auth::Sha256Hex(token));
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM audit_log WHERE details LIKE '%" + token + "%'"),
            0);
  EXPECT_EQ(ScalarInt(*db_,
                      "SELECT count(*) FROM audit_log WHERE action = "
                      "'customer.emailVerificationRequested'"),
            1);

  // A second resend replaces the token: the first one no longer works.
  ASSERT_TRUE(Resend(GroupUser("north", "groupAdmin"), "ada@example.org").ok());
  const std::string second = LatestToken();
  ASSERT_NE(second, token);
  auto stale = Confirm(customer_, token);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().api_code, "INVALID_TOKEN");
  EXPECT_FALSE(Verified());

  ASSERT_TRUE(Confirm(AsciiUpperForTest(customer_), second, "https://isp.example/welcome").ok());
  EXPECT_TRUE(Verified());
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM plume_email_verifications"), 0);
  auto used = Confirm(customer_, second);
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().api_code, "INVALID_TOKEN");
  // Verified now: resend is a conflict.
  auto verified = Resend(PartnerAdmin(), "ada@example.org");
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kConflict);
  EXPECT_EQ(verified.error().api_code, "EMAIL_ALREADY_VERIFIED");
}

TEST_F(EmailVerificationTest, ResendRefusals) {
  const int64_t audits = AuditCount();
  auto missing = Resend(PartnerAdmin(), std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  EXPECT_EQ(Resend(PartnerAdmin(), "").error().api_code, "MISSING_REQUIRED_ARGUMENT");
  auto typed = RunSync(
      verifications_->Resend(PartnerAdmin(), actor_, {std::nullopt, {{"email", "type", "x"}}}));
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.error().code, ErrorCode::kValidation);
  EXPECT_EQ(Resend(PartnerAdmin(), "nobody@example.org").error().api_code, "EMAIL_NOT_FOUND");
  // Outside the caller's scope answers as unknown.
  EXPECT_EQ(Resend(PartnerAdmin("other"), "ada@example.org").error().api_code, "EMAIL_NOT_FOUND");
  EXPECT_EQ(Resend(GroupUser("south", "groupAdmin"), "ada@example.org").error().api_code,
            "EMAIL_NOT_FOUND");
  // An anonymous customer's placeholder address is not an address.
  const Registered anonymous = Register("ACCT-0002");
  auto placeholder = QueryRead(
      *db_, "SELECT email FROM plume_customers WHERE id = '" + anonymous.customer.id + "'");
  ASSERT_TRUE(placeholder.ok());
  EXPECT_EQ(Resend(PartnerAdmin(), placeholder->rows.at(0).Text(0)).error().api_code,
            "EMAIL_NOT_FOUND");
  EXPECT_EQ(Events()["customer.emailVerificationRequested"], 0);
  EXPECT_EQ(AuditCount(), audits + 2);  // the registration of ACCT-0002 only
}

TEST_F(EmailVerificationTest, ConfirmRefusals) {
  ASSERT_TRUE(Resend(PartnerAdmin(), "ada@example.org").ok());
  const std::string token = LatestToken();
  EXPECT_EQ(Confirm(std::nullopt, token).error().api_code, "MISSING_REQUIRED_ARGUMENT");
  EXPECT_EQ(Confirm(customer_, "").error().api_code, "MISSING_REQUIRED_ARGUMENT");
  EXPECT_EQ(Confirm("0123456789abcdef01234567", token).error().api_code, "MODEL_NOT_FOUND");
  EXPECT_EQ(Confirm("not-an-id", token).error().api_code, "MODEL_NOT_FOUND");
  EXPECT_EQ(Confirm(customer_, token + "x").error().api_code, "INVALID_TOKEN");
  auto redirect = Confirm(customer_, token, "javascript:alert(1)");
  ASSERT_FALSE(redirect.ok());
  EXPECT_EQ(redirect.error().code, ErrorCode::kValidation);
  EXPECT_FALSE(Verified());
  // After an email change the token no longer confirms anything.
  CustomerUpdate change;
  change.email = "lovelace@example.org";
  ASSERT_TRUE(RunSync(customers_->Update(PartnerAdmin(), actor_, customer_, change)).ok());
  EXPECT_EQ(Confirm(customer_, token).error().api_code, "INVALID_TOKEN");
  EXPECT_FALSE(Verified());
}

TEST_F(EmailVerificationTest, DeletingTheCustomerDropsItsPendingVerification) {
  ASSERT_TRUE(Resend(PartnerAdmin(), "ada@example.org").ok());
  ASSERT_TRUE(RunSync(customers_->Delete(PartnerAdmin(), actor_, customer_)).ok());
  EXPECT_EQ(ScalarInt(*db_, "SELECT count(*) FROM plume_email_verifications"), 0);
}

TEST(SafeRedirectTest, OnlyAbsoluteHttpUrlsWithoutControlCharacters) {
  EXPECT_TRUE(IsSafeRedirect("https://isp.example/welcome?x=1"));
  EXPECT_TRUE(IsSafeRedirect("HTTP://isp.example"));
  EXPECT_FALSE(IsSafeRedirect("/relative"));
  EXPECT_FALSE(IsSafeRedirect("//evil.example"));
  EXPECT_FALSE(IsSafeRedirect("https:///path"));
  EXPECT_FALSE(IsSafeRedirect("https://"));
  EXPECT_FALSE(IsSafeRedirect("javascript:alert(1)"));
  EXPECT_FALSE(IsSafeRedirect("https://isp.example/\r\nSet-Cookie: x=1"));
  EXPECT_FALSE(IsSafeRedirect("https://isp.example/a b"));
  EXPECT_FALSE(IsSafeRedirect("https://isp.example/" + std::string(2048, 'a')));
}

}  // namespace
}  // namespace ispcloud::domain::plume
