#pragma once
// Request plumbing shared by the money routes of the Optiva gateway (vouchers, adjustments,
// notes, histories): JSON object bodies, typed field reading, idempotency keys and the
// responses built from an idempotent outcome.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/plume/body.h"
#include "api/tmf/access.h"
#include "core/clock.h"
#include "domain/bss/context.h"
#include "domain/bss/idempotency.h"
#include "domain/bss/subscription_resolver.h"
#include "http/types.h"
#include "storage/db.h"

namespace ispcloud::api::obp {

// The request body as a JSON object: 415 for a media type other than JSON, 400 for an empty
// body, malformed JSON or another JSON type.
Result<plume::Body> JsonObjectBody(const http::RequestContext& ctx);

// The `Idempotency-Key` of the request bound to the caller (token issuer + subject), the SPID,
// the method and the path; nullopt without the header; 400 for a malformed key.
Result<std::optional<domain::bss::IdempotencyRequest>> IdempotencyOf(
    const http::RequestContext& ctx, const domain::bss::BssContext& caller);

// The response of an outcome: its status and JSON body, `Idempotent-Replay: true` when
// replayed, the `Transaction-Id` echoed.
http::Response OutcomeResponse(const http::RequestContext& ctx,
                               const domain::bss::HttpOutcome& outcome);

// Runs `effect` under the request's idempotency key (domain::bss::RunIdempotent) and answers its
// outcome (OutcomeResponse), or its error in the gateway's format.
asio::awaitable<http::Response> RespondIdempotent(
    const http::RequestContext& ctx, storage::Database& db, const Clock& clock,
    std::optional<domain::bss::IdempotencyRequest> idempotency, domain::bss::TxEffect effect);

// A JSON response with the `Transaction-Id` echoed.
http::Response JsonReply(const http::RequestContext& ctx, int status,
                         const boost::json::value& body);

// The stable identity of the caller (issuer + "|" + sub), for the four-eyes rule.
std::string SubjectOf(const http::RequestContext& ctx);

// The subscription a money body designates: top-level subscriptionId / mobileNumber (and
// aliases), or the nested `subscriptionRef: {identifier | mobileNumber, accountID?}` form.
// `account` receives accountID (top level or nested) when present. Wrong types -> 400.
Result<domain::bss::SubscriptionRef> SubscriptionRefOfBody(const boost::json::object& body,
                                                           std::optional<std::string>& account);

}  // namespace ispcloud::api::obp
