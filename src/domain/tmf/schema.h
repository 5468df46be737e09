#pragma once
// A compact description of the TMF resource schemas (field name -> type or nested schema) and
// the validator that checks request documents against it. The descriptions of the served
// resources are generated from the spec files (scripts/gen_tmf_schemas.py ->
// tmf_schemas_generated.cpp); see tmf_schemas.h.

#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::tmf {

enum class SchemaKind : uint8_t { kAny, kString, kInteger, kNumber, kBoolean, kObject, kArray };
enum class SchemaFormat : uint8_t { kNone, kDateTime };

struct Schema;

struct Property {
  std::string_view name;
  const Schema* schema;
  bool required;
};

// One entry of a `@type` discriminator: objects whose @type is `type_name` follow `schema`.
struct Variant {
  std::string_view type_name;
  const Schema* schema;
};

struct Schema {
  std::string_view name;  // the spec's schema name
  SchemaKind kind = SchemaKind::kAny;
  SchemaFormat format = SchemaFormat::kNone;
  const Schema* items = nullptr;          // kArray
  std::span<const Property> properties;   // kObject, sorted by name
  std::span<const std::string_view> enum_values;  // kString: allowed values when non-empty
  std::span<const Variant> variants;      // kObject: @type selects the schema when non-empty
  bool open = false;                      // kObject: any member allowed (free-form object)

  // The property `name`, or nullptr.
  const Property* Find(std::string_view name) const;
  // The variant schema for `type_name`, or nullptr.
  const Schema* VariantFor(std::string_view type_name) const;
};

// Shared primitive schemas.
extern const Schema kAnySchema;
extern const Schema kStringSchema;
extern const Schema kDateTimeSchema;
extern const Schema kIntegerSchema;
extern const Schema kNumberSchema;
extern const Schema kBooleanSchema;

struct ValidateOptions {
  // Unknown members: reported (rule "unknown") or silently removed from the document.
  bool drop_unknown = false;
  // Fill a missing @type where the discriminator admits exactly one type.
  bool fill_single_type = true;
};

// Validates `doc` against `schema` in place and returns every problem found (empty = valid).
// Field paths are dotted with array indexes: "contactMedium[0].characteristic.emailAddress".
// Rules: "type" (wrong JSON type), "format" (date-time that is not RFC 3339 / YYYY-MM-DD),
// "inclusion" (enum or @type not allowed), "presence" (required member missing or null),
// "unknown" (member the schema does not define). Required members are checked inside nested
// objects always; for the top-level object only the members named in `top_required`.
std::vector<FieldError> Validate(boost::json::value& doc, const Schema& schema,
                                 std::span<const std::string_view> top_required,
                                 const ValidateOptions& options);

// True for "YYYY-MM-DD" and RFC 3339 date-times ("2026-11-23T10:15:30Z", fractions, offsets).
bool IsDateTimeText(std::string_view text);

}  // namespace ispcloud::domain::tmf
