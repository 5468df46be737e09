#pragma once
// TMF630 query features of the list and read operations: `fields` selection, attribute filters
// (AND across parameters, comma = OR within one, comparison operators), `sort`, and
// `offset`/`limit` paging. Pure functions over JSON documents.
//
// Filter parameter forms (name = dotted attribute path, arrays are searched element-wise):
//   name=value            equal (value "a,b" = a OR b)
//   name.eq=value         equal (same as above)
//   name.gt= .gte= .lt= .lte=value     and the bracket forms name[gt]=value, ...
//   name>=value  name<=value           (parsed as name> / name< with a value)
//   name>value   name<value            (a parameter without '=')
// Comparison: numbers numerically, date-times as instants (any RFC 3339 form or YYYY-MM-DD),
// booleans as "true"/"false", other strings exactly (ordering: byte-wise). A filter on an
// attribute the document does not have matches nothing.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::tmf {

enum class CompareOp { kEq, kGt, kGte, kLt, kLte };

struct Filter {
  std::string name;               // the parameter as given, for messages
  std::vector<std::string> path;  // attribute path
  CompareOp op = CompareOp::kEq;
  std::vector<std::string> values;  // OR; a single value for the ordering operators
  std::string raw_value;            // the value as given (matched whole before splitting)
};

struct SortKey {
  std::vector<std::string> path;
  bool descending = false;
};

inline constexpr int64_t kDefaultLimit = 100;
inline constexpr int64_t kMaxLimit = 500;

struct ListQuery {
  std::optional<std::vector<std::string>> fields;  // nullopt: every attribute
  std::vector<Filter> filters;
  std::vector<SortKey> sort;  // empty: newest first (storage order)
  int64_t offset = 0;
  int64_t limit = kDefaultLimit;
};

// Parses a raw (percent-encoded) query string. `fields`, `offset`, `limit`, `sort` and the names
// in `reserved` (e.g. "spid") are not filters. Bad offset/limit (not a non-negative integer,
// limit above kMaxLimit) or a malformed filter -> kInvalidArgument naming the parameter.
Result<ListQuery> ParseListQuery(std::string_view raw_query,
                                 const std::vector<std::string_view>& reserved);

// The decoded value of the last parameter `name` ("" when given without a value); nullopt when
// absent. Malformed percent-encoding -> kInvalidArgument.
Result<std::optional<std::string>> FindQueryParam(std::string_view raw_query,
                                                  std::string_view name);

// The `fields` parameter alone (single-resource reads, create and patch responses): nullopt when
// absent.
Result<std::optional<std::vector<std::string>>> ParseFieldsParam(std::string_view raw_query);

// True when `doc` satisfies every filter.
bool MatchesAll(const boost::json::object& doc, const std::vector<Filter>& filters);

// Keeps the selected attributes of `doc` (top-level names or dotted paths into objects and
// arrays of objects) plus id, href and @type. Unknown names are ignored.
boost::json::object SelectFields(const boost::json::object& doc,
                                 const std::vector<std::string>& fields);

// Stable sort by the keys, in order; documents missing a key sort after those that have it.
void SortDocuments(std::vector<boost::json::object>& docs, const std::vector<SortKey>& keys);

}  // namespace ispcloud::domain::tmf
