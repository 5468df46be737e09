#include "domain/tmf/schema.h"

#include <algorithm>
#include <boost/json/object.hpp>

#include "core/clock.h"

namespace ispcloud::domain::tmf {

const Schema kAnySchema{"any", SchemaKind::kAny, SchemaFormat::kNone, nullptr, {}, {}, {}, false};
const Schema kStringSchema{"string",  SchemaKind::kString, SchemaFormat::kNone, nullptr, {}, {},
                           {},        false};
const Schema kDateTimeSchema{"date-time", SchemaKind::kString, SchemaFormat::kDateTime,
                             nullptr,     {},                  {},
                             {},          false};
const Schema kIntegerSchema{"integer", SchemaKind::kInteger, SchemaFormat::kNone, nullptr, {}, {},
                            {},        false};
const Schema kNumberSchema{"number", SchemaKind::kNumber, SchemaFormat::kNone, nullptr, {}, {},
                           {},       false};
const Schema kBooleanSchema{"boolean", SchemaKind::kBoolean, SchemaFormat::kNone, nullptr, {}, {},
                            {},        false};

const Property* Schema::Find(std::string_view member) const {
  auto it = std::lower_bound(properties.begin(), properties.end(), member,
                             [](const Property& p, std::string_view n) { return p.name < n; });
  if (it == properties.end() || it->name != member) return nullptr;
  return &*it;
}

const Schema* Schema::VariantFor(std::string_view type_name) const {
  for (const Variant& v : variants) {
    if (v.type_name == type_name) return v.schema;
  }
  return nullptr;
}

namespace {

std::string_view KindName(SchemaKind kind) {
  switch (kind) {
    case SchemaKind::kAny:
      return "any";
    case SchemaKind::kString:
      return "string";
    case SchemaKind::kInteger:
      return "integer";
    case SchemaKind::kNumber:
      return "number";
    case SchemaKind::kBoolean:
      return "boolean";
    case SchemaKind::kObject:
      return "object";
    case SchemaKind::kArray:
      return "array";
  }
  return "any";
}

class Validator {
 public:
  explicit Validator(const ValidateOptions& options) : options_(options) {}

  void Check(boost::json::value& v, const Schema& schema, const std::string& path,
             std::span<const std::string_view> required, bool top) {
    switch (schema.kind) {
      case SchemaKind::kAny:
        return;
      case SchemaKind::kString:
        if (!v.is_string()) return TypeError(path, schema.kind);
        if (schema.format == SchemaFormat::kDateTime && !IsDateTimeText(v.get_string())) {
          Add(path, "format", "must be a date-time (RFC 3339) or a date (YYYY-MM-DD)");
          return;
        }
        if (!schema.enum_values.empty() &&
            std::find(schema.enum_values.begin(), schema.enum_values.end(),
                      std::string_view(v.get_string())) == schema.enum_values.end()) {
          std::string allowed;
          for (std::string_view e : schema.enum_values) {
            if (!allowed.empty()) allowed += ", ";
            allowed += e;
          }
          Add(path, "inclusion", "must be one of: " + allowed);
        }
        return;
      case SchemaKind::kInteger:
        if (v.is_int64() || v.is_uint64()) return;
        if (v.is_double()) {
          double d = v.get_double();
          if (d == static_cast<double>(static_cast<int64_t>(d))) return;
        }
        return TypeError(path, schema.kind);
      case SchemaKind::kNumber:
        if (!v.is_number()) TypeError(path, schema.kind);
        return;
      case SchemaKind::kBoolean:
        if (!v.is_bool()) TypeError(path, schema.kind);
        return;
      case SchemaKind::kArray:
        if (!v.is_array()) return TypeError(path, schema.kind);
        for (size_t i = 0; i < v.get_array().size(); ++i) {
          Check(v.get_array()[i], *schema.items, path + "[" + std::to_string(i) + "]", {}, false);
        }
        return;
      case SchemaKind::kObject:
        if (!v.is_object()) return TypeError(path, schema.kind);
        CheckObject(v.get_object(), schema, path, required, top);
        return;
    }
  }

  std::vector<FieldError> Take() { return std::move(errors_); }

 private:
  static std::string Join(const std::string& path, std::string_view member) {
    if (path.empty()) return std::string(member);
    return path + "." + std::string(member);
  }

  void Add(const std::string& path, std::string rule, std::string message) {
    errors_.push_back(FieldError{path.empty() ? "body" : path, std::move(rule),
                                 (path.empty() ? "body" : path) + " " + message});
  }

  void TypeError(const std::string& path, SchemaKind kind) {
    Add(path, "type", "must be " + std::string(kind == SchemaKind::kArray ||
                                                       kind == SchemaKind::kObject ||
                                                       kind == SchemaKind::kInteger
                                                   ? "an "
                                                   : "a ") +
                          std::string(KindName(kind)));
  }

  // Picks the schema an object follows: its @type's variant when the schema is discriminated.
  const Schema* Effective(boost::json::object& o, const Schema& schema, const std::string& path) {
    if (schema.variants.empty()) return &schema;
    boost::json::value* type = o.if_contains("@type");
    if (type == nullptr || type->is_null()) {
      if (options_.fill_single_type && schema.variants.size() == 1) {
        o["@type"] = schema.variants.front().type_name;
        return schema.variants.front().schema;
      }
      // Nothing selects a variant: the base schema reports the missing @type.
      return &schema;
    }
    if (!type->is_string()) return &schema;  // reported as a type error by the base schema
    const Schema* chosen = schema.VariantFor(type->get_string());
    if (chosen == nullptr) {
      std::string allowed;
      for (const Variant& v : schema.variants) {
        if (!allowed.empty()) allowed += ", ";
        allowed += v.type_name;
      }
      Add(Join(path, "@type"), "inclusion", "must be one of: " + allowed);
      return nullptr;
    }
    return chosen;
  }

  void CheckObject(boost::json::object& o, const Schema& base, const std::string& path,
                   std::span<const std::string_view> top_required, bool top) {
    if (base.open) return;
    const Schema* schema = Effective(o, base, path);
    if (schema == nullptr) return;
    std::vector<std::string> unknown;
    for (auto& member : o) {
      const Property* p = schema->Find(member.key());
      if (p == nullptr) {
        // An object that is only a discriminator (oneOf) still carries its @type.
        if (member.key() == "@type" && !schema->variants.empty()) continue;
        unknown.emplace_back(member.key());
        continue;
      }
      if (member.value().is_null()) continue;  // null = absent (checked below when required)
      Check(member.value(), *p->schema, Join(path, member.key()), {}, false);
    }
    for (const std::string& name : unknown) {
      if (options_.drop_unknown) {
        o.erase(name);
      } else {
        Add(Join(path, name), "unknown", "is not an attribute of " + std::string(schema->name));
      }
    }
    auto missing = [&](std::string_view name) {
      const boost::json::value* v = o.if_contains(name);
      return v == nullptr || v->is_null();
    };
    if (top) {
      for (std::string_view name : top_required) {
        if (missing(name)) Add(Join(path, name), "presence", "is required");
      }
      return;
    }
    for (const Property& p : schema->properties) {
      if (p.required && missing(p.name)) Add(Join(path, p.name), "presence", "is required");
    }
    if (schema->properties.empty() && !schema->variants.empty() && missing("@type")) {
      Add(Join(path, "@type"), "presence", "is required");
    }
  }

  const ValidateOptions& options_;
  std::vector<FieldError> errors_;
};

}  // namespace

bool IsDateTimeText(std::string_view s) {
  return ParseIso8601Micros(s).has_value();
}

std::vector<FieldError> Validate(boost::json::value& doc, const Schema& schema,
                                 std::span<const std::string_view> top_required,
                                 const ValidateOptions& options) {
  Validator v(options);
  v.Check(doc, schema, "", top_required, true);
  return v.Take();
}

}  // namespace ispcloud::domain::tmf
