// Unit tests of the operator inventory file parser (DESIGN.md `inventory import`, PLUME-API.md
// §1.4 serial syntax).

#include <gtest/gtest.h>

#include "domain/plume/inventory.h"
#include "domain/plume/inventory_csv.h"

namespace ispcloud::domain::plume {
namespace {

// The field names ("line N") of a validation error, in order.
std::vector<std::string> LinesOf(const Error& e) {
  std::vector<std::string> out;
  for (const FieldError& f : e.fields) out.push_back(f.field);
  return out;
}

TEST(InventoryCsvTest, SerialSyntax) {
  EXPECT_TRUE(IsValidSerial("POD0001"));
  EXPECT_TRUE(IsValidSerial("a.b_c-D9"));
  EXPECT_TRUE(IsValidSerial(std::string(64, 'x')));
  EXPECT_FALSE(IsValidSerial(""));
  EXPECT_FALSE(IsValidSerial(std::string(65, 'x')));
  EXPECT_FALSE(IsValidSerial("POD 1"));
  EXPECT_FALSE(IsValidSerial("POD/1"));
  EXPECT_FALSE(IsValidSerial("PÖD1"));
}

TEST(InventoryCsvTest, ParsesTwoAndThreeColumnFiles) {
  auto two = ParseInventoryCsv("serialNumber,model\nGW1,PP203X\nPOD1,PP203X\n");
  ASSERT_TRUE(two) << two.error().message;
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].serial, "GW1");
  EXPECT_EQ((*two)[0].model, "PP203X");
  EXPECT_EQ((*two)[0].line, 2);
  EXPECT_FALSE((*two)[0].pack_id.has_value());
  EXPECT_EQ((*two)[1].line, 3);

  auto three = ParseInventoryCsv("\xEF\xBB\xBFserialNumber,model,packId\r\nA1,M,PK1\r\nA2,M,\r\n");
  ASSERT_TRUE(three) << three.error().message;
  ASSERT_EQ(three->size(), 2u);
  EXPECT_EQ((*three)[0].pack_id, std::optional<std::string>("PK1"));
  EXPECT_FALSE((*three)[1].pack_id.has_value());  // empty packId = none
}

TEST(InventoryCsvTest, BlankLinesAreSkippedButCounted) {
  auto rows = ParseInventoryCsv("serialNumber,model\n\nA1,M\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].line, 3);
}

TEST(InventoryCsvTest, RejectsBadHeaders) {
  for (const char* text :
       {"", "serial,model\nA,M\n", "serialNumber\nA\n", "model,serialNumber\nM,A\n",
        "serialNumber,model,pack\nA,M,P\n", "serialNumber,model,packId,extra\nA,M,P,E\n"}) {
    auto rows = ParseInventoryCsv(text);
    ASSERT_FALSE(rows) << text;
    EXPECT_EQ(rows.error().code, ErrorCode::kValidation);
    EXPECT_EQ(LinesOf(rows.error()), std::vector<std::string>{"line 1"}) << text;
  }
}

TEST(InventoryCsvTest, ReportsEveryBadRowWithItsLineNumber) {
  const std::string text =
      "serialNumber,model,packId\n"
      "GOOD1,M,\n"       // 2 ok
      "BAD SERIAL,M,\n"  // 3 charset
      "NOMODEL,,\n"      // 4 model missing
      "GOOD1,M,\n"       // 5 repeats line 2
      "SHORT,M\n"        // 6 column count
      "LONGPACK,M," +
      std::string(129, 'p') + "\n";  // 7 packId too long
  auto rows = ParseInventoryCsv(text);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kValidation);
  EXPECT_EQ(LinesOf(rows.error()),
            (std::vector<std::string>{"line 3", "line 4", "line 5", "line 6", "line 7"}));
  EXPECT_NE(rows.error().fields[2].message.find("line 2"), std::string::npos);
}

TEST(InventoryCsvTest, ModelLengthAndEmptyFile) {
  EXPECT_TRUE(ParseInventoryCsv("serialNumber,model\nA," + std::string(128, 'm') + "\n"));
  EXPECT_FALSE(ParseInventoryCsv("serialNumber,model\nA," + std::string(129, 'm') + "\n"));
  auto empty = ParseInventoryCsv("serialNumber,model\n");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kValidation);
}

}  // namespace
}  // namespace ispcloud::domain::plume
