#include "api/plume/partner_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/plume/body.h"
#include "api/plume/node_routes.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

// The partner named in the path, for the routes that have one.
std::optional<std::string> PathPartner(const RequestContext& ctx) {
  std::string_view partner = ctx.params.Get("partnerId");
  if (partner.empty()) return std::nullopt;
  return std::string(partner);
}

// §9.1 response: where the node is claimed; customerId and locationId omitted when unclaimed.
boost::json::object NodeLookupJson(const dp::Node& n) {
  boost::json::object out;
  if (n.claim) {
    out["customerId"] = n.claim->customer_id;
    out["locationId"] = n.claim->location_id;
  }
  out["serialNumber"] = n.inventory.id;
  out["packId"] = OptionalString(n.inventory.pack_id);
  out["partnerId"] = n.inventory.partner_id;
  return out;
}

asio::awaitable<Response> FindNode(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kPartnerLookup);
  if (!body) co_return Fail(ctx, body.error());
  auto query = QueryBody(ctx);
  if (!query) co_return Fail(ctx, query.error());
  FieldReader q(*query);
  // Only a boolean true excludes; anything else keeps the default (§9.1 lists no 422).
  const bool exclude_unclaimed = q.Bool("excludeUnclaimed").value_or(false);
  std::optional<std::string> partner = PathPartner(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  auto node = co_await deps.lookups.FindNode(*ctx.principal, std::move(partner), std::move(node_id),
                                             exclude_unclaimed);
  co_return JsonOrFail(ctx, node, NodeLookupJson);
}

asio::awaitable<Response> FindLocation(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kPartnerLookup);
  if (!body) co_return Fail(ctx, body.error());
  std::string keyword(ctx.params.Get("keyword"));
  auto found = co_await deps.lookups.FindLocation(*ctx.principal, std::move(keyword));
  if (!found) co_return Fail(ctx, found.error());
  const dp::Location& l = found->location;
  const dp::Customer& c = found->customer;
  const boost::json::object out{
      {"id", l.id},
      {"name", l.name},
      {"serviceId", OptionalString(l.service_id)},
      {"customer",
       boost::json::object{{"id", c.id}, {"name", c.name}, {"accountId", c.account_id}}}};
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> SearchCustomers(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kPartnerLookup);
  if (!body) co_return Fail(ctx, body.error());
  auto query = QueryBody(ctx);
  if (!query) co_return Fail(ctx, query.error());
  FieldReader q(*query);
  dp::SearchInput in;
  in.keyword = std::string(ctx.params.Get("keyword"));
  in.field = q.String("field");
  in.exact_match = q.Bool("exactMatch");
  in.starts_with = q.Bool("startsWith");
  in.limit = q.Int("limit");
  in.skip = q.Int("skip");
  in.decode_errors = q.TakeErrors();
  std::optional<std::string> partner = PathPartner(ctx);
  auto found =
      co_await deps.lookups.SearchCustomers(*ctx.principal, std::move(partner), std::move(in));
  if (!found) co_return Fail(ctx, found.error());
  boost::json::array out;
  for (const dp::CustomerMatch& m : *found) {
    boost::json::array locations;
    for (const dp::Location& l : m.locations) {
      locations.push_back(boost::json::object{
          {"id", l.id}, {"name", l.name}, {"serviceId", OptionalString(l.service_id)}});
    }
    const dp::Customer& c = m.customer;
    out.push_back(boost::json::object{{"id", c.id},
                                      {"accountId", c.account_id},
                                      {"name", c.name},
                                      {"email", c.email},
                                      {"partnerId", c.partner_id},
                                      {"locations", std::move(locations)}});
  }
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> PatchNode(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kPartnerNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::InventoryAttributes in;
  in.account_id_given = r.Has("accountId");
  in.account_id = r.String("accountId");
  in.unclaimable = r.Bool("unclaimable");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  auto node = co_await deps.inventory.UpdateAttributes(*ctx.principal, actor, std::move(node_id),
                                                       std::move(in));
  co_return JsonOrFail(ctx, node, InventoryNodeJson);
}

asio::awaitable<Response> DeleteNode(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kPartnerNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  const domain::Actor actor = ActorOf(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  Status done = co_await deps.inventory.Remove(*ctx.principal, actor, std::move(node_id));
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> ImportNode(PartnerRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kInventoryWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::InventoryNodeInput in;
  in.id = r.String("id");
  in.residential_gateway = r.Bool("residentialGateway");
  in.partner_id = r.String("partnerId");
  in.model = r.String("model");
  in.pack_id = r.String("packId");
  in.box_serial_number = r.String("boxSerialNumber");
  in.purchase_order_number = r.String("purchaseOrderNumber");
  in.part_number = r.String("partNumber");
  in.manufacturer_firmware = r.String("manufacturerFirmware");
  in.ship_date = r.String("shipDate");
  in.radio_mac24 = r.String("radioMac24");
  in.radio_mac50 = r.String("radioMac50");
  in.radio_mac60 = r.String("radioMac60");
  in.ethernet_mac = r.String("ethernetMac");
  in.ethernet1_mac = r.String("ethernet1Mac");
  in.bluetooth_mac = r.String("bluetoothMac");
  in.macs = r.StringList("macs");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  auto node = co_await deps.inventory.ImportOne(*ctx.principal, actor, std::move(in));
  co_return JsonOrFail(ctx, node, InventoryNodeJson);
}

}  // namespace

void RegisterPartnerRoutes(http::Router& router, PartnerRoutesDeps& deps) {
  router.Add(Verb::get, "/api/Partners/nodes/{nodeId}", Access::kBearer,
             http::BindDeps(deps, FindNode));
  router.Add(Verb::patch, "/api/Partners/nodes/{nodeId}", Access::kBearer,
             http::BindDeps(deps, PatchNode));
  router.Add(Verb::delete_, "/api/Partners/nodes/{nodeId}", Access::kBearer,
             http::BindDeps(deps, DeleteNode));
  router.Add(Verb::get, "/api/Partners/{partnerId}/nodes/{nodeId}", Access::kBearer,
             http::BindDeps(deps, FindNode));
  router.Add(Verb::get, "/api/Partners/locations/{keyword}", Access::kBearer,
             http::BindDeps(deps, FindLocation));
  router.Add(Verb::get, "/api/Partners/customers/search/{keyword}", Access::kBearer,
             http::BindDeps(deps, SearchCustomers));
  router.Add(Verb::get, "/api/Partners/{partnerId}/customers/search/{keyword}", Access::kBearer,
             http::BindDeps(deps, SearchCustomers));
  router.Add(Verb::post, "/api/inventory/nodes", Access::kBearer, http::BindDeps(deps, ImportNode));
  router.Add(Verb::post, "/api/Nodes", Access::kBearer, http::BindDeps(deps, ImportNode));
}

}  // namespace ispcloud::api::plume
