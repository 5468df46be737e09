#include "http/dispatcher.h"

#include <boost/url/parse.hpp>
#include <chrono>
#include <exception>

#include "core/log.h"

namespace ispcloud::http {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string_view PathOf(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// The target with characters that RFC 3986 forbids in a query but clients send unencoded
// (TMF630 filters such as `validFor.startDateTime[gte]=...` or `date>=...`) percent-encoded in
// the query part. The path is left alone: it stays strict.
std::string RelaxQuery(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, q + 1));
  static constexpr std::string_view kUnsafe = "[]<>{}|^`\\\"";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : target.substr(q + 1)) {
    if (kUnsafe.find(c) == std::string_view::npos) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
  }
  return out;
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, HttpMetrics& metrics, ErrorRenderer renderer,
                       ObjectIdGenerator& ids, bool access_log)
    : router_(router),
      metrics_(metrics),
      renderer_(std::move(renderer)),
      ids_(ids),
      access_log_(access_log) {}

std::string Dispatcher::RequestIdFor(const Request& request) {
  auto it = request.find("X-Request-Id");
  if (it != request.end() && IsAcceptableRequestId(it->value())) return std::string(it->value());
  return ids_.Next();
}

asio::awaitable<Response> Dispatcher::Handle(Request& request, const asio::ip::address& remote) {
  const auto start = SteadyClock::now();
  std::string request_id = RequestIdFor(request);
  std::string_view target = request.target();
  std::string_view path = PathOf(target);
  const Verb method = request.method();

  auto url = boost::urls::parse_origin_form(target);
  std::string relaxed;  // owns the re-encoded target `url` then points into
  if (!url) {
    relaxed = RelaxQuery(target);
    if (relaxed != target) url = boost::urls::parse_origin_form(relaxed);
  }
  if (!url) {
    Response res =
        renderer_(FamilyForPath(path),
                  MakeError(ErrorCode::kInvalidArgument, "malformed request target"), request_id);
    Finish(res, nullptr, method, path, request_id, remote, SecondsSince(start));
    co_return res;
  }
  std::vector<std::string> segments;
  for (auto seg : url->segments()) segments.emplace_back(seg.begin(), seg.end());
  bool trailing_slash = false;
  if (!segments.empty() && segments.back().empty()) {
    segments.pop_back();
    trailing_slash = !segments.empty();
  }

  Router::Match match = router_.Find(method, segments, trailing_slash);
  if (match.route == nullptr) {
    ApiFamily family = FamilyForPath(path);
    Response res;
    // LoopBack (Plume) answers 404 for a known path with an unsupported method.
    if (!match.allowed.empty() && family != ApiFamily::kPlume) {
      res = renderer_(
          family,
          MakeError(ErrorCode::kMethodNotAllowed, "method " + std::string(request.method_string()) +
                                                      " is not allowed on " + std::string(path)),
          request_id);
      std::string allow;
      for (Verb v : match.allowed) {
        if (!allow.empty()) allow += ", ";
        allow += std::string(beast_http::to_string(v));
      }
      res.set(beast_http::field::allow, allow);
    } else {
      res = renderer_(
          family,
          MakeError(ErrorCode::kNotFound, "no route for " + std::string(request.method_string()) +
                                              " " + std::string(path)),
          request_id);
    }
    Finish(res, nullptr, method, path, request_id, remote, SecondsSince(start));
    co_return res;
  }

  const Route& route = *match.route;
  RequestContext ctx{request,    route,  std::move(match.params),
                     request_id, path,   url->encoded_query(),
                     remote,     nullptr};
  Response res;
  bool done = false;
  try {
    if (route.access != Access::kPublic) {
      Status allowed =
          MakeError(ErrorCode::kUnauthenticated, "this endpoint requires a bearer token");
      if (authenticator_) allowed = co_await authenticator_(ctx);
      if (!allowed) {
        res = renderer_(route.family, allowed.error(), request_id);
        done = true;
      }
    }
    if (!done) res = co_await route.handler(ctx);
  } catch (const std::exception& e) {
    LogError("handler_exception",
             {{"request_id", request_id}, {"route", route.pattern}, {"what", e.what()}});
    res = renderer_(route.family, MakeError(ErrorCode::kInternal, "internal error"), request_id);
  }
  Finish(res, &route, method, path, request_id, remote, SecondsSince(start));
  co_return res;
}

Response Dispatcher::FrameworkError(std::string_view target, const Error& error,
                                    const asio::ip::address& remote) {
  std::string request_id = ids_.Next();
  std::string_view path = PathOf(target);
  Response res = renderer_(FamilyForPath(path), error, request_id);
  Finish(res, nullptr, Verb::unknown, path, request_id, remote, 0.0);
  return res;
}

void Dispatcher::Finish(Response& res, const Route* route, Verb method, std::string_view path,
                        const std::string& request_id, const asio::ip::address& remote,
                        double seconds) {
  res.set("X-Request-Id", request_id);
  // A response to HEAD never has a body (RFC 9110 §9.3.2), errors included: a body would be
  // read as the start of the next response on a kept-alive connection.
  if (method == Verb::head) res.body().clear();
  const int status = static_cast<int>(res.result_int());
  metrics_.RecordRequest(route, method, status, seconds);
  if (access_log_ && LogEnabled(LogLevel::kInfo)) {
    boost::json::object line{{"request_id", request_id},
                             {"method", beast_http::to_string(method)},
                             {"path", path},
                             {"route", route != nullptr ? route->pattern : "unmatched"},
                             {"status", status},
                             {"duration_ms", seconds * 1000.0},
                             {"bytes_out", res.body().size()},
                             {"remote", remote.to_string()}};
    Log(status >= 500 ? LogLevel::kError : LogLevel::kInfo, "request", std::move(line));
  }
}

}  // namespace ispcloud::http
