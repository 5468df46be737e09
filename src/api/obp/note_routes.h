#pragma once
// Notes of the Optiva gateway (OPTIVA-API.md §2.11), under /api and /api/v1:
//   POST /account/note          row 47 -> 201 (accountID = account id or BAN)
//   GET  /account/{id}/note     row 48 (entity list, newest first; subscription notes included)
//   POST /subscription/note     row 49 -> 201 (subscriptionId | mobileNumber | subscriptionRef)
//   GET  /subscription/note     row 50 (?subscriptionId= | mobileNumber=)
// Rules live in domain::bss::NoteService.

#include <string>

#include "domain/bss/note_service.h"
#include "domain/bss/service_provider.h"
#include "http/router.h"

namespace ispcloud::api::obp {

struct NoteRoutesDeps {
  domain::bss::ServiceProviderService& providers;
  domain::bss::NoteService& notes;
  const std::string& public_url;
};

// Registers the routes under every gateway base. `deps` must outlive the router.
void RegisterNoteRoutes(http::Router& router, NoteRoutesDeps& deps);

}  // namespace ispcloud::api::obp
