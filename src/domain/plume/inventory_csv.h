#pragma once
// The operator's inventory file: CSV with the header `serialNumber,model[,packId]` (DESIGN.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::plume {

struct InventoryCsvRow {
  int line = 0;  // 1-based line number in the file
  std::string serial;
  std::string model;
  std::optional<std::string> pack_id;  // nullopt when the column is absent or empty
};

inline constexpr size_t kMaxInventoryTextLength = 128;

// Parses and validates the whole file: the header must be exactly `serialNumber,model` or
// `serialNumber,model,packId` (a UTF-8 BOM and CRLF line ends are accepted); every row must
// have the header's column count, a serial of 1-64 [A-Za-z0-9._-], a model of 1-128 characters,
// an optional packId of at most 128 characters, and a serial not repeated in the file. Blank
// lines are skipped; quoting is not supported. Returns every row, or kValidation listing every
// problem with its line number (field "line N"); a file without rows is kValidation too.
Result<std::vector<InventoryCsvRow>> ParseInventoryCsv(std::string_view text);

}  // namespace ispcloud::domain::plume
