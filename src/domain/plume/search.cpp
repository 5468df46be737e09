#include "domain/plume/search.h"

#include "core/strings.h"
#include "domain/plume/customer_rules.h"
#include "domain/plume/errors.h"

namespace ispcloud::domain::plume {

Result<CustomerSearch> ValidateSearch(const SearchInput& in) {
  std::vector<FieldError> fields = in.decode_errors;
  if ((!in.field || in.field->empty()) && !HasFieldError(fields, "field")) {
    return MissingArgument("field");
  }
  CustomerSearch out;
  if (in.field) {
    if (*in.field == "accountId") {
      out.field = SearchField::kAccountId;
    } else if (*in.field == "locationId") {
      out.field = SearchField::kLocationId;
    } else if (*in.field == "name") {
      out.field = SearchField::kName;
    } else if (*in.field == "email") {
      out.field = SearchField::kEmail;
    } else {
      fields.push_back({"field", "inclusion",
                        "illegal field: must be one of accountId, locationId, name, email"});
    }
  }
  const size_t length = CodePoints(in.keyword);
  if (in.keyword == "null") {
    fields.push_back({"keyword", "custom", "illegal search keyword"});
  } else if (length < 1 || length > 128) {
    fields.push_back({"keyword", length < 1 ? "length.min" : "length.max",
                      "the search keyword must be 1-128 characters"});
  }
  if (in.limit && *in.limit < 1) {
    fields.push_back({"limit", "custom", "must be an integer of at least 1"});
  }
  if (in.skip && *in.skip < 0) fields.push_back({"skip", "custom", "must be an integer >= 0"});
  if (!fields.empty()) return InvalidFields("Customer", std::move(fields));

  out.limit = std::min(in.limit.value_or(kDefaultSearchLimit), kMaxSearchLimit);
  out.skip = in.skip.value_or(0);
  if (out.field == SearchField::kLocationId || in.exact_match.value_or(true)) {
    out.mode = MatchMode::kExact;
  } else if (in.starts_with.value_or(true)) {
    out.mode = MatchMode::kPrefix;
  } else {
    out.mode = MatchMode::kSubstring;
  }
  const bool fold = out.field == SearchField::kEmail || out.mode != MatchMode::kExact;
  out.keyword = fold ? AsciiLower(in.keyword) : in.keyword;
  if (out.field == SearchField::kLocationId) out.keyword = AsciiLower(in.keyword);
  return out;
}

}  // namespace ispcloud::domain::plume
