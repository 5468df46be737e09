#pragma once
// Request decoding shared by the TMF handlers (resources and hub).

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/result.h"
#include "http/types.h"

namespace ispcloud::api::tmf {

// The request's media type, lower-cased, without parameters ("" when absent).
std::string MediaType(const http::RequestContext& ctx);

// kUnsupportedMedia naming the media type(s) `allowed`.
Error UnsupportedMedia(std::string_view allowed);

// Echoes the request's Transaction-Id header (OPTIVA-API.md §0.3) on `res`.
void EchoTransactionId(const http::RequestContext& ctx, http::Response& res);

// The JSON body. An empty body or malformed JSON -> kInvalidArgument with the field "body".
Result<boost::json::value> ParseJsonBody(const http::RequestContext& ctx);

}  // namespace ispcloud::api::tmf
