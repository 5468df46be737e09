#pragma once
// The generated schema descriptions of the served TMF resources (tmf_schemas_generated.cpp).

#include <span>
#include <string_view>

#include "domain/tmf/schema.h"

namespace ispcloud::domain::tmf {

struct ResourceSchema {
  const Schema* schema;                              // the resource as stored and returned
  std::span<const std::string_view> create_required;  // required members on create
};

// `spec` is "Cm4" (TMF629 v4), "Pm4" (TMF632 v4), "Cm5" (TMF629 v5.0.1) or "Pm5" (TMF632
// v5.0.0); `resource` the schema name ("Customer", "Individual", "Organization"). nullptr for
// other combinations.
const ResourceSchema* FindResourceSchema(std::string_view spec, std::string_view resource);

}  // namespace ispcloud::domain::tmf
