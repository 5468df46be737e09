#include "domain/tmf/query.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>
#include <charconv>
#include <cmath>

#include "core/clock.h"

namespace ispcloud::domain::tmf {
namespace {

struct RawParam {
  std::string name;
  std::optional<std::string> value;  // nullopt: the parameter had no '='
};

Error BadParam(std::string_view name, std::string message) {
  Error e = MakeError(ErrorCode::kInvalidArgument,
                      "query parameter " + std::string(name) + " " + message);
  e.fields.push_back(FieldError{std::string(name), "format", e.message});
  return e;
}

std::optional<std::string> QueryDecode(std::string_view s) {
  std::string plus_fixed(s);
  std::replace(plus_fixed.begin(), plus_fixed.end(), '+', ' ');
  auto view = boost::urls::make_pct_string_view(plus_fixed);
  if (!view) return std::nullopt;
  std::string out;
  out.reserve(view->decoded_size());
  for (char c : **view) out.push_back(c);
  return out;
}

Result<std::vector<RawParam>> SplitQuery(std::string_view query) {
  std::vector<RawParam> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = QueryDecode(pair.substr(0, eq));
    if (!name) return BadParam(pair.substr(0, eq), "is not percent-encoded correctly");
    RawParam p{std::move(*name), std::nullopt};
    if (eq != std::string_view::npos) {
      auto value = QueryDecode(pair.substr(eq + 1));
      if (!value) return BadParam(p.name, "is not percent-encoded correctly");
      p.value = std::move(*value);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t end = s.find(sep, pos);
    out.emplace_back(s.substr(pos, end == std::string_view::npos ? s.size() - pos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

std::vector<std::string> FieldList(std::string_view value) {
  std::vector<std::string> out;
  for (std::string& f : Split(value, ',')) {
    while (!f.empty() && f.front() == ' ') f.erase(f.begin());
    while (!f.empty() && f.back() == ' ') f.pop_back();
    if (!f.empty()) out.push_back(std::move(f));
  }
  return out;
}

Result<int64_t> NonNegative(std::string_view name, const std::optional<std::string>& value) {
  int64_t n = -1;
  if (value && !value->empty()) {
    const char* end = value->data() + value->size();
    auto [ptr, ec] = std::from_chars(value->data(), end, n);
    if (ec != std::errc() || ptr != end) n = -1;
  }
  if (n < 0) return BadParam(name, "must be a non-negative integer");
  return n;
}

std::optional<CompareOp> OpNamed(std::string_view s) {
  if (s == "eq") return CompareOp::kEq;
  if (s == "gt") return CompareOp::kGt;
  if (s == "gte") return CompareOp::kGte;
  if (s == "lt") return CompareOp::kLt;
  if (s == "lte") return CompareOp::kLte;
  return std::nullopt;
}

// Builds a filter from one parameter.
Result<Filter> MakeFilter(const RawParam& p) {
  Filter f;
  f.name = p.name;
  std::string attr = p.name;
  std::string value = p.value.value_or("");
  if (!p.value) {
    // name>value / name<value without '='.
    const size_t cmp = attr.find_first_of("<>");
    if (cmp == std::string::npos) return BadParam(p.name, "needs a value");
    f.op = attr[cmp] == '>' ? CompareOp::kGt : CompareOp::kLt;
    value = attr.substr(cmp + 1);
    attr.resize(cmp);
  } else if (!attr.empty() && (attr.back() == '>' || attr.back() == '<')) {
    f.op = attr.back() == '>' ? CompareOp::kGte : CompareOp::kLte;
    attr.pop_back();
  } else if (!attr.empty() && attr.back() == ']') {
    const size_t open = attr.rfind('[');
    std::optional<CompareOp> op;
    if (open != std::string::npos) op = OpNamed(attr.substr(open + 1, attr.size() - open - 2));
    if (!op) return BadParam(p.name, "has an unknown operator (use eq, gt, gte, lt or lte)");
    f.op = *op;
    attr.resize(open);
  } else {
    const size_t dot = attr.rfind('.');
    if (dot != std::string::npos) {
      if (std::optional<CompareOp> op = OpNamed(attr.substr(dot + 1))) {
        f.op = *op;
        attr.resize(dot);
      }
    }
  }
  f.path = Split(attr, '.');
  for (const std::string& seg : f.path) {
    if (seg.empty()) return BadParam(p.name, "is not an attribute path");
  }
  f.raw_value = value;
  if (f.op == CompareOp::kEq) {
    f.values = Split(value, ',');
  } else {
    f.values.push_back(std::move(value));
  }
  return f;
}

// Every leaf reached by `path` from `v`; arrays on the way are searched element-wise.
void Collect(const boost::json::value& v, const std::vector<std::string>& path, size_t i,
             std::vector<const boost::json::value*>& out) {
  if (v.is_array()) {
    for (const boost::json::value& e : v.get_array()) Collect(e, path, i, out);
    return;
  }
  if (i == path.size()) {
    out.push_back(&v);
    return;
  }
  if (!v.is_object()) return;
  const boost::json::value* next = v.get_object().if_contains(path[i]);
  if (next != nullptr) Collect(*next, path, i + 1, out);
}

std::optional<double> AsNumber(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double d = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, d);
  if (ec != std::errc() || ptr != end || !std::isfinite(d)) return std::nullopt;
  return d;
}

// Three-way comparison of a JSON leaf with a query value; nullopt when they do not compare.
std::optional<int> Compare(const boost::json::value& leaf, std::string_view value) {
  auto three_way = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  if (leaf.is_number()) {
    std::optional<double> q = AsNumber(value);
    if (!q) return std::nullopt;
    return three_way(leaf.to_number<double>(), *q);
  }
  if (leaf.is_bool()) {
    if (value != "true" && value != "false") return std::nullopt;
    return three_way(leaf.get_bool(), value == "true");
  }
  if (!leaf.is_string()) return std::nullopt;
  std::string_view s = leaf.get_string();
  std::optional<int64_t> a = ParseIso8601Micros(s);
  std::optional<int64_t> b = a ? ParseIso8601Micros(value) : std::nullopt;
  if (a && b) return three_way(*a, *b);
  return three_way(s, value);
}

bool LeafMatches(const boost::json::value& leaf, const Filter& f) {
  if (f.op == CompareOp::kEq) {
    if (leaf.is_string() && leaf.get_string() == f.raw_value) return true;
    for (const std::string& v : f.values) {
      if (leaf.is_string()) {
        if (leaf.get_string() == v) return true;
        continue;
      }
      std::optional<int> c = Compare(leaf, v);
      if (c && *c == 0) return true;
    }
    return false;
  }
  std::optional<int> c = Compare(leaf, f.values.front());
  if (!c) return false;
  switch (f.op) {
    case CompareOp::kGt:
      return *c > 0;
    case CompareOp::kGte:
      return *c >= 0;
    case CompareOp::kLt:
      return *c < 0;
    case CompareOp::kLte:
      return *c <= 0;
    case CompareOp::kEq:
      return *c == 0;
  }
  return false;
}

// Copies the part of `src` selected by `path` into `dst` (same shape, other members dropped).
void CopyPath(const boost::json::value& src, const std::vector<std::string>& path, size_t i,
              boost::json::value& dst) {
  if (i == path.size()) {
    dst = src;
    return;
  }
  if (src.is_array()) {
    if (!dst.is_array()) dst = boost::json::array(src.get_array().size());
    boost::json::array& out = dst.get_array();
    if (out.size() != src.get_array().size()) return;
    for (size_t k = 0; k < out.size(); ++k) CopyPath(src.get_array()[k], path, i, out[k]);
    return;
  }
  if (!src.is_object()) return;
  const boost::json::value* next = src.get_object().if_contains(path[i]);
  if (next == nullptr) return;
  if (!dst.is_object()) dst = boost::json::object();
  CopyPath(*next, path, i + 1, dst.get_object()[path[i]]);
}

}  // namespace

Result<ListQuery> ParseListQuery(std::string_view raw_query,
                                 const std::vector<std::string_view>& reserved) {
  auto params = SplitQuery(raw_query);
  if (!params) return params.error();
  ListQuery q;
  for (const RawParam& p : *params) {
    if (p.name == "fields") {
      q.fields = FieldList(p.value.value_or(""));
    } else if (p.name == "offset") {
      auto n = NonNegative(p.name, p.value);
      if (!n) return n.error();
      q.offset = *n;
    } else if (p.name == "limit") {
      auto n = NonNegative(p.name, p.value);
      if (!n) return n.error();
      if (*n > kMaxLimit) {
        return BadParam("limit", "is " + std::to_string(*n) +
                                     ", but the maximum allowed limit size is " +
                                     std::to_string(kMaxLimit));
      }
      q.limit = *n;
    } else if (p.name == "sort") {
      for (const std::string& item : FieldList(p.value.value_or(""))) {
        SortKey key;
        std::string_view name = item;
        if (name.front() == '-' || name.front() == '+') {
          key.descending = name.front() == '-';
          name.remove_prefix(1);
        }
        key.path = Split(name, '.');
        if (std::any_of(key.path.begin(), key.path.end(),
                        [](const std::string& s) { return s.empty(); })) {
          return BadParam("sort", "is not a list of attribute paths");
        }
        q.sort.push_back(std::move(key));
      }
    } else if (std::find(reserved.begin(), reserved.end(), p.name) != reserved.end()) {
      continue;
    } else {
      auto f = MakeFilter(p);
      if (!f) return f.error();
      q.filters.push_back(std::move(*f));
    }
  }
  return q;
}

Result<std::optional<std::string>> FindQueryParam(std::string_view raw_query,
                                                  std::string_view name) {
  auto params = SplitQuery(raw_query);
  if (!params) return params.error();
  std::optional<std::string> out;
  for (const RawParam& p : *params) {
    if (p.name == name) out = p.value.value_or("");
  }
  return out;
}

Result<std::optional<std::vector<std::string>>> ParseFieldsParam(std::string_view raw_query) {
  auto value = FindQueryParam(raw_query, "fields");
  if (!value) return value.error();
  if (!*value) return std::optional<std::vector<std::string>>();
  return std::optional<std::vector<std::string>>(FieldList(**value));
}

bool MatchesAll(const boost::json::object& doc, const std::vector<Filter>& filters) {
  if (filters.empty()) return true;
  const boost::json::value root(doc);
  std::vector<const boost::json::value*> leaves;
  for (const Filter& f : filters) {
    leaves.clear();
    Collect(root, f.path, 0, leaves);
    const bool any = std::any_of(leaves.begin(), leaves.end(),
                                 [&](const boost::json::value* l) { return LeafMatches(*l, f); });
    if (!any) return false;
  }
  return true;
}

boost::json::object SelectFields(const boost::json::object& doc,
                                 const std::vector<std::string>& fields) {
  boost::json::value out = boost::json::object();
  const boost::json::value root(doc);
  for (std::string_view always : {"id", "href", "@type"}) {
    if (const boost::json::value* v = doc.if_contains(always)) out.get_object()[always] = *v;
  }
  for (const std::string& f : fields) CopyPath(root, Split(f, '.'), 0, out);
  return std::move(out.get_object());
}

void SortDocuments(std::vector<boost::json::object>& docs, const std::vector<SortKey>& keys) {
  if (keys.empty()) return;
  struct Keyed {
    std::vector<std::optional<boost::json::value>> values;
    size_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    Keyed k{{}, i};
    const boost::json::value root(docs[i]);
    for (const SortKey& key : keys) {
      std::vector<const boost::json::value*> leaves;
      Collect(root, key.path, 0, leaves);
      if (leaves.empty() || leaves.front()->is_null()) {
        k.values.emplace_back(std::nullopt);
      } else {
        k.values.emplace_back(*leaves.front());
      }
    }
    keyed.push_back(std::move(k));
  }
  auto compare = [](const boost::json::value& a, const boost::json::value& b) -> int {
    if (a.is_number() && b.is_number()) {
      double x = a.to_number<double>(), y = b.to_number<double>();
      return x < y ? -1 : (y < x ? 1 : 0);
    }
    if (a.is_string() && b.is_string()) {
      std::optional<int> c = Compare(a, b.get_string());
      return c.value_or(0);
    }
    if (a.is_bool() && b.is_bool()) return int(a.get_bool()) - int(b.get_bool());
    std::string x = boost::json::serialize(a), y = boost::json::serialize(b);
    return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
  };
  std::stable_sort(keyed.begin(), keyed.end(), [&](const Keyed& l, const Keyed& r) {
    for (size_t i = 0; i < keys.size(); ++i) {
      const auto& a = l.values[i];
      const auto& b = r.values[i];
      if (!a && !b) continue;
      if (!a) return false;  // missing sorts last
      if (!b) return true;
      int c = compare(*a, *b);
      if (c == 0) continue;
      return keys[i].descending ? c > 0 : c < 0;
    }
    return false;
  });
  std::vector<boost::json::object> sorted;
  sorted.reserve(docs.size());
  for (const Keyed& k : keyed) sorted.push_back(std::move(docs[k.index]));
  docs = std::move(sorted);
}

}  // namespace ispcloud::domain::tmf
