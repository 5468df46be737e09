// Note validation (OPTIVA-API.md §2.11).

#include <gtest/gtest.h>

#include "domain/bss/note.h"

namespace ispcloud::domain::bss {
namespace {

NoteInput Good() {
  NoteInput in;
  in.note = "Customer called about roaming";
  in.main_type = "Care";
  in.sub_type = "Call";
  return in;
}

TEST(BssNoteRulesTest, ValidNote) {
  EXPECT_TRUE(ValidateNoteInput(Good(), {}).ok());
  std::vector<NoteType> types = {{"Care", {"Call", "Email"}}, {"Billing", {}}};
  EXPECT_TRUE(ValidateNoteInput(Good(), types).ok());
  NoteInput billing = Good();
  billing.main_type = "Billing";
  billing.sub_type = "anything";
  EXPECT_TRUE(ValidateNoteInput(billing, types).ok());
}

TEST(BssNoteRulesTest, EveryMissingOrLongFieldIsReported) {
  NoteInput in;
  in.note = std::string(4001, 'x');
  in.sub_type = std::string(65, 's');
  Status s = ValidateNoteInput(in, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kValidation);
  ASSERT_EQ(s.error().fields.size(), 3u);
  EXPECT_EQ(s.error().fields[0].field, "note");
  EXPECT_EQ(s.error().fields[0].rule, "length.max");
  EXPECT_EQ(s.error().fields[1].field, "mainType");
  EXPECT_EQ(s.error().fields[1].rule, "presence");
  EXPECT_EQ(s.error().fields[2].field, "subType");
  NoteInput empty = Good();
  empty.note = "";
  EXPECT_FALSE(ValidateNoteInput(empty, {}).ok());
}

TEST(BssNoteRulesTest, ConfiguredTypesAreEnforced) {
  std::vector<NoteType> types = {{"Care", {"Call"}}};
  NoteInput wrong_main = Good();
  wrong_main.main_type = "Sales";
  EXPECT_EQ(ValidateNoteInput(wrong_main, types).error().fields[0].field, "mainType");
  NoteInput wrong_sub = Good();
  wrong_sub.sub_type = "Visit";
  EXPECT_EQ(ValidateNoteInput(wrong_sub, types).error().fields[0].field, "subType");
}

}  // namespace
}  // namespace ispcloud::domain::bss
