#include "domain/tmf/json_patch.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <string>
#include <vector>

namespace ispcloud::domain::tmf {
namespace {

Error BadOp(size_t index, std::string_view member, std::string message) {
  std::string field = "[" + std::to_string(index) + "]";
  if (!member.empty()) field += "." + std::string(member);
  Error e =
      MakeError(ErrorCode::kInvalidArgument, "JSON Patch operation " + field + ": " + message);
  e.fields.push_back(FieldError{field, "format", e.message});
  return e;
}

// Splits an RFC 6901 pointer into unescaped tokens; nullopt when malformed.
std::optional<std::vector<std::string>> ParsePointer(std::string_view p) {
  std::vector<std::string> out;
  if (p.empty()) return out;
  if (p.front() != '/') return std::nullopt;
  size_t pos = 1;
  while (true) {
    size_t end = p.find('/', pos);
    std::string_view raw =
        p.substr(pos, end == std::string_view::npos ? p.size() - pos : end - pos);
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token.push_back(raw[i]);
        continue;
      }
      if (i + 1 >= raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1')) return std::nullopt;
      token.push_back(raw[i + 1] == '0' ? '~' : '/');
      ++i;
    }
    out.push_back(std::move(token));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

// An array index token: digits without leading zeros, below `limit` (inclusive when `append`).
std::optional<size_t> ArrayIndex(const std::string& token, size_t size, bool insert) {
  if (token == "-") return insert ? std::optional<size_t>(size) : std::nullopt;
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  size_t n = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
  if (ec != std::errc() || ptr != token.data() + token.size()) return std::nullopt;
  if (insert ? n > size : n >= size) return std::nullopt;
  return n;
}

// The value at `tokens`, or nullptr.
boost::json::value* Resolve(boost::json::value& doc, const std::vector<std::string>& tokens,
                            size_t count) {
  boost::json::value* cur = &doc;
  for (size_t i = 0; i < count; ++i) {
    if (cur->is_object()) {
      cur = cur->get_object().if_contains(tokens[i]);
    } else if (cur->is_array()) {
      auto idx = ArrayIndex(tokens[i], cur->get_array().size(), false);
      cur = idx ? &cur->get_array()[*idx] : nullptr;
    } else {
      cur = nullptr;
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

bool Add(boost::json::value& doc, const std::vector<std::string>& tokens, boost::json::value v) {
  if (tokens.empty()) {
    doc = std::move(v);
    return true;
  }
  boost::json::value* parent = Resolve(doc, tokens, tokens.size() - 1);
  if (parent == nullptr) return false;
  const std::string& last = tokens.back();
  if (parent->is_object()) {
    parent->get_object()[last] = std::move(v);
    return true;
  }
  if (parent->is_array()) {
    auto idx = ArrayIndex(last, parent->get_array().size(), true);
    if (!idx) return false;
    boost::json::array& a = parent->get_array();
    a.insert(a.begin() + static_cast<std::ptrdiff_t>(*idx), std::move(v));
    return true;
  }
  return false;
}

bool Remove(boost::json::value& doc, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return false;
  boost::json::value* parent = Resolve(doc, tokens, tokens.size() - 1);
  if (parent == nullptr) return false;
  if (parent->is_object()) return parent->get_object().erase(tokens.back()) == 1;
  if (parent->is_array()) {
    auto idx = ArrayIndex(tokens.back(), parent->get_array().size(), false);
    if (!idx) return false;
    parent->get_array().erase(parent->get_array().begin() + static_cast<std::ptrdiff_t>(*idx));
    return true;
  }
  return false;
}

}  // namespace

void ApplyMergePatch(boost::json::value& target, const boost::json::value& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = boost::json::object();
  boost::json::object& t = target.get_object();
  for (const auto& member : patch.get_object()) {
    if (member.value().is_null()) {
      t.erase(member.key());
    } else {
      ApplyMergePatch(t[member.key()], member.value());
    }
  }
}

std::vector<std::string> ChangedMembers(const boost::json::object& before,
                                        const boost::json::object& after) {
  std::vector<std::string> out;
  for (const auto& m : after) {
    const boost::json::value* old = before.if_contains(m.key());
    if (old == nullptr || *old != m.value()) out.emplace_back(m.key());
  }
  for (const auto& m : before) {
    if (!after.contains(m.key())) out.emplace_back(m.key());
  }
  return out;
}

Status ApplyJsonPatch(boost::json::value& doc, const boost::json::value& ops) {
  if (!ops.is_array()) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "a JSON Patch body must be an array");
    e.fields.push_back(FieldError{"body", "type", e.message});
    return e;
  }
  boost::json::value work = doc;
  const boost::json::array& list = ops.get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) return BadOp(i, "", "must be an object");
    const boost::json::object& op = list[i].get_object();
    const boost::json::value* name = op.if_contains("op");
    const boost::json::value* path = op.if_contains("path");
    if (name == nullptr || !name->is_string()) return BadOp(i, "op", "is required");
    if (path == nullptr || !path->is_string()) return BadOp(i, "path", "is required");
    auto tokens = ParsePointer(path->get_string());
    if (!tokens) return BadOp(i, "path", "is not a JSON pointer");
    const std::string_view kind = name->get_string();
    const boost::json::value* value = op.if_contains("value");
    std::optional<std::vector<std::string>> from;
    if (kind == "move" || kind == "copy") {
      const boost::json::value* f = op.if_contains("from");
      if (f == nullptr || !f->is_string()) return BadOp(i, "from", "is required");
      from = ParsePointer(f->get_string());
      if (!from) return BadOp(i, "from", "is not a JSON pointer");
    }
    if ((kind == "add" || kind == "replace" || kind == "test") && value == nullptr) {
      return BadOp(i, "value", "is required");
    }
    if (kind == "add") {
      if (!Add(work, *tokens, *value)) return BadOp(i, "path", "does not exist");
    } else if (kind == "remove") {
      if (!Remove(work, *tokens)) return BadOp(i, "path", "does not exist");
    } else if (kind == "replace") {
      boost::json::value* target = Resolve(work, *tokens, tokens->size());
      if (target == nullptr) return BadOp(i, "path", "does not exist");
      *target = *value;
    } else if (kind == "move" || kind == "copy") {
      boost::json::value* source = Resolve(work, *from, from->size());
      if (source == nullptr) return BadOp(i, "from", "does not exist");
      boost::json::value copy = *source;
      if (kind == "move") {
        const bool into_itself = tokens->size() > from->size() &&
                                 std::equal(from->begin(), from->end(), tokens->begin());
        if (into_itself) return BadOp(i, "path", "is inside from");
        if (!Remove(work, *from)) return BadOp(i, "from", "does not exist");
      }
      if (!Add(work, *tokens, std::move(copy))) return BadOp(i, "path", "does not exist");
    } else if (kind == "test") {
      boost::json::value* target = Resolve(work, *tokens, tokens->size());
      if (target == nullptr || *target != *value) {
        return MakeError(ErrorCode::kConflict,
                         "JSON Patch test operation [" + std::to_string(i) + "] failed");
      }
    } else {
      return BadOp(i, "op", "must be add, remove, replace, move, copy or test");
    }
  }
  doc = std::move(work);
  return Ok();
}

}  // namespace ispcloud::domain::tmf
