#include "domain/bss/billing_account_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/strings.h"
#include "domain/bss/account_rules.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/tmf/json_patch.h"
#include "storage/audit_repository.h"
#include "storage/bss/sequence_repository.h"
#include "storage/tmf/resource_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

constexpr std::string_view kAccountSequence = "billingAccount";
constexpr int64_t kFirstAccountId = 3001;
constexpr int kMaxAccountDepth = 5;
constexpr std::string_view kCustomerType = "customer";
constexpr std::string_view kIndividualType = "individual";

Result<json::object> ParseObject(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInternal, std::string(what) + " is not a JSON object");
  }
  return std::move(v.get_object());
}

std::string HrefPath(std::string_view id) {
  return "/api/billingAccount/" + std::string(id);
}

// The customer's engaged party id when it is an individual ("" otherwise).
std::string EngagedIndividual(const json::object& customer) {
  const json::value* party = customer.if_contains("engagedParty");
  if (party == nullptr || !party->is_object()) return "";
  const std::string type = StringMember(party->get_object(), "@referredType");
  if (!type.empty() && type != "Individual") return "";
  return StringMember(party->get_object(), "id");
}

bool HasOwner(const json::object& doc) {
  const json::value* rp = doc.if_contains("relatedParty");
  if (rp == nullptr || !rp->is_array()) return false;
  for (const json::value& e : rp->get_array()) {
    if (e.is_object() && IEquals(StringMember(e.get_object(), "role"), "Owner")) return true;
  }
  return false;
}

// Checks the customer (and owner) of `in` inside `tx`; fills the owner members of `doc`.
asio::awaitable<Result<std::optional<std::string>>> ResolveParties(storage::Tx& tx,
                                                                   const BssContext& ctx,
                                                                   AccountInput& in) {
  const std::string spid = ctx.SpidText();
  auto customer = co_await storage::tmf::FindResource(tx, spid, kCustomerType, in.customer_id);
  if (!customer) co_return customer.error();
  if (!*customer) {
    co_return BadField("relatedParty", "reference",
                       "customer " + in.customer_id + " does not exist in this SPID");
  }
  auto body = ParseObject((*customer)->body, "stored customer");
  if (!body) co_return body.error();
  if (!in.doc.contains("name")) {
    std::string name = StringMember(*body, "name");
    if (!name.empty()) in.doc["name"] = name;
  }
  const std::string owner = EngagedIndividual(*body);
  if (owner.empty()) co_return std::optional<std::string>();
  auto individual = co_await storage::tmf::FindResource(tx, spid, kIndividualType, owner);
  if (!individual) co_return individual.error();
  if (!*individual) co_return std::optional<std::string>();
  auto person = ParseObject((*individual)->body, "stored individual");
  if (!person) co_return person.error();
  for (std::string_view key : {"givenName", "familyName"}) {
    std::string value = StringMember(*person, key);
    if (!value.empty()) in.doc[key] = value;
  }
  if (!HasOwner(in.doc) && in.doc.contains("relatedParty") && in.doc["relatedParty"].is_array()) {
    in.doc["relatedParty"].get_array().push_back(
        json::object{{"id", owner}, {"role", "Owner"}, {"@referredType", "Individual"}});
  }
  co_return std::optional<std::string>(owner);
}

// Checks `parent_id` for an account `self_id` ("" on create): exists, no cycle, depth.
asio::awaitable<Status> CheckParent(storage::Tx& tx, int64_t spid, const std::string& parent_id,
                                    const std::string& self_id) {
  std::string cursor = parent_id;
  for (int depth = 1; !cursor.empty(); ++depth) {
    if (!self_id.empty() && cursor == self_id) {
      co_return BadField("parentId", "cycle", "parentId would make the account its own ancestor");
    }
    if (depth >= kMaxAccountDepth) {
      co_return BadField("parentId", "depth", "account hierarchies are at most 5 levels deep");
    }
    auto found = co_await repo::FindAccount(tx, spid, cursor);
    if (!found) co_return found.error();
    if (!*found) {
      co_return BadField("parentId", "reference",
                         "billing account " + cursor + " does not exist in this SPID");
    }
    cursor = (*found)->parent_id.value_or("");
  }
  co_return Ok();
}

// A BAN for a new account: `requested` when free (else 409), or the SPID's next free one.
asio::awaitable<Result<std::string>> ChooseBan(storage::Tx& tx, int64_t spid,
                                               const std::optional<std::string>& requested) {
  if (requested) {
    auto used = co_await repo::BanInUse(tx, *requested);
    if (!used) co_return used.error();
    if (*used) co_return AlreadyExists("externalID " + *requested + " is already in use");
    co_return *requested;
  }
  const std::string sequence = "ban:" + std::to_string(spid);
  while (true) {
    auto next = co_await repo::NextSequenceValue(tx, sequence, 1);
    if (!next) co_return next.error();
    std::string ban = AssignedBan(spid, *next);
    auto used = co_await repo::BanInUse(tx, ban);
    if (!used) co_return used.error();
    if (!*used) co_return ban;
  }
}

}  // namespace

asio::awaitable<Result<repo::AccountRow>> FindAccountOrFail(storage::Tx& tx, int64_t spid,
                                                            std::string key) {
  auto found = co_await repo::FindAccount(tx, spid, key);
  if (!found) co_return found.error();
  if (!*found) co_return NotFound("billing account " + key);
  co_return std::move(**found);
}

BillingAccountService::BillingAccountService(storage::Database& db, const Clock& clock,
                                             tmf::ResourceService& parties,
                                             BssEventPublisher& events)
    : db_(db), clock_(clock), parties_(parties), events_(events) {}

asio::awaitable<Status> BillingAccountService::Record(storage::Tx& tx, const BssContext& ctx,
                                                      std::string action, std::string id,
                                                      std::string details,
                                                      std::vector<std::string> event_types,
                                                      json::object resource) {
  const storage::AuditEntry entry{FormatIso8601Millis(clock_.Now()), "billingAccount." + action,
                                  "billingAccount", id, std::move(details)};
  if (Status s = co_await storage::AppendAudit(tx, ctx.actor, entry); !s) co_return s;
  const std::string path = HrefPath(id);
  const std::string resource_name = "billingAccount";
  for (std::string& type : event_types) {
    json::object copy = resource;
    Status s =
        co_await events_.Publish(tx, ctx, std::move(type), resource_name, std::move(copy), path);
    if (!s) co_return s;
  }
  co_return Ok();
}

asio::awaitable<Result<json::object>> BillingAccountService::Render(storage::Tx& tx,
                                                                    const BssContext& ctx,
                                                                    const repo::AccountRow& row) {
  auto body = ParseObject(row.body, "stored billing account");
  if (!body) co_return body.error();
  auto lines = co_await repo::SummarizeAccountLines(tx, row.spid, row.id);
  if (!lines) co_return lines.error();
  auto children = co_await repo::ListChildAccountIds(tx, row.spid, row.id);
  if (!children) co_return children.error();
  json::object out;
  out["id"] = row.id;
  for (auto& m : *body) out[m.key()] = std::move(m.value());
  out["externalID"] = row.ban;
  out["stateCode"] = row.state_code;
  out["state"] = AccountStateName(static_cast<int>(row.state_code));
  out["accountBalance"] = json::array{
      json::object{{"balanceType", "mainBalance"},
                   {"amount", json::object{{"unit", ctx.provider.currency},
                                           {"value", DecimalJson(Amount4{lines->balance})}}}}};
  out["childAccount"] = row.parent_id.has_value();
  json::array relationships;
  if (row.parent_id) {
    relationships.push_back(json::object{{"relationshipType", "parent"},
                                         {"billingAccount", json::object{{"id", *row.parent_id}}}});
  }
  for (const std::string& child : *children) {
    relationships.push_back(json::object{{"relationshipType", "child"},
                                         {"billingAccount", json::object{{"id", child}}}});
  }
  out["accountRelationship"] = std::move(relationships);
  out["createdDate"] = row.created_at;
  out["lastModifiedDate"] = row.updated_at;
  co_return out;
}

asio::awaitable<Result<json::object>> BillingAccountService::CreateIn(storage::Tx& tx,
                                                                      const BssContext& ctx,
                                                                      json::object body) {
  auto input = ParseAccountBody(body, ctx.provider);
  if (!input) co_return input.error();
  AccountInput in = std::move(*input);
  Status gate = CheckLimitGate(ctx, auth::CsrLimit::kCreditLimit, in.credit_limit.units != 0);
  if (!gate) co_return gate.error();
  auto owner = co_await ResolveParties(tx, ctx, in);
  if (!owner) co_return owner.error();
  if (in.parent_id) {
    const std::string parent = *in.parent_id;
    const std::string none;
    if (Status s = co_await CheckParent(tx, ctx.spid(), parent, none); !s) co_return s.error();
  }
  auto ban = co_await ChooseBan(tx, ctx.spid(), in.ban);
  if (!ban) co_return ban.error();
  auto seq = co_await repo::NextSequenceValue(tx, kAccountSequence, kFirstAccountId);
  if (!seq) co_return seq.error();
  in.doc.erase("externalID");
  const std::string now = FormatIso8601Millis(clock_.Now());
  repo::AccountRow row;
  row.id = std::to_string(*seq);
  row.spid = ctx.spid();
  row.ban = *ban;
  row.customer_id = in.customer_id;
  row.owner_id = *owner;
  row.parent_id = in.parent_id;
  row.state_code = in.state_code;
  row.rating_type = in.rating_type;
  row.credit_limit = in.credit_limit.units;
  row.body = json::serialize(in.doc);
  row.created_at = now;
  row.updated_at = now;
  if (Status s = co_await repo::InsertAccount(tx, row); !s) {
    if (s.error().api_code == storage::kDbUniqueViolation) {
      co_return AlreadyExists("externalID " + row.ban + " is already in use");
    }
    co_return s.error();
  }
  auto doc = co_await Render(tx, ctx, row);
  if (!doc) co_return doc.error();
  std::vector<std::string> events = {"BillingAccountCreateEvent"};
  Status recorded = co_await Record(tx, ctx, "create", row.id, "", std::move(events), *doc);
  if (!recorded) co_return recorded.error();
  co_return std::move(*doc);
}

asio::awaitable<Result<json::object>> BillingAccountService::Create(const BssContext& ctx,
                                                                    json::value body) {
  if (!body.is_object()) co_return BadField("body", "type", "the request body must be an object");
  std::optional<json::object> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    json::object request = body.get_object();  // a copy: the body may run more than once
    auto created = co_await CreateIn(tx, ctx, std::move(request));
    if (!created) co_return created.error();
    out = std::move(*created);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<json::object>> BillingAccountService::Get(const BssContext& ctx,
                                                                 std::string key) {
  std::optional<json::object> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await FindAccountOrFail(tx, ctx.spid(), key);
    if (!row) co_return row.error();
    auto doc = co_await Render(tx, ctx, *row);
    if (!doc) co_return doc.error();
    out = std::move(*doc);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<AccountPage>> BillingAccountService::List(const BssContext& ctx,
                                                                 tmf::ListQuery query) {
  // The compound externalID form of the production UI: "BAN;id=3001;contact...=x".
  std::vector<tmf::Filter> alternatives;
  for (auto it = query.filters.begin(); it != query.filters.end(); ++it) {
    if (it->path.size() != 1 || it->path[0] != "externalID" ||
        it->raw_value.find(';') == std::string::npos) {
      continue;
    }
    std::string_view rest = it->raw_value;
    bool first = true;
    while (true) {
      const size_t semi = rest.find(';');
      std::string_view part = rest.substr(0, semi);
      tmf::Filter f;
      std::string_view field = "externalID";
      std::string_view value = part;
      if (!first) {
        const size_t eq = part.find('=');
        field = eq == std::string_view::npos ? std::string_view() : part.substr(0, eq);
        value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      }
      if (!field.empty() && field != "includeEmail" && !value.empty()) {
        f.name = std::string(field);
        for (size_t start = 0; start <= field.size();) {
          const size_t dot = field.find('.', start);
          f.path.emplace_back(field.substr(start, dot - start));
          if (dot == std::string_view::npos) break;
          start = dot + 1;
        }
        f.values = {std::string(value)};
        f.raw_value = std::string(value);
        alternatives.push_back(std::move(f));
      }
      first = false;
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
    query.filters.erase(it);
    break;
  }
  std::vector<json::object> docs;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto rows = co_await repo::ListAccounts(tx, ctx.spid());
    if (!rows) co_return rows.error();
    for (const repo::AccountRow& row : *rows) {
      auto doc = co_await Render(tx, ctx, row);
      if (!doc) co_return doc.error();
      docs.push_back(std::move(*doc));
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<json::object> matches;
  for (json::object& doc : docs) {
    if (!tmf::MatchesAll(doc, query.filters)) continue;
    bool any = alternatives.empty();
    for (const tmf::Filter& alt : alternatives) {
      std::vector<tmf::Filter> one = {alt};
      if (tmf::MatchesAll(doc, one)) any = true;
    }
    if (any) matches.push_back(std::move(doc));
  }
  tmf::SortDocuments(matches, query.sort);
  AccountPage page;
  page.total = static_cast<int64_t>(matches.size());
  const size_t begin = std::min(matches.size(), static_cast<size_t>(query.offset));
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(query.limit));
  for (size_t i = begin; i < end; ++i) page.items.push_back(std::move(matches[i]));
  co_return page;
}

asio::awaitable<Result<json::object>> BillingAccountService::Patch(const BssContext& ctx,
                                                                   std::string key,
                                                                   json::value patch) {
  if (!patch.is_object()) co_return BadField("body", "type", "a merge patch must be an object");
  std::optional<json::object> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await FindAccountOrFail(tx, ctx.spid(), key);
    if (!found) co_return found.error();
    repo::AccountRow row = std::move(*found);
    auto stored = ParseObject(row.body, "stored billing account");
    if (!stored) co_return stored.error();
    const json::object& p = patch.get_object();
    FieldErrors immutable;
    if (const json::value* id = p.if_contains("id");
        id != nullptr && !(id->is_string() && id->get_string() == row.id)) {
      immutable.Add("id", "immutable", "id cannot be changed");
    }
    if (const json::value* ban = p.if_contains("externalID");
        ban != nullptr && !(ban->is_string() && ban->get_string() == row.ban)) {
      immutable.Add("externalID", "immutable", "externalID cannot be changed");
    }
    if (!immutable.empty()) co_return immutable.ToError("BillingAccount");
    json::value work = *stored;
    tmf::ApplyMergePatch(work, patch);
    json::object& merged = work.get_object();
    // A state change may name only state or only stateCode: the other follows.
    if (p.contains("state") && !p.contains("stateCode")) merged.erase("stateCode");
    if (p.contains("stateCode") && !p.contains("state")) merged.erase("state");
    auto input = ParseAccountBody(merged, ctx.provider);
    if (!input) co_return input.error();
    AccountInput in = std::move(*input);
    Status gate = CheckLimitGate(ctx, auth::CsrLimit::kCreditLimit,
                                 in.credit_limit.units != row.credit_limit);
    if (!gate) co_return gate.error();
    if (in.customer_id != row.customer_id) {
      // A new customer brings its own owner: drop the old Owner entry and names.
      if (in.doc.contains("relatedParty") && in.doc["relatedParty"].is_array()) {
        json::array kept;
        for (const json::value& e : in.doc["relatedParty"].get_array()) {
          if (!(e.is_object() && IEquals(StringMember(e.get_object(), "role"), "Owner"))) {
            kept.push_back(e);
          }
        }
        in.doc["relatedParty"] = std::move(kept);
      }
      in.doc.erase("givenName");
      in.doc.erase("familyName");
    } else {
      for (std::string_view key_name : {"givenName", "familyName"}) {
        if (const json::value* v = stored->if_contains(key_name)) in.doc[key_name] = *v;
      }
    }
    auto owner = co_await ResolveParties(tx, ctx, in);
    if (!owner) co_return owner.error();
    if (in.parent_id && in.parent_id != row.parent_id) {
      const std::string parent = *in.parent_id;
      if (Status s = co_await CheckParent(tx, ctx.spid(), parent, row.id); !s) co_return s;
    }
    in.doc.erase("externalID");
    std::vector<std::string> changed = tmf::ChangedMembers(*stored, in.doc);
    if (changed.empty()) {
      auto doc = co_await Render(tx, ctx, row);
      if (!doc) co_return doc.error();
      out = std::move(*doc);
      co_return Ok();
    }
    const bool state_changed = in.state_code != row.state_code;
    row.customer_id = in.customer_id;
    row.owner_id = *owner;
    row.parent_id = in.parent_id;
    row.state_code = in.state_code;
    row.rating_type = in.rating_type;
    row.credit_limit = in.credit_limit.units;
    row.body = json::serialize(in.doc);
    row.revision += 1;
    row.updated_at = FormatIso8601Millis(clock_.Now());
    auto updated = co_await repo::UpdateAccount(tx, row);
    if (!updated) co_return updated.error();
    if (!*updated) co_return NotFound("billing account " + key);
    auto doc = co_await Render(tx, ctx, row);
    if (!doc) co_return doc.error();
    json::array fields;
    for (const std::string& f : changed) fields.emplace_back(f);
    std::string details = json::serialize(json::object{{"changed", std::move(fields)}});
    std::vector<std::string> events = {"BillingAccountAttributeValueChangeEvent"};
    if (state_changed) events.push_back("BillingAccountStateChangeEvent");
    Status recorded =
        co_await Record(tx, ctx, "update", row.id, std::move(details), std::move(events), *doc);
    if (!recorded) co_return recorded;
    out = std::move(*doc);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Status> BillingAccountService::Delete(const BssContext& ctx, std::string key) {
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await FindAccountOrFail(tx, ctx.spid(), key);
    if (!found) co_return found.error();
    const repo::AccountRow row = std::move(*found);
    auto lines = co_await repo::SummarizeAccountLines(tx, row.spid, row.id);
    if (!lines) co_return lines.error();
    if (lines->live > 0) {
      co_return HasDependants("billing account " + row.id + " has " + std::to_string(lines->live) +
                              " subscription(s) not INACTIVE");
    }
    if (lines->balance != 0) {
      co_return HasDependants("billing account " + row.id + " has a non-zero balance");
    }
    auto children = co_await repo::ListChildAccountIds(tx, row.spid, row.id);
    if (!children) co_return children.error();
    if (!children->empty()) {
      co_return HasDependants("billing account " + row.id + " has child accounts");
    }
    auto doc = co_await Render(tx, ctx, row);
    if (!doc) co_return doc.error();
    auto deleted = co_await repo::DeleteAccount(tx, row.spid, row.id);
    if (!deleted) co_return deleted.error();
    if (!*deleted) co_return NotFound("billing account " + key);
    std::vector<std::string> events = {"BillingAccountDeleteEvent"};
    co_return co_await Record(tx, ctx, "delete", row.id, "", std::move(events), *doc);
  });
}

asio::awaitable<Result<QuickAccount>> BillingAccountService::CreateQuickPrepaid(
    const BssContext& ctx, json::value body) {
  if (!body.is_object()) co_return BadField("body", "type", "the request body must be an object");
  const json::object& in = body.get_object();
  // An existing customer named in relatedParty, else a new individual + customer.
  std::string customer_id;
  FieldErrors errors;
  if (const json::value* rp = in.if_contains("relatedParty")) {
    if (!rp->is_array()) {
      errors.Add("relatedParty", "type", "relatedParty must be an array");
    } else {
      for (const json::value& e : rp->get_array()) {
        if (e.is_object() && IEquals(StringMember(e.get_object(), "role"), "Customer")) {
          customer_id = StringMember(e.get_object(), "id");
          if (customer_id.empty()) {
            errors.Add("relatedParty.id", "presence", "relatedParty.id is required");
          }
        }
      }
    }
  }
  const bool new_parties = customer_id.empty() && errors.empty();
  if (new_parties) {
    for (std::string_view name : {"givenName", "familyName"}) {
      const json::value* v = in.if_contains(name);
      if (v == nullptr || !v->is_string() || v->get_string().empty()) {
        errors.Add(std::string(name), "presence",
                   std::string(name) + " is required unless relatedParty names a customer");
      }
    }
  }
  if (!errors.empty()) co_return errors.ToError("QuickPrepaidBillingAccount");

  QuickAccount out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    out = QuickAccount{};  // the body may run more than once (db.h)
    json::object account;
    if (new_parties) {
      json::object person;
      for (std::string_view key :
           {"givenName", "familyName", "birthDate", "contactMedium", "individualIdentification"}) {
        if (const json::value* v = in.if_contains(key)) person[key] = *v;
      }
      const tmf::Target individual_target{ctx.SpidText(), tmf::ResourceKind::kIndividual,
                                          tmf::ApiVersion::kV4, true};
      json::value person_value = std::move(person);
      auto individual =
          co_await parties_.CreateIn(tx, ctx.actor, individual_target, std::move(person_value));
      if (!individual) co_return individual.error();
      out.individual_id = StringMember(*individual, "id");
      std::string name = StringMember(in, "name");
      if (name.empty()) name = StringMember(*individual, "fullName");
      json::object customer{{"name", name},
                            {"engagedParty", json::object{{"id", out.individual_id},
                                                          {"@referredType", "Individual"}}}};
      const tmf::Target customer_target{ctx.SpidText(), tmf::ResourceKind::kCustomer,
                                        tmf::ApiVersion::kV4, true};
      json::value customer_value = std::move(customer);
      auto created =
          co_await parties_.CreateIn(tx, ctx.actor, customer_target, std::move(customer_value));
      if (!created) co_return created.error();
      out.customer_id = StringMember(*created, "id");
      // Default billing contact: the individual's address mediums.
      if (!in.contains("contact")) {
        json::array mediums;
        if (const json::value* cm = in.if_contains("contactMedium"); cm && cm->is_array()) {
          for (const json::value& m : cm->get_array()) {
            if (m.is_object() && StringMember(m.get_object(), "mediumType") == "address") {
              mediums.push_back(m);
            }
          }
        }
        if (!mediums.empty()) {
          account["contact"] = json::array{json::object{{"contactType", "billingAddress"},
                                                        {"contactMedium", std::move(mediums)}}};
        }
      }
    } else {
      out.customer_id = customer_id;
    }
    for (std::string_view key : {"name", "externalID", "contact"}) {
      if (const json::value* v = in.if_contains(key)) account[key] = *v;
    }
    account["relatedParty"] = json::array{
        json::object{{"id", out.customer_id}, {"role", "Customer"}, {"@referredType", "Customer"}}};
    account["ratingType"] = "prepaid";
    account["stateCode"] = 0;
    auto created = co_await CreateIn(tx, ctx, std::move(account));
    if (!created) co_return created.error();
    out.account = std::move(*created);
    if (out.individual_id.empty()) {
      auto row = co_await repo::FindAccount(tx, ctx.spid(), StringMember(out.account, "id"));
      if (!row) co_return row.error();
      if (*row) out.individual_id = (*row)->owner_id.value_or("");
    }
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<QuickAccount>> BillingAccountService::GetQuickPrepaid(const BssContext& ctx,
                                                                             std::string key) {
  QuickAccount out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto row = co_await FindAccountOrFail(tx, ctx.spid(), key);
    if (!row) co_return row.error();
    auto doc = co_await Render(tx, ctx, *row);
    if (!doc) co_return doc.error();
    out.account = std::move(*doc);
    out.customer_id = row->customer_id;
    out.individual_id = row->owner_id.value_or("");
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Status> BillingAccountService::CheckPartyDeletable(storage::Tx& tx,
                                                                   const tmf::Target& target,
                                                                   const std::string& id) {
  auto spid = std::stoll(target.spid);
  const std::string none = "\x01";  // matches no id
  const std::string& customer = target.kind == tmf::ResourceKind::kCustomer ? id : none;
  const std::string& owner = target.kind == tmf::ResourceKind::kIndividual ? id : none;
  auto count = co_await repo::CountAccountsReferencing(tx, spid, customer, owner);
  if (!count) co_return count.error();
  if (*count > 0) {
    co_return HasDependants(std::string(tmf::TypeName(target.kind)) + " " + id +
                            " is referenced by " + std::to_string(*count) + " billing account(s)");
  }
  co_return Ok();
}

}  // namespace ispcloud::domain::bss
