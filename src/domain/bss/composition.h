#pragma once
// Product composition shared by product orders and shopping carts (OPTIVA-API.md §2.6, §2.7):
// which components of an offering an item selects, the dependency rules between them, the
// prices they add up to, and the enrichment of sent items with catalogue data.

#include <boost/json/object.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/bss/money.h"
#include "domain/bss/order_rules.h"

namespace ispcloud::domain::bss {

// The selected components of `item` on `offering`: the mandatory ones plus those listed with an
// action other than DELETE/REMOVE. A listed id that is not a component -> 400 naming
// `<item_path>.productOffering.includedItems[j].id`; a missing Mandatory dependency or an
// Exclusive pair -> 400 ERCRT1002 "<failure> Missing dependent product having product id:<id>"
// (`failure` e.g. "Failed to create product order.").
Result<std::vector<const boost::json::object*>> SelectComponents(
    const boost::json::object& offering, const OrderItem& item, const std::string& item_path,
    std::string_view failure);

// The dependency rules among `selected` components whose productIds are `ids`: a Mandatory
// dependency missing or an Exclusive pair present -> 400 ERCRT1002 as SelectComponents says.
Status CheckDependencies(const std::vector<const boost::json::object*>& selected,
                         const std::set<std::string>& ids, std::string_view failure);

// The NR and RC totals of an offering with its selected components.
struct ItemPrices {
  Amount4 nr;
  Amount4 rc;
};
ItemPrices PriceOf(const boost::json::object& offering,
                   const std::vector<const boost::json::object*>& selected);

// `sent` (an item as the client sent it) with productOffering.name and every includedItems[]
// entry enriched from the catalogue: name, description, mandatory, sellable, attributes, price,
// priceType.
boost::json::object EnrichItem(const boost::json::object& sent,
                               const boost::json::object& offering);

}  // namespace ispcloud::domain::bss
