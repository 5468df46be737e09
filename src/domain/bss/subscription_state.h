#pragma once
// Subscription states of the BSS (OPTIVA-API.md §3.2): codes, names and allowed transitions.

#include <optional>
#include <string_view>

namespace ispcloud::domain::bss {

enum SubscriptionState : int {
  kPending = 0,
  kActive = 1,
  kInactive = 2,
  kSuspended = 3,
  kMoved = 4,
  kLocked = 5,
  kExpired = 6,
  kAvailable = 7,
  kNonPaymentWarned = 8,
  kNonPaymentSuspended = 9,
  kPromiseToPay = 10,
  kInArrears = 11,
  kInCollection = 12,
  kDormant = 13,
};

// True for the codes 0..13.
bool IsKnownState(int state);

// "ACTIVE", "INACTIVE", ... ("UNKNOWN" for other codes).
std::string_view StateName(int state);

// True when the table of §3.2 lets a subscription go from `from` to `to` (never to itself).
bool TransitionAllowed(int from, int to);

}  // namespace ispcloud::domain::bss
