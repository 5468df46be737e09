#pragma once
// Plume-compatible email verification (PLUME-API.md §5.6, §5.7):
//   POST /api/Customers/resendEmailVerification   bearer token (partner admin, group admin); 204
//   GET  /api/Customers/confirm?uid=&token=[&redirect=]   no authentication; 204, or 302
// Handlers decode and leave the rules to domain::plume::EmailVerificationService.

#include "domain/plume/email_verification_service.h"
#include "http/router.h"

namespace ispcloud::api::plume {

struct EmailRoutesDeps {
  domain::plume::EmailVerificationService& verifications;
};

// Registers the routes above. `deps` must outlive the router.
void RegisterEmailRoutes(http::Router& router, EmailRoutesDeps& deps);

}  // namespace ispcloud::api::plume
