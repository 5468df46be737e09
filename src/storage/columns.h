#pragma once
// Conversions between domain values and the portable column types of our schemas: JSON arrays
// of strings held as text, optional text, booleans as INTEGER 0/1.

#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage {

// `["a","b"]` for {"a","b"}.
std::string StringListToJson(const std::vector<std::string>& list);

// The strings of a JSON array held as text; anything malformed or not a string is skipped.
std::vector<std::string> StringListFromJson(const std::string& text);

// The value to bind for an optional text column (NULL when absent).
Value OptionalText(const std::optional<std::string>& s);

// Column `i` of `row` as optional text (nullopt for NULL).
std::optional<std::string> OptionalTextAt(const Row& row, size_t i);

// A boolean as the INTEGER 0/1 the schemas use.
inline int64_t Flag(bool b) {
  return b ? 1 : 0;
}

}  // namespace ispcloud::storage
