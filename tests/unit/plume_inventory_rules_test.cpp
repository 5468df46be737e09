// Unit tests of the inventory rules of the API (PLUME-API.md §1.4 MACs, §9.6, §10.1) and of the
// customer search rules (§9.4).

#include <gtest/gtest.h>

#include "domain/plume/inventory_rules.h"
#include "domain/plume/search.h"

namespace ispcloud::domain::plume {
namespace {

std::string Rules(const Error& e) {
  std::string out;
  for (const FieldError& f : e.fields) out += f.field + "=" + f.rule + ",";
  return out;
}

TEST(InventoryRulesTest, MacsAreNormalisedToLowerCaseWithColons) {
  EXPECT_EQ(NormalizeMac("60:B4:F7:00:0A:ff"), "60:b4:f7:00:0a:ff");
  EXPECT_EQ(NormalizeMac("60-b4-f7-00-0a-ff"), "60:b4:f7:00:0a:ff");
  EXPECT_EQ(NormalizeMac("60:b4-f7:00-0a:ff"), "60:b4:f7:00:0a:ff");
  EXPECT_FALSE(NormalizeMac("60b4f7000aff"));
  EXPECT_FALSE(NormalizeMac("60:b4:f7:00:0a"));
  EXPECT_FALSE(NormalizeMac("60:b4:f7:00:0a:fg"));
  EXPECT_FALSE(NormalizeMac("60.b4.f7.00.0a.ff"));
  EXPECT_FALSE(NormalizeMac(""));
}

TEST(InventoryRulesTest, ImportNeedsIdThenResidentialGateway) {
  InventoryNodeInput in;
  auto missing = CheckInventoryNodeRequired(in);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  EXPECT_NE(missing.error().message.find("id"), std::string::npos);
  in.id = "";
  EXPECT_FALSE(CheckInventoryNodeRequired(in));
  in.id = "GW9";
  missing = CheckInventoryNodeRequired(in);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("residentialGateway"), std::string::npos);
  in.residential_gateway = false;
  EXPECT_TRUE(CheckInventoryNodeRequired(in));
  // A required field of the wrong type is left to the 422.
  InventoryNodeInput typed;
  typed.id = "GW9";
  typed.decode_errors.push_back({"residentialGateway", "type", "must be a boolean"});
  EXPECT_TRUE(CheckInventoryNodeRequired(typed));
  auto built = BuildInventoryNode(typed, "acme");
  ASSERT_FALSE(built);
  EXPECT_EQ(Rules(built.error()), "residentialGateway=type,");
}

TEST(InventoryRulesTest, BuildChecksEveryFieldAndNormalisesMacs) {
  InventoryNodeInput in;
  in.id = "bad serial!";
  in.residential_gateway = true;
  in.model = std::string(129, 'm');
  in.radio_mac24 = "nope";
  in.macs = std::vector<std::string>{"AA:BB:CC:DD:EE:FF", "x"};
  auto built = BuildInventoryNode(in, "acme");
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().context, "InventoryNode");
  EXPECT_EQ(Rules(built.error()), "id=format,model=length.max,radioMac24=format,macs=format,");

  in.id = "GW.9_a-1";
  in.model = "PP203X";
  in.radio_mac24 = "AA-BB-CC-DD-EE-01";
  in.macs = std::vector<std::string>{"AA:BB:CC:DD:EE:FF"};
  in.pack_id = "PK9";
  built = BuildInventoryNode(in, "acme");
  ASSERT_TRUE(built) << Rules(built.error());
  EXPECT_EQ(built->id, "GW.9_a-1");
  EXPECT_EQ(built->partner_id, "acme");
  EXPECT_TRUE(built->residential_gateway);
  EXPECT_EQ(built->radio_mac24, "aa:bb:cc:dd:ee:01");
  EXPECT_EQ(built->macs, std::vector<std::string>{"aa:bb:cc:dd:ee:ff"});
  EXPECT_EQ(built->pack_id, "PK9");
  EXPECT_FALSE(built->account_id);
  EXPECT_FALSE(built->unclaimable);
}

TEST(InventoryRulesTest, Attributes) {
  InventoryAttributes in;
  EXPECT_TRUE(ValidateInventoryAttributes(in));
  in.account_id_given = true;  // null clears
  EXPECT_TRUE(ValidateInventoryAttributes(in));
  in.account_id = "";
  auto bad = ValidateInventoryAttributes(in);
  ASSERT_FALSE(bad);
  EXPECT_EQ(Rules(bad.error()), "accountId=length.min,");
  in.account_id = std::string(129, 'a');
  EXPECT_EQ(Rules(ValidateInventoryAttributes(in).error()), "accountId=length.max,");
  in.account_id = "ACCT-1";
  in.decode_errors.push_back({"unclaimable", "type", "must be a boolean"});
  EXPECT_EQ(Rules(ValidateInventoryAttributes(in).error()), "unclaimable=type,");
}

SearchInput Search(std::string keyword, std::optional<std::string> field) {
  SearchInput in;
  in.keyword = std::move(keyword);
  in.field = std::move(field);
  return in;
}

TEST(SearchRulesTest, FieldIsRequiredAndKnown) {
  auto missing = ValidateSearch(Search("Ada", std::nullopt));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  EXPECT_FALSE(ValidateSearch(Search("Ada", "")));
  auto illegal = ValidateSearch(Search("Ada", "phone"));
  ASSERT_FALSE(illegal);
  EXPECT_EQ(illegal.error().code, ErrorCode::kValidation);
  EXPECT_EQ(Rules(illegal.error()), "field=inclusion,");
}

TEST(SearchRulesTest, DefaultsAndModes) {
  auto exact = ValidateSearch(Search("CRM-1", "accountId"));
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->mode, MatchMode::kExact);
  EXPECT_EQ(exact->keyword, "CRM-1");  // exact accountId: case kept
  EXPECT_EQ(exact->limit, 10);
  EXPECT_EQ(exact->skip, 0);

  SearchInput in = Search("Ada", "name");
  in.exact_match = false;
  auto prefix = ValidateSearch(in);
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->mode, MatchMode::kPrefix);
  EXPECT_EQ(prefix->keyword, "ada");
  in.starts_with = false;
  EXPECT_EQ(ValidateSearch(in)->mode, MatchMode::kSubstring);

  auto email = ValidateSearch(Search("Ada@Example.ORG", "email"));
  EXPECT_EQ(email->keyword, "ada@example.org");
  in = Search("66EF34687F1C07000B200926", "locationId");
  in.exact_match = false;  // locationId is always exact
  auto location = ValidateSearch(in);
  EXPECT_EQ(location->mode, MatchMode::kExact);
  EXPECT_EQ(location->keyword, "66ef34687f1c07000b200926");
}

TEST(SearchRulesTest, PagingAndKeywordRules) {
  SearchInput in = Search("Ada", "name");
  in.limit = 1000;
  in.skip = 5;
  auto clamped = ValidateSearch(in);
  ASSERT_TRUE(clamped);
  EXPECT_EQ(clamped->limit, 100);
  EXPECT_EQ(clamped->skip, 5);
  in.limit = 0;
  in.skip = -1;
  EXPECT_EQ(Rules(ValidateSearch(in).error()), "limit=custom,skip=custom,");
  EXPECT_EQ(Rules(ValidateSearch(Search("null", "name")).error()), "keyword=custom,");
  EXPECT_EQ(Rules(ValidateSearch(Search(std::string(129, 'k'), "name")).error()),
            "keyword=length.max,");
  in = Search("Ada", "name");
  in.decode_errors.push_back({"limit", "type", "must be an integer"});
  EXPECT_EQ(Rules(ValidateSearch(in).error()), "limit=type,");
}

}  // namespace
}  // namespace ispcloud::domain::plume
