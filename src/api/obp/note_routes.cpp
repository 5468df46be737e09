#include "api/obp/note_routes.h"

#include <boost/json/array.hpp>

#include "api/obp/money_request.h"
#include "api/obp/obp_support.h"
#include "domain/bss/errors.h"

namespace ispcloud::api::obp {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using http::Verb;
namespace json = boost::json;
namespace bss = domain::bss;

constexpr std::string_view kNote = "note";

json::object NoteWithHref(const RequestContext& ctx, const NoteRoutesDeps& deps,
                          const bss::Note& n) {
  json::object o = bss::NoteJson(n);
  const std::string path = n.subscription_id
                               ? "/subscription/note?subscriptionId=" + *n.subscription_id
                               : "/account/" + n.account_id + "/note";
  o["href"] = Href(ctx, deps.public_url, path);
  return o;
}

// `note` (alias `text`), `mainType`, `subType`.
bss::NoteInput DecodeNote(const plume::Body& body) {
  plume::FieldReader r(body);
  bss::NoteInput in;
  in.note = r.String("note");
  if (!in.note) in.note = r.String("text");
  in.main_type = r.String("mainType");
  in.sub_type = r.String("subType");
  in.decode_errors = r.TakeErrors();
  return in;
}

Response Created(const RequestContext& ctx, const NoteRoutesDeps& deps, const bss::Note& n) {
  json::object doc = NoteWithHref(ctx, deps, n);
  Response res = JsonReply(ctx, 201, doc);
  res.set(boost::beast::http::field::location, doc.at("href").as_string());
  return res;
}

Response NotesPage(const RequestContext& ctx, const NoteRoutesDeps& deps,
                   const storage::bss::NotePage& page) {
  json::array items;
  for (const bss::Note& n : page.items) items.emplace_back(NoteWithHref(ctx, deps, n));
  return ListResponse(ctx, std::move(items), page.total);
}

asio::awaitable<Response> AddAccountNote(NoteRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kNote, "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  plume::FieldReader r(*body);
  std::optional<std::string> account = r.String("accountID");
  if (!account) account = r.String("accountId");
  bss::NoteInput input = DecodeNote(*body);
  for (FieldError& e : r.TakeErrors()) input.decode_errors.push_back(std::move(e));
  if (!account || account->empty()) {
    // Reported together with the other fields' errors (decode errors always fail validation).
    input.decode_errors.push_back({"accountID", "presence", "accountID is required"});
    Status invalid = bss::ValidateNoteInput(input, {});
    co_return tmf::Fail(ctx, invalid.error());
  }
  auto note = co_await deps.notes.AddAccountNote(caller, std::move(*account), std::move(input));
  if (!note) co_return tmf::Fail(ctx, note.error());
  co_return Created(ctx, deps, *note);
}

asio::awaitable<Response> AccountNotes(NoteRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kNote, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto paging = PagingOf(ctx);
  if (!paging) co_return tmf::Fail(ctx, paging.error());
  std::string key(ctx.params.Get("id"));
  auto page =
      co_await deps.notes.AccountNotes(caller, std::move(key), paging->offset, paging->limit);
  if (!page) co_return tmf::Fail(ctx, page.error());
  co_return NotesPage(ctx, deps, *page);
}

asio::awaitable<Response> AddSubscriptionNote(NoteRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kNote, "post");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto body = JsonObjectBody(ctx);
  if (!body) co_return tmf::Fail(ctx, body.error());
  std::optional<std::string> account;  // accepted, not needed: the line knows its account
  auto ref = SubscriptionRefOfBody(body->fields, account);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  auto note = co_await deps.notes.AddSubscriptionNote(caller, std::move(*ref), DecodeNote(*body));
  if (!note) co_return tmf::Fail(ctx, note.error());
  co_return Created(ctx, deps, *note);
}

asio::awaitable<Response> SubscriptionNotes(NoteRoutesDeps& deps, RequestContext& ctx) {
  auto admitted = co_await AdmitBss(ctx, deps.providers, kNote, "get");
  if (auto* refusal = std::get_if<Response>(&admitted)) co_return std::move(*refusal);
  const auto& caller = std::get<bss::BssContext>(admitted);
  auto ref = bss::SubscriptionRefFromQuery(ctx.query);
  if (!ref) co_return tmf::Fail(ctx, ref.error());
  auto paging = PagingOf(ctx);
  if (!paging) co_return tmf::Fail(ctx, paging.error());
  auto page =
      co_await deps.notes.SubscriptionNotes(caller, std::move(*ref), paging->offset, paging->limit);
  if (!page) co_return tmf::Fail(ctx, page.error());
  co_return NotesPage(ctx, deps, *page);
}

}  // namespace

void RegisterNoteRoutes(http::Router& router, NoteRoutesDeps& deps) {
  for (const std::string& base : GatewayBases()) {
    router.Add(Verb::post, base + "/account/note", Access::kBearer,
               http::BindDeps(deps, AddAccountNote));
    router.Add(Verb::get, base + "/account/{id}/note", Access::kBearer,
               http::BindDeps(deps, AccountNotes));
    router.Add(Verb::post, base + "/subscription/note", Access::kBearer,
               http::BindDeps(deps, AddSubscriptionNote));
    router.Add(Verb::get, base + "/subscription/note", Access::kBearer,
               http::BindDeps(deps, SubscriptionNotes));
  }
}

}  // namespace ispcloud::api::obp
