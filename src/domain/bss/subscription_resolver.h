#pragma once
// Subscription addressing (OPTIVA-API.md §2.0), the one resolver every BSS endpoint uses:
// wherever a subscription is identified (path, query or body) the value may be a SubId
// ("<BAN>-<n>", contains '-') or an MSISDN (all digits). An MSISDN resolves to the line of the
// request SPID holding it in a state other than INACTIVE, else to the most recently created
// one. When both a SubId and an MSISDN are given they must designate the same line (else 400).
// A line of another SPID answers exactly as an unknown one (404 ERCRT1003).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/asio.h"
#include "core/result.h"
#include "storage/bss/subscription_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

struct SubscriptionRef {
  std::optional<std::string> subscription_id;  // as given; may hold an MSISDN too
  std::optional<std::string> msisdn;

  bool empty() const { return !subscription_id && !msisdn; }
  // A single value from a path segment or any one field.
  static SubscriptionRef FromKey(std::string key);
};

// From a raw query string: subscriptionId (aliases subscriptionID, identifier) and mobileNumber
// (alias msisdn). Bad percent-encoding -> 400.
Result<SubscriptionRef> SubscriptionRefFromQuery(std::string_view raw_query);

// From a JSON body: the same names as the query (string values; others -> 400 naming them).
Result<SubscriptionRef> SubscriptionRefFromJson(const boost::json::object& body);

// Resolves `ref` in `spid` inside `tx`. Neither given -> 400 "subscriptionId or mobileNumber is
// required"; malformed values -> 400; unknown -> 404 ERCRT1003; both given but different ->
// 400.
asio::awaitable<Result<storage::bss::SubscriptionRow>> ResolveSubscription(storage::Tx& tx,
                                                                           int64_t spid,
                                                                           SubscriptionRef ref);

// True for 7 to 15 digits.
bool IsMsisdn(std::string_view value);

}  // namespace ispcloud::domain::bss
