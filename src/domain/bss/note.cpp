#include "domain/bss/note.h"

#include <algorithm>

namespace ispcloud::domain::bss {
namespace {

bool Named(const std::vector<FieldError>& errors, std::string_view field) {
  return std::any_of(errors.begin(), errors.end(),
                     [field](const FieldError& e) { return e.field == field; });
}

void CheckText(std::vector<FieldError>& errors, const std::optional<std::string>& value,
               std::string_view field, size_t max) {
  if (Named(errors, field)) return;
  const std::string name(field);
  if (!value || value->empty()) {
    errors.push_back({name, "presence", name + " is required"});
  } else if (value->size() > max) {
    errors.push_back(
        {name, "length.max", name + " must be at most " + std::to_string(max) + " characters"});
  }
}

}  // namespace

Status ValidateNoteInput(const NoteInput& in, const std::vector<NoteType>& types) {
  std::vector<FieldError> errors = in.decode_errors;
  CheckText(errors, in.note, "note", 4000);
  CheckText(errors, in.main_type, "mainType", 64);
  CheckText(errors, in.sub_type, "subType", 64);
  if (errors.empty() && !types.empty()) {
    auto main = std::find_if(types.begin(), types.end(),
                             [&](const NoteType& t) { return t.main_type == *in.main_type; });
    if (main == types.end()) {
      errors.push_back({"mainType", "inclusion",
                        "mainType '" + *in.main_type + "' is not a note type of the SPID"});
    } else if (!main->sub_types.empty() && std::find(main->sub_types.begin(), main->sub_types.end(),
                                                     *in.sub_type) == main->sub_types.end()) {
      errors.push_back(
          {"subType", "inclusion",
           "subType '" + *in.sub_type + "' is not a sub type of '" + *in.main_type + "'"});
    }
  }
  if (!errors.empty()) {
    Error e = MakeError(ErrorCode::kValidation, errors.front().message);
    e.fields = std::move(errors);
    e.context = "Note";
    return e;
  }
  return Ok();
}

}  // namespace ispcloud::domain::bss
