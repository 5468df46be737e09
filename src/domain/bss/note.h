#pragma once
// Notes on billing accounts and subscriptions (OPTIVA-API.md §2.11): append-only, no update or
// delete. Rules are pure; the service (note_service.h) resolves the account or subscription.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::bss {

struct Note {
  std::string id;
  std::string spid;
  std::string account_id;                      // BAN
  std::optional<std::string> subscription_id;  // subscription notes only
  std::string note;
  std::string main_type;
  std::string sub_type;
  std::string created_by;
  std::string created_at;
};

// A note request as decoded (`text` is accepted for `note` by the API layer).
struct NoteInput {
  std::optional<std::string> note;
  std::optional<std::string> main_type;
  std::optional<std::string> sub_type;
  std::vector<FieldError> decode_errors;
};

// A configured note type of the SPID (settings noteTypes[]).
struct NoteType {
  std::string main_type;
  std::vector<std::string> sub_types;  // empty: any sub type
};

// note 1..4000 characters, mainType and subType 1..64 characters, and, when `types` is not
// empty, a configured (mainType, subType) pair. Errors: kValidation naming every bad field
//.
Status ValidateNoteInput(const NoteInput& in, const std::vector<NoteType>& types);

}  // namespace ispcloud::domain::bss
