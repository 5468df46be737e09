#include "api/plume/body.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/oauth/form.h"
#include "core/strings.h"

namespace ispcloud::api::plume {
namespace {

std::string_view MediaType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  return media;
}

bool IsJsonMediaType(std::string_view media) {
  if (IEquals(media, "application/json")) return true;
  // Structured syntax suffix (RFC 6839), e.g. application/merge-patch+json.
  return media.size() > 5 && IEquals(media.substr(media.size() - 5), "+json") &&
         IStartsWith(media, "application/");
}

Error InvalidJson(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "INVALID_JSON");
}

}  // namespace

Result<Body> DecodeBody(std::string_view content_type, std::string_view body) {
  Body out;
  if (body.empty()) return out;
  std::string_view media = MediaType(content_type);
  if (IsJsonMediaType(media)) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) return InvalidJson("Unexpected token in JSON: " + ec.message());
    if (!v.is_object()) return InvalidJson("the request body must be a JSON object");
    out.fields = std::move(v.as_object());
    return out;
  }
  if (oauth::IsFormContentType(media)) {
    auto form = oauth::ParseForm(body);
    if (!form) return MakeError(ErrorCode::kInvalidArgument, form.error().message, "BAD_REQUEST");
    for (auto& [name, value] : *form) out.fields[name] = boost::json::string(value);
    out.form = true;
    return out;
  }
  return MakeError(ErrorCode::kUnsupportedMedia,
                   "unsupported media type '" + std::string(media) +
                       "'; send application/json or application/x-www-form-urlencoded",
                   "UNSUPPORTED_MEDIA_TYPE");
}

std::optional<std::string> FieldReader::String(std::string_view name) {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    TypeError(name, "string");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<bool> FieldReader::Bool(std::string_view name) {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_bool()) return v->as_bool();
  if (v->is_string() && v->as_string() == "true") return true;
  if (v->is_string() && v->as_string() == "false") return false;
  TypeError(name, "boolean");
  return std::nullopt;
}

std::optional<int64_t> FieldReader::Int(std::string_view name) {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->as_uint64());
  }
  if (v->is_double()) {
    double d = v->as_double();
    if (d >= -9e15 && d <= 9e15 && d == static_cast<double>(static_cast<int64_t>(d))) {
      return static_cast<int64_t>(d);
    }
  }
  if (v->is_string()) {
    std::string_view s = v->as_string();
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return n;
  }
  TypeError(name, "integer");
  return std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::StringList(std::string_view name) {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  boost::json::value parsed;
  if (v->is_string()) {
    boost::system::error_code ec;
    parsed = boost::json::parse(v->as_string(), ec);
    if (ec) parsed = nullptr;
    v = &parsed;
  }
  std::vector<std::string> out;
  bool ok = v->is_array();
  if (ok) {
    for (const boost::json::value& item : v->as_array()) {
      ok = ok && item.is_string();
      if (ok) out.emplace_back(item.as_string());
    }
  }
  if (!ok) {
    TypeError(name, "list of strings");
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> FieldReader::RawText(std::string_view name) const {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  return boost::json::serialize(*v);
}

bool FieldReader::Present(std::string_view name) const {
  const boost::json::value* v = body_.fields.if_contains(name);
  if (v == nullptr || v->is_null()) return false;
  return !(v->is_string() && v->as_string().empty());
}

std::vector<std::string_view> FieldReader::Names() const {
  std::vector<std::string_view> out;
  out.reserve(body_.fields.size());
  for (const auto& kv : body_.fields) out.push_back(kv.key());
  return out;
}

void FieldReader::TypeError(std::string_view name, std::string_view type) {
  errors_.push_back({std::string(name), "type", "must be a " + std::string(type)});
}

}  // namespace ispcloud::api::plume
