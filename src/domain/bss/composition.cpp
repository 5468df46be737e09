#include "domain/bss/composition.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "domain/bss/catalog.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;

}  // namespace

Result<std::vector<const json::object*>> SelectComponents(const json::object& offering,
                                                          const OrderItem& item,
                                                          const std::string& item_path,
                                                          std::string_view failure) {
  std::vector<const json::object*> selected;
  std::set<std::string> ids;
  FieldErrors errors;
  for (size_t j = 0; j < item.included.size(); ++j) {
    const OrderIncludedItem& inc = item.included[j];
    const json::object* comp = FindComponent(offering, inc.id);
    if (comp == nullptr) {
      errors.Add(item_path + ".productOffering.includedItems[" + std::to_string(j) + "].id",
                 "reference",
                 "product " + inc.id + " is not a component of offering " + item.offering_id);
      continue;
    }
    if (inc.action == "DELETE" || inc.action == "REMOVE") continue;
    if (ids.insert(inc.id).second) selected.push_back(comp);
  }
  if (!errors.empty()) return errors.ToError("ProductItem");
  for (const json::value& c : offering.at("components").as_array()) {
    const json::object& comp = c.as_object();
    const bool mandatory = comp.at("mandatory").is_bool() && comp.at("mandatory").get_bool();
    if (mandatory && ids.insert(StringMember(comp, "productId")).second) selected.push_back(&comp);
  }
  if (Status s = CheckDependencies(selected, ids, failure); !s) return s.error();
  return selected;
}

Status CheckDependencies(const std::vector<const json::object*>& selected,
                         const std::set<std::string>& ids, std::string_view failure) {
  for (const json::object* comp : selected) {
    const json::value* deps = comp->if_contains("dependencies");
    if (deps == nullptr || !deps->is_array()) continue;
    for (const json::value& d : deps->get_array()) {
      const std::string pid = StringMember(d.as_object(), "productId");
      const std::string type = StringMember(d.as_object(), "type");
      if (type == "Mandatory" && !ids.contains(pid)) {
        return InvalidComposition(std::string(failure) +
                                  " Missing dependent product having product id:" + pid);
      }
      if (type == "Exclusive" && ids.contains(pid)) {
        return InvalidComposition(std::string(failure) + " Product " +
                                  StringMember(*comp, "productId") + " excludes product id:" + pid);
      }
    }
  }
  return Ok();
}

ItemPrices PriceOf(const json::object& offering, const std::vector<const json::object*>& selected) {
  ItemPrices out{OfferingPrice(offering, "NR"), OfferingPrice(offering, "RC")};
  for (const json::object* comp : selected) {
    out.nr.units += ComponentPrice(*comp, "NR").units;
    out.rc.units += ComponentPrice(*comp, "RC").units;
  }
  return out;
}

json::object EnrichItem(const json::object& sent, const json::object& offering) {
  json::object item = sent;
  json::value* po = item.if_contains("productOffering");
  if (po == nullptr || !po->is_object()) return item;
  po->get_object()["name"] = StringMember(offering, "name");
  json::value* included = po->get_object().if_contains("includedItems");
  if (included == nullptr || !included->is_array()) return item;
  for (json::value& inc : included->get_array()) {
    if (!inc.is_object()) continue;
    json::object& o = inc.get_object();
    const json::value* id = o.if_contains("id");
    const std::string pid =
        id == nullptr ? ""
                      : (id->is_string() ? std::string(id->get_string()) : json::serialize(*id));
    const json::object* comp = FindComponent(offering, pid);
    if (comp == nullptr) continue;
    for (std::string_view key : {"name", "description", "mandatory", "sellable", "attributes"}) {
      if (const json::value* v = comp->if_contains(key)) o[key] = *v;
    }
    if (const json::value* price = comp->if_contains("price"); price && price->is_object()) {
      o["price"] = price->get_object().contains("priceAmount")
                       ? price->get_object().at("priceAmount")
                       : json::value(0);
      o["priceType"] = StringMember(price->get_object(), "priceType");
    }
  }
  return item;
}

}  // namespace ispcloud::domain::bss
