#pragma once
// Dispatcher: the pure request -> response step of the server. Assigns the request id, routes,
// applies the route's access requirement, runs the handler, turns failures into errors in the
// path's API format, records metrics and writes the access log line. Never throws.

#include <functional>
#include <string>

#include "core/object_id.h"
#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace ispcloud::http {

// Renders an error in the wire format of `family` (installed by the composition root).
using ErrorRenderer =
    std::function<Response(ApiFamily family, const Error& error, std::string_view request_id)>;

// Decides whether the caller may use a kBearer route; an error is rendered as the response.
using Authenticator = std::function<asio::awaitable<Status>(RequestContext&)>;

class Dispatcher {
 public:
  Dispatcher(const Router& router, HttpMetrics& metrics, ErrorRenderer renderer,
             ObjectIdGenerator& ids, bool access_log);

  // Installs the authenticator for kBearer routes. Without one they all answer 401.
  void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }

  // Produces the response to one complete request, with X-Request-Id set.
  asio::awaitable<Response> Handle(Request& request, const asio::ip::address& remote);

  // A response for a request that could not be read (bad syntax, limits, overload), rendered in
  // the format of the family of `target` when it is known. Records metrics and logs.
  Response FrameworkError(std::string_view target, const Error& error,
                          const asio::ip::address& remote);

 private:
  std::string RequestIdFor(const Request& request);
  void Finish(Response& res, const Route* route, Verb method, std::string_view path,
              const std::string& request_id, const asio::ip::address& remote, double seconds);

  const Router& router_;
  HttpMetrics& metrics_;
  ErrorRenderer renderer_;
  ObjectIdGenerator& ids_;
  bool access_log_;
  Authenticator authenticator_;
};

}  // namespace ispcloud::http
