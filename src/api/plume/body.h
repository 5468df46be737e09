#pragma once
// Request bodies of the Plume-compatible family (PLUME-API.md §1.2): a JSON object or an
// application/x-www-form-urlencoded form, decoded into one object, and typed field accessors
// that collect every type error so that a 422 ValidationError can list all invalid fields.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ispcloud::api::plume {

// A decoded body. Form values are JSON strings, coerced by the accessors of FieldReader.
struct Body {
  boost::json::object fields;
  bool form = false;
};

// Decodes `body` according to `content_type` (media type case-insensitive, parameters ignored):
//   empty body                              -> no fields (whatever the media type);
//   application/json (or +json)             -> must be a JSON object: malformed or not an object
//                                              -> kInvalidArgument "INVALID_JSON" (400
//                                              SyntaxError);
//   application/x-www-form-urlencoded       -> fields as strings; bad encoding -> kInvalidArgument;
//   anything else, or no Content-Type       -> kUnsupportedMedia "UNSUPPORTED_MEDIA_TYPE" (415).
Result<Body> DecodeBody(std::string_view content_type, std::string_view body);

// Reads typed fields of a Body, recording a FieldError (rule "type") for each field of the wrong
// type; such a field then reads as absent. JSON null reads as absent too.
class FieldReader {
 public:
  explicit FieldReader(const Body& body) : body_(body) {}

  // A string field: JSON strings only (form values are strings).
  std::optional<std::string> String(std::string_view name);
  // A boolean field: JSON true/false or the strings "true"/"false".
  std::optional<bool> Bool(std::string_view name);
  // An integer field: JSON integral numbers or decimal strings.
  std::optional<int64_t> Int(std::string_view name);
  // An array-of-strings field: a JSON array of strings, or its JSON text (a form value).
  std::optional<std::vector<std::string>> StringList(std::string_view name);

  // The value of a field as text: a string as is, any other value as JSON text; nullopt when
  // absent or null. Never a type error: for values stored as given, without validation.
  std::optional<std::string> RawText(std::string_view name) const;

  // True when the body has the field (whatever its type or value).
  bool Has(std::string_view name) const { return body_.fields.contains(name); }
  // True when the body has the field with a value other than null and "" (an empty string
  // counts as missing for a required field, §1.2).
  bool Present(std::string_view name) const;
  // The names of every field in the body (for CheckCustomerSelfUpdate).
  std::vector<std::string_view> Names() const;
  // The type errors recorded so far, in read order.
  const std::vector<FieldError>& errors() const { return errors_; }
  std::vector<FieldError> TakeErrors() { return std::move(errors_); }

 private:
  void TypeError(std::string_view name, std::string_view type);

  const Body& body_;
  std::vector<FieldError> errors_;
};

}  // namespace ispcloud::api::plume
