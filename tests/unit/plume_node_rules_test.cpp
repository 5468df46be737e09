// Unit tests of the pure node rules (PLUME-API.md §7.1 field rules and leaf-pod count, §7.4).

#include <gtest/gtest.h>

#include "domain/plume/node_rules.h"

namespace ispcloud::domain::plume {
namespace {

InventoryNode NodeOf(const std::string& id, bool gateway) {
  InventoryNode n;
  n.id = id;
  n.residential_gateway = gateway;
  return n;
}

TEST(NodeRulesTest, ClaimNeedsASerialNumber) {
  ClaimInput in;
  auto missing = ValidateClaim(in);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().api_code, "MISSING_REQUIRED_ARGUMENT");
  in.serial_number = "";
  EXPECT_EQ(ValidateClaim(in).error().api_code, "MISSING_REQUIRED_ARGUMENT");
  in.serial_number = "POD1";
  EXPECT_TRUE(ValidateClaim(in));
}

TEST(NodeRulesTest, WrongTypeOfSerialIsAValidationError) {
  ClaimInput in;
  in.decode_errors.push_back({"serialNumber", "type", "must be a string"});
  auto invalid = ValidateClaim(in);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kValidation);
  EXPECT_EQ(invalid.error().context, "Node");
}

TEST(NodeRulesTest, ClaimFieldRulesAreReportedTogether) {
  ClaimInput in;
  in.serial_number = "POD1";
  in.nickname = std::string(65, 'n');
  in.backhaul_dhcp_pool_idx = -1;
  auto invalid = ValidateClaim(in);
  ASSERT_FALSE(invalid);
  ASSERT_EQ(invalid.error().fields.size(), 2u);
  EXPECT_EQ(invalid.error().fields[0].field, "nickname");
  EXPECT_EQ(invalid.error().fields[1].field, "backhaulDhcpPoolIdx");
  in.nickname = std::string(64, 'n');
  in.backhaul_dhcp_pool_idx = 0;
  EXPECT_TRUE(ValidateClaim(in));
  in.nickname = "Küche";  // code points, not bytes
  EXPECT_TRUE(ValidateClaim(in));
}

TEST(NodeRulesTest, RenameRules) {
  RenameInput in;
  EXPECT_EQ(ValidateRename(in).error().api_code, "MISSING_REQUIRED_ARGUMENT");
  in.nickname = "";
  EXPECT_EQ(ValidateRename(in).error().api_code, "MISSING_REQUIRED_ARGUMENT");
  in.nickname = "Hall";
  EXPECT_TRUE(ValidateRename(in));
  in.emit_message = "on";
  EXPECT_TRUE(ValidateRename(in));
  in.emit_message = "blink";
  EXPECT_EQ(ValidateRename(in).error().code, ErrorCode::kValidation);
  in.emit_message.reset();
  in.nickname = std::string(65, 'n');
  EXPECT_EQ(ValidateRename(in).error().code, ErrorCode::kValidation);
}

TEST(NodeRulesTest, LeafPodsWithoutAGatewayCountTheFirstNodeAsGateway) {
  const InventoryNode a = NodeOf("A", false), b = NodeOf("B", false), c = NodeOf("C", false);
  EXPECT_EQ(LeafPods({}), 0);
  EXPECT_EQ(LeafPods({&a}), 0);
  EXPECT_EQ(LeafPods({&a, &b}), 1);
  EXPECT_EQ(LeafPods({&a, &b, &c}), 2);
}

TEST(NodeRulesTest, LeafPodsExcludeEveryResidentialGateway) {
  const InventoryNode gw = NodeOf("GW", true), gw2 = NodeOf("GW2", true);
  const InventoryNode a = NodeOf("A", false), b = NodeOf("B", false);
  EXPECT_EQ(LeafPods({&a, &gw}), 1);  // the gateway need not come first
  EXPECT_EQ(LeafPods({&gw, &a, &b}), 2);
  EXPECT_EQ(LeafPods({&gw, &gw2, &a}), 1);
  EXPECT_EQ(LeafPods({&gw}), 0);
}

}  // namespace
}  // namespace ispcloud::domain::plume
