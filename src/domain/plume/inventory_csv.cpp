#include "domain/plume/inventory_csv.h"

#include <map>

#include "domain/plume/inventory.h"

namespace ispcloud::domain::plume {

bool IsValidSerial(std::string_view serial) {
  if (serial.empty() || serial.size() > 64) return false;
  for (char c : serial) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    if (comma == std::string::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

std::string LineField(int line) {
  return "line " + std::to_string(line);
}

}  // namespace

Result<std::vector<InventoryCsvRow>> ParseInventoryCsv(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  Error invalid = MakeError(ErrorCode::kValidation, "invalid inventory file");
  invalid.context = "InventoryNode";

  const std::vector<std::string> lines = SplitLines(text);
  const std::vector<std::string> header = SplitFields(lines.front());
  const bool header_ok = (header.size() == 2 || header.size() == 3) &&
                         header[0] == "serialNumber" && header[1] == "model" &&
                         (header.size() == 2 || header[2] == "packId");
  if (!header_ok) {
    invalid.fields.push_back(
        {LineField(1), "format", "header must be serialNumber,model or serialNumber,model,packId"});
    return invalid;
  }

  std::vector<InventoryCsvRow> rows;
  std::map<std::string, int> seen;  // serial -> first line
  for (size_t i = 1; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    if (lines[i].empty()) continue;
    std::vector<std::string> fields = SplitFields(lines[i]);
    if (fields.size() != header.size()) {
      invalid.fields.push_back({LineField(line), "format",
                                "expected " + std::to_string(header.size()) + " columns, got " +
                                    std::to_string(fields.size())});
      continue;
    }
    InventoryCsvRow row{line, fields[0], fields[1], std::nullopt};
    if (header.size() == 3 && !fields[2].empty()) row.pack_id = fields[2];
    if (!IsValidSerial(row.serial)) {
      invalid.fields.push_back(
          {LineField(line), "format", "serialNumber must be 1-64 characters of A-Z a-z 0-9 . _ -"});
    } else if (auto [it, inserted] = seen.emplace(row.serial, line); !inserted) {
      invalid.fields.push_back(
          {LineField(line), "uniqueness",
           "serialNumber " + row.serial + " repeats line " + std::to_string(it->second)});
    }
    if (row.model.empty() || row.model.size() > kMaxInventoryTextLength) {
      invalid.fields.push_back({LineField(line), "presence", "model must be 1-128 characters"});
    }
    if (row.pack_id && row.pack_id->size() > kMaxInventoryTextLength) {
      invalid.fields.push_back(
          {LineField(line), "length.max", "packId must be at most 128 characters"});
    }
    rows.push_back(std::move(row));
  }
  if (!invalid.fields.empty()) return invalid;
  if (rows.empty()) {
    invalid.fields.push_back({LineField(2), "presence", "the file has no node rows"});
    return invalid;
  }
  return rows;
}

}  // namespace ispcloud::domain::plume
