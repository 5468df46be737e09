#pragma once
// Small string helpers shared across layers (ASCII only: protocol tokens, not user text).

#include <string>
#include <string_view>
#include <vector>

namespace ispcloud {

// Splits on single spaces, dropping empty items: "a  b" -> {"a", "b"} (OAuth scope lists).
std::vector<std::string> SplitSpaces(std::string_view s);

// Joins with single spaces.
std::string JoinSpaces(const std::vector<std::string>& items);

// Lower-cases ASCII letters.
std::string AsciiLower(std::string_view s);

// ASCII case-insensitive equality.
bool IEquals(std::string_view a, std::string_view b);

// ASCII case-insensitive prefix test.
bool IStartsWith(std::string_view s, std::string_view prefix);

}  // namespace ispcloud
