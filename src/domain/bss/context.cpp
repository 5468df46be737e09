#include "domain/bss/context.h"

namespace ispcloud::domain::bss {

Status CheckLimitGate(const BssContext& ctx, auth::CsrLimit limit, bool changes_value) {
  if (ctx.principal == nullptr) return Ok();
  return auth::CheckCsrLimitChange(*ctx.principal, limit, changes_value);
}

}  // namespace ispcloud::domain::bss
