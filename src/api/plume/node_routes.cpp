#include "api/plume/node_routes.h"

#include <boost/json/array.hpp>

#include "api/plume/body.h"
#include "api/plume/route_support.h"

namespace ispcloud::api::plume {
namespace {

boost::json::array NodesJson(const std::vector<dp::Node>& nodes, std::string_view deployment) {
  boost::json::array out;
  for (const dp::Node& n : nodes) out.emplace_back(NodeJson(n, deployment));
  return out;
}

asio::awaitable<Response> Claim(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::ClaimInput in;
  in.serial_number = r.String("serialNumber");
  in.nickname = r.String("nickname");
  in.backhaul_dhcp_pool_idx = r.Int("backhaulDhcpPoolIdx");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  auto done = co_await deps.nodes.Claim(*ctx.principal, actor, std::move(at.customer_id),
                                        std::move(at.location_id), std::move(in));
  if (!done) co_return Fail(ctx, done.error());
  const boost::json::object out{{"claimed", NodesJson(*done, deps.deployment)}};
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> List(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodesRead);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  auto list = co_await deps.nodes.List(*ctx.principal, std::move(at.customer_id),
                                       std::move(at.location_id));
  if (!list) co_return Fail(ctx, list.error());
  const boost::json::object out{{"nodes", NodesJson(*list, deps.deployment)}};
  co_return http::JsonResponse(200, out);
}

asio::awaitable<Response> Get(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodesRead);
  if (!body) co_return Fail(ctx, body.error());
  LocationPath at = LocationPathOf(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  auto node = co_await deps.nodes.Get(*ctx.principal, std::move(at.customer_id),
                                      std::move(at.location_id), std::move(node_id));
  if (!node) co_return Fail(ctx, node.error());
  co_return http::JsonResponse(200, NodeJson(*node, deps.deployment));
}

asio::awaitable<Response> Rename(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  FieldReader r(*body);
  dp::RenameInput in;
  in.nickname = r.String("nickname");
  in.emit_message = r.String("emitMessage");
  in.decode_errors = r.TakeErrors();
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  auto node =
      co_await deps.nodes.Rename(*ctx.principal, actor, std::move(at.customer_id),
                                 std::move(at.location_id), std::move(node_id), std::move(in));
  if (!node) co_return Fail(ctx, node.error());
  co_return http::JsonResponse(200, NodeJson(*node, deps.deployment));
}

// §7.5 options from the body, then the query for those the body does not give. Type errors
// are ignored: an option that does not read as a boolean keeps its default.
Result<dp::UnclaimOptions> UnclaimOptionsOf(const RequestContext& ctx, Body body) {
  auto query = QueryBody(ctx);
  if (!query) return query.error();
  for (auto& kv : query->fields) {
    if (!body.fields.contains(kv.key())) body.fields[kv.key()] = kv.value();
  }
  FieldReader r(body);
  dp::UnclaimOptions options;
  options.preserve_pack_id = r.Bool("preservePackId").value_or(false);
  options.remove_account_id = r.Bool("removeAccountId").value_or(false);
  return options;
}

asio::awaitable<Response> Unclaim(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  auto options = UnclaimOptionsOf(ctx, std::move(*body));
  if (!options) co_return Fail(ctx, options.error());
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  std::string node_id(ctx.params.Get("nodeId"));
  const dp::UnclaimOptions opts = *options;
  Status done = co_await deps.nodes.Unclaim(*ctx.principal, actor, std::move(at.customer_id),
                                            std::move(at.location_id), std::move(node_id), opts);
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> UnclaimAll(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kNodeWrite);
  if (!body) co_return Fail(ctx, body.error());
  auto options = UnclaimOptionsOf(ctx, std::move(*body));
  if (!options) co_return Fail(ctx, options.error());
  const domain::Actor actor = ActorOf(ctx);
  LocationPath at = LocationPathOf(ctx);
  const dp::UnclaimOptions opts = *options;
  if (ctx.path.ends_with('/')) {
    // §1.1: `DELETE …/nodes/` is an unclaim with an empty node id (404 NODE_NOT_FOUND).
    std::string empty_id;
    Status none = co_await deps.nodes.Unclaim(*ctx.principal, actor, std::move(at.customer_id),
                                              std::move(at.location_id), std::move(empty_id), opts);
    if (!none) co_return Fail(ctx, none.error());
    co_return http::EmptyResponse(204);
  }
  Status done = co_await deps.nodes.UnclaimAll(*ctx.principal, actor, std::move(at.customer_id),
                                               std::move(at.location_id), opts);
  if (!done) co_return Fail(ctx, done.error());
  co_return http::EmptyResponse(204);
}

asio::awaitable<Response> GetInventoryNode(NodeRoutesDeps& deps, RequestContext& ctx) {
  Result<Body> body = Admit(ctx, PlumeOperation::kInventoryRead);
  if (!body) co_return Fail(ctx, body.error());
  std::string node_id(ctx.params.Get("nodeId"));
  auto node = co_await deps.nodes.GetInventoryNode(*ctx.principal, std::move(node_id));
  if (!node) co_return Fail(ctx, node.error());
  const boost::json::object out = InventoryNodeJson(*node);
  co_return http::JsonResponse(200, out);
}

}  // namespace

boost::json::object InventoryNodeJson(const dp::Node& n) {
  // §4.4: the inventory fields, the claim's customer and location, no claim-only fields.
  boost::json::object out = NodeJson(n, "");
  for (std::string_view claim_only :
       {"nickname", "defaultName", "backhaulDhcpPoolIdx", "deployment", "shardNumber",
        "connectionState", "firmwareVersion"}) {
    out.erase(claim_only);
  }
  const dp::InventoryNode& i = n.inventory;
  out["updatedAt"] = i.updated_at;
  out["radioMac60"] = OptionalString(i.radio_mac60);
  out["ethernet1Mac"] = OptionalString(i.ethernet1_mac);
  out["accountId"] = OptionalString(i.account_id);
  out["unclaimable"] = i.unclaimable;
  return out;
}

boost::json::object NodeJson(const dp::Node& n, std::string_view deployment) {
  const dp::InventoryNode& i = n.inventory;
  boost::json::array macs;
  for (const std::string& m : i.macs) macs.emplace_back(m);
  boost::json::value nickname = nullptr, customer = nullptr, location = nullptr, backhaul = nullptr;
  std::string updated_at = i.updated_at;
  if (n.claim) {
    nickname = OptionalString(n.claim->nickname);
    customer = boost::json::string(n.claim->customer_id);
    location = boost::json::string(n.claim->location_id);
    if (n.claim->backhaul_dhcp_pool_idx) backhaul = *n.claim->backhaul_dhcp_pool_idx;
    updated_at = n.claim->updated_at;
  }
  return boost::json::object{{"id", i.id},
                             {"serialNumber", i.id},
                             {"nickname", nickname},
                             {"defaultName", i.id},
                             {"model", OptionalString(i.model)},
                             {"residentialGateway", i.residential_gateway},
                             {"customerId", customer},
                             {"locationId", location},
                             {"partnerId", i.partner_id},
                             {"packId", OptionalString(i.pack_id)},
                             {"boxSerialNumber", OptionalString(i.box_serial_number)},
                             {"purchaseOrderNumber", OptionalString(i.purchase_order_number)},
                             {"partNumber", OptionalString(i.part_number)},
                             {"manufacturerFirmware", OptionalString(i.manufacturer_firmware)},
                             {"shipDate", OptionalString(i.ship_date)},
                             {"radioMac24", OptionalString(i.radio_mac24)},
                             {"radioMac50", OptionalString(i.radio_mac50)},
                             {"ethernetMac", OptionalString(i.ethernet_mac)},
                             {"bluetoothMac", OptionalString(i.bluetooth_mac)},
                             {"macs", std::move(macs)},
                             {"backhaulDhcpPoolIdx", backhaul},
                             {"deployment", deployment},
                             {"shardNumber", "0"},
                             {"connectionState", "disconnected"},
                             {"firmwareVersion", nullptr},
                             {"createdAt", i.created_at},
                             {"updatedAt", updated_at},
                             {"_version", kVersion}};
}

void RegisterNodeRoutes(http::Router& router, NodeRoutesDeps& deps) {
  constexpr std::string_view kNodes = "/api/Customers/{customerId}/locations/{locationId}/nodes";
  const std::string nodes(kNodes);
  const std::string node = nodes + "/{nodeId}";
  router.Add(Verb::post, nodes, Access::kBearer, http::BindDeps(deps, Claim));
  router.Add(Verb::get, nodes, Access::kBearer, http::BindDeps(deps, List));
  router.Add(Verb::delete_, nodes, Access::kBearer, http::BindDeps(deps, UnclaimAll));
  router.Add(Verb::get, node, Access::kBearer, http::BindDeps(deps, Get));
  router.Add(Verb::put, node, Access::kBearer, http::BindDeps(deps, Rename));
  router.Add(Verb::delete_, node, Access::kBearer, http::BindDeps(deps, Unclaim));
  router.Add(Verb::get, "/api/inventory/nodes/{nodeId}", Access::kBearer,
             http::BindDeps(deps, GetInventoryNode));
}

}  // namespace ispcloud::api::plume
