#pragma once
// Router: method + path template -> route. Templates are literal segments and typed parameters:
//   /api/Customers/{customerId}/locations/{locationId}      {name} = any non-empty segment
//   /api/v1/subscription/{n:int}                             {name:int} = decimal digits
// Fixed segments of Plume-family routes match case-insensitively; all others exactly.
// A single trailing slash is ignored for Plume-family routes only.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/api_family.h"
#include "http/types.h"

namespace ispcloud::http {

// Who may call a route. The dispatcher fails closed: a kBearer route with no authenticator
// installed answers 401.
enum class Access { kPublic, kBearer };

// The Handler of a route function `fn(deps, ctx)`, for Register*Routes functions; `deps` must
// outlive the router.
template <typename Deps>
Handler BindDeps(Deps& deps, asio::awaitable<Response> (*fn)(Deps&, RequestContext&)) {
  return [&deps, fn](RequestContext& ctx) { return fn(deps, ctx); };
}

struct Route {
  size_t id = 0;  // dense index, for per-route metrics
  Verb method = Verb::get;
  std::string pattern;
  ApiFamily family = ApiFamily::kSystem;
  Access access = Access::kBearer;
  Handler handler;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a route. Throws std::invalid_argument for a malformed pattern or a duplicate
  // method + pattern: both are programming errors caught at start-up.
  const Route& Add(Verb method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;  // set when method and path match
    PathParams params;
    std::vector<Verb> allowed;  // when only the path matched: the methods it supports
  };
  // Matches percent-decoded path segments ("/a/b/" -> {"a","b"}, trailing_slash = true).
  Match Find(Verb method, const std::vector<std::string>& segments, bool trailing_slash) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  bool Walk(const Node& node, const std::vector<std::string>& segs, size_t i, bool trailing_slash,
            Verb method, Match& out) const;

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace ispcloud::http
