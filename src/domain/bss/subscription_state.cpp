#include "domain/bss/subscription_state.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace ispcloud::domain::bss {

bool IsKnownState(int state) {
  return state >= kPending && state <= kDormant;
}

std::string_view StateName(int state) {
  static constexpr std::array<std::string_view, 14> kNames = {"PENDING",
                                                              "ACTIVE",
                                                              "INACTIVE",
                                                              "SUSPENDED",
                                                              "MOVED",
                                                              "LOCKED",
                                                              "EXPIRED",
                                                              "AVAILABLE",
                                                              "NON_PAYMENT_WARNED",
                                                              "NON_PAYMENT_SUSPENDED",
                                                              "PROMISE_TO_PAY",
                                                              "IN_ARREARS",
                                                              "IN_COLLECTION",
                                                              "DORMANT"};
  return IsKnownState(state) ? kNames[static_cast<size_t>(state)] : std::string_view("UNKNOWN");
}

bool TransitionAllowed(int from, int to) {
  auto in = [to](std::initializer_list<int> targets) {
    return std::find(targets.begin(), targets.end(), to) != targets.end();
  };
  switch (from) {
    case kPending:
      return in({kActive, kInactive});
    case kActive:
      return in({kSuspended, kLocked, kExpired, kInactive, kDormant, kNonPaymentWarned});
    case kSuspended:
    case kLocked:
    case kNonPaymentSuspended:
    case kPromiseToPay:
    case kInArrears:
    case kInCollection:
      return in({kActive, kInactive});
    case kExpired:
    case kDormant:
    case kAvailable:
      return in({kActive, kInactive});
    case kNonPaymentWarned:
      return in({kActive, kNonPaymentSuspended, kInactive});
    default:  // INACTIVE and MOVED are terminal
      return false;
  }
}

}  // namespace ispcloud::domain::bss
