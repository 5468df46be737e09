#pragma once
// Errors shared by the Plume services (PLUME-API.md §1.5): the 400 of a missing required field,
// the 422 ValidationError that lists every invalid field, and the 404s of unknown models.

#include <string_view>
#include <vector>

#include "core/error.h"

namespace ispcloud::domain::plume {

// 400 MISSING_REQUIRED_ARGUMENT naming `field`.
Error MissingArgument(std::string_view field);

// 422 ValidationError of model `context` (e.g. "Location") listing `fields`.
Error InvalidFields(std::string_view context, std::vector<FieldError> fields);

// 404 MODEL_NOT_FOUND for an unknown instance of `model` (e.g. "Location").
Error ModelNotFound(std::string_view model);

// 401 AUTHORIZATION_REQUIRED (§2.3: no token, role not allowed, unknown customer, a partner or
// group outside the caller's scope).
Error AuthorizationRequired();

// True when `errors` has an entry for `field`.
bool HasFieldError(const std::vector<FieldError>& errors, std::string_view field);

}  // namespace ispcloud::domain::plume
