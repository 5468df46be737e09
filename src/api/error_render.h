#pragma once
// Renders an Error in the wire format of each API family (DESIGN.md, "Errors"):
//   Plume:  {"error":{"statusCode":404,"status":404,"name":"Error","message":"...","code":"..."}}
//   TMF / Optiva gateway: {"code":"ERCRT1003","reason":"Not Found","message":"...",
//                          "status":"404","@type":"Error"}
//   OAuth:  {"error":"invalid_request","error_description":"..."}
//   System: {"code":"not_found","message":"...","status":404,"requestId":"..."}
// Internal errors never carry their message to the client; it is logged with the request id.
// 401 answers carry WWW-Authenticate: Bearer.

#include <string_view>

#include "core/error.h"
#include "http/api_family.h"
#include "http/types.h"

namespace ispcloud::api {

// The HTTP status `error` gets in `family`.
int StatusFor(http::ApiFamily family, const Error& error);

// The complete error response, with every header the family requires.
http::Response RenderError(http::ApiFamily family, const Error& error, std::string_view request_id);

}  // namespace ispcloud::api
