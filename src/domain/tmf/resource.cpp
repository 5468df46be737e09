#include "domain/tmf/resource.h"

#include <stdexcept>

namespace ispcloud::domain::tmf {

std::string_view TypeName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kCustomer:
      return "Customer";
    case ResourceKind::kIndividual:
      return "Individual";
    case ResourceKind::kOrganization:
      return "Organization";
  }
  return "Customer";
}

std::string_view EntityName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kCustomer:
      return "customer";
    case ResourceKind::kIndividual:
      return "individual";
    case ResourceKind::kOrganization:
      return "organization";
  }
  return "customer";
}

const ResourceSchema& SchemaOf(ResourceKind kind, ApiVersion version) {
  const bool v4 = version == ApiVersion::kV4;
  const std::string_view spec =
      kind == ResourceKind::kCustomer ? (v4 ? "Cm4" : "Cm5") : (v4 ? "Pm4" : "Pm5");
  const ResourceSchema* schema = FindResourceSchema(spec, TypeName(kind));
  if (schema == nullptr) throw std::logic_error("no generated schema for a served resource");
  return *schema;
}

}  // namespace ispcloud::domain::tmf
