#pragma once
// Who acts, for which SPID, in a BSS domain call: built by the API layer from an admitted
// caller (api/tmf/access.h) or by the CLI for operator commands.

#include <string>

#include "auth/optiva_policy.h"
#include "auth/principal.h"
#include "core/result.h"
#include "domain/actor.h"
#include "domain/bss/service_provider.h"

namespace ispcloud::domain::bss {

struct BssContext {
  Actor actor;  // audit identity; tenant = the SPID
  ServiceProvider provider;
  // Who acts, as recorded on transactions, notes and adjustments (§1.11): preferred_username,
  // else sub, else the client id; "cli:<user>" for the CLI.
  std::string agent;
  // The caller's token (CSR attribute gates, §1.9); null for operator commands (no gates).
  const auth::Principal* principal = nullptr;
  std::string correlation_id;  // Transaction-Id header ("" when absent)

  int64_t spid() const { return provider.spid; }
  std::string SpidText() const { return provider.SpidText(); }
};

// §1.9: Ok when `changes_value` is false, the caller is an operator, or the caller's token
// holds the attribute guarding `limit`; otherwise 403 ERCRT1403.
Status CheckLimitGate(const BssContext& ctx, auth::CsrLimit limit, bool changes_value);

}  // namespace ispcloud::domain::bss
