#pragma once
// The TMF resources served (TMF629 Customer, TMF632 Individual and Organization) and the API
// versions they are served in.

#include <string_view>

#include "domain/tmf/tmf_schemas.h"

namespace ispcloud::domain::tmf {

enum class ResourceKind { kCustomer, kIndividual, kOrganization };
enum class ApiVersion { kV4 = 4, kV5 = 5 };

// "Customer", "Individual", "Organization": the resource's @type.
std::string_view TypeName(ResourceKind kind);

// "customer", "individual", "organization": the storage type, the audit entity type and the
// entity of the SPID:entity:verb permissions.
std::string_view EntityName(ResourceKind kind);

// The generated schema of `kind` in `version`.
const ResourceSchema& SchemaOf(ResourceKind kind, ApiVersion version);

}  // namespace ispcloud::domain::tmf
