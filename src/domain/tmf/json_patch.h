#pragma once
// PATCH document formats: JSON Merge Patch (RFC 7386) and JSON Patch (RFC 6902).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace ispcloud::domain::tmf {

// RFC 7386: objects merge member-wise, null removes a member, anything else (arrays included)
// replaces the target wholesale.
void ApplyMergePatch(boost::json::value& target, const boost::json::value& patch);

// The top-level members that differ between `before` and `after` (changed or added, then
// removed), for audit records and change events.
std::vector<std::string> ChangedMembers(const boost::json::object& before,
                                        const boost::json::object& after);

// RFC 6902: applies the operations of `ops` (an array) in order to `doc`, all or nothing.
// A malformed operation or a path that does not resolve -> kInvalidArgument naming the
// operation ("[2].path"); a failed "test" -> kConflict. `doc` is unchanged on error.
Status ApplyJsonPatch(boost::json::value& doc, const boost::json::value& ops);

}  // namespace ispcloud::domain::tmf
