#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "core/strings.h"

namespace ispcloud::http {

enum class ParamType { kString, kInt };

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> exact;   // case-sensitive literals
  std::map<std::string, std::unique_ptr<Node>, std::less<>> folded;  // lower-cased literals
  std::unique_ptr<Node> param;
  std::string param_name;
  ParamType param_type = ParamType::kString;
  std::vector<const Route*> routes;  // one per method
};

namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> SplitPattern(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  std::vector<std::string_view> out;
  size_t pos = 1;
  while (pos <= pattern.size()) {
    size_t next = pattern.find('/', pos);
    if (next == std::string_view::npos) next = pattern.size();
    std::string_view seg = pattern.substr(pos, next - pos);
    if (seg.empty() && pattern.size() > 1) {
      throw std::invalid_argument("empty segment in route pattern: " + std::string(pattern));
    }
    if (!seg.empty()) out.push_back(seg);
    pos = next + 1;
  }
  return out;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

const Route& Router::Add(Verb method, std::string pattern, Access access, Handler handler) {
  auto route = std::make_unique<Route>();
  route->id = routes_.size();
  route->method = method;
  route->family = FamilyForPath(pattern);
  route->access = access;
  route->handler = std::move(handler);
  const bool fold = route->family == ApiFamily::kPlume;

  Node* node = root_.get();
  for (std::string_view seg : SplitPattern(pattern)) {
    if (seg.front() == '{') {
      if (seg.back() != '}' || seg.size() < 3) {
        throw std::invalid_argument("malformed parameter in route pattern: " + pattern);
      }
      std::string_view inner = seg.substr(1, seg.size() - 2);
      ParamType type = ParamType::kString;
      if (size_t colon = inner.find(':'); colon != std::string_view::npos) {
        std::string_view type_name = inner.substr(colon + 1);
        if (type_name == "int") {
          type = ParamType::kInt;
        } else {
          throw std::invalid_argument("unknown parameter type in route pattern: " + pattern);
        }
        inner = inner.substr(0, colon);
      }
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = std::string(inner);
        node->param_type = type;
      } else if (node->param_name != inner || node->param_type != type) {
        throw std::invalid_argument("conflicting parameter at the same position: " + pattern);
      }
      node = node->param.get();
    } else {
      auto& children = fold ? node->folded : node->exact;
      std::string key = fold ? AsciiLower(seg) : std::string(seg);
      auto& child = children[key];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  for (const Route* r : node->routes) {
    if (r->method == method) {
      throw std::invalid_argument("duplicate route: " + pattern);
    }
  }
  route->pattern = std::move(pattern);
  node->routes.push_back(route.get());
  routes_.push_back(std::move(route));
  return *routes_.back();
}

bool Router::Walk(const Node& node, const std::vector<std::string>& segs, size_t i,
                  bool trailing_slash, Verb method, Match& out) const {
  if (i == segs.size()) {
    if (node.routes.empty()) return false;
    if (trailing_slash && node.routes.front()->family != ApiFamily::kPlume) return false;
    for (const Route* r : node.routes) {
      if (r->method == method) {
        out.route = r;
        return true;
      }
    }
    // Path matched, method did not: remember the first such node's methods and keep looking,
    // since a parameter branch may still serve this method.
    if (out.allowed.empty()) {
      for (const Route* r : node.routes) out.allowed.push_back(r->method);
    }
    return false;
  }
  const std::string& seg = segs[i];
  if (auto it = node.exact.find(seg); it != node.exact.end()) {
    if (Walk(*it->second, segs, i + 1, trailing_slash, method, out)) return true;
  }
  if (!node.folded.empty()) {
    if (auto it = node.folded.find(AsciiLower(seg)); it != node.folded.end()) {
      if (Walk(*it->second, segs, i + 1, trailing_slash, method, out)) return true;
    }
  }
  if (node.param && !seg.empty()) {
    if (node.param_type == ParamType::kInt && !IsDigits(seg)) return false;
    size_t mark = out.params.size();
    out.params.Add(node.param_name, seg);
    if (Walk(*node.param, segs, i + 1, trailing_slash, method, out)) return true;
    out.params.Truncate(mark);  // backtrack: drop what this branch added
  }
  return false;
}

Router::Match Router::Find(Verb method, const std::vector<std::string>& segments,
                           bool trailing_slash) const {
  Match m;
  if (segments.size() > 64) return m;
  Walk(*root_, segments, 0, trailing_slash, method, m);
  return m;
}

}  // namespace ispcloud::http
