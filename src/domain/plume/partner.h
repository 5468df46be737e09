#pragma once
// A Plume partner: the tenant that owns customers, groups and node inventory.

#include <string>

namespace ispcloud::domain::plume {

struct Partner {
  std::string id;  // operator-chosen, e.g. "acme-fibre"
  std::string name;
  bool locked = false;  // a locked partner cannot register customers
  std::string created_at;
  std::string updated_at;
  int64_t pods_authorized_default = 32;  // numPodsAuthorized of its new locations (§6.10)
};

struct PartnerGroup {
  std::string id;
  std::string partner_id;
  std::string name;
  bool is_default = false;
  std::string created_at;
};

}  // namespace ispcloud::domain::plume
