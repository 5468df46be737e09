#include "domain/tmf/resource_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/tmf/convert.h"
#include "domain/tmf/events.h"
#include "domain/tmf/json_patch.h"
#include "domain/tmf/schema.h"
#include "storage/audit_repository.h"
#include "storage/tmf/resource_repository.h"

namespace ispcloud::domain::tmf {

namespace repo = storage::tmf;
namespace json = boost::json;

namespace {

Error NotFound(const Target& t, std::string_view id) {
  return MakeError(ErrorCode::kNotFound,
                   std::string(TypeName(t.kind)) + " " + std::string(id) + " not found",
                   "ERCRT1003");
}

Error Invalid(const Target& t, std::vector<FieldError> fields) {
  std::string message = "invalid " + std::string(TypeName(t.kind)) + ": ";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) message += "; ";
    message += fields[i].message;
  }
  Error e = MakeError(ErrorCode::kValidation, std::move(message));
  e.context = std::string(TypeName(t.kind));
  e.fields = std::move(fields);
  return e;
}

Error NotAnObject(std::string_view what) {
  Error e = MakeError(ErrorCode::kInvalidArgument, std::string(what) + " must be a JSON object");
  e.fields.push_back(FieldError{"body", "type", e.message});
  return e;
}

// Removes null members from objects, recursively (null = absent).
void StripNulls(json::value& v) {
  if (v.is_object()) {
    json::object& o = v.get_object();
    for (auto it = o.begin(); it != o.end();) {
      if (it->value().is_null()) {
        it = o.erase(it);
      } else {
        StripNulls(it->value());
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (json::value& e : v.get_array()) StripNulls(e);
  }
}

std::string_view StringMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// @type must be the resource type: reports otherwise; sets it when absent.
void CheckType(json::object& doc, const Target& t, std::vector<FieldError>& errors) {
  const json::value* type = doc.if_contains("@type");
  if (type == nullptr) {
    doc["@type"] = TypeName(t.kind);
  } else if (!type->is_string() || type->get_string() != TypeName(t.kind)) {
    errors.push_back(
        FieldError{"@type", "inclusion", "@type must be " + std::string(TypeName(t.kind))});
  }
}

// TMF632 v4 spells the state "deceaded"; stored and returned as "deceased" (OPTIVA-API.md §2.2).
void NormalizeStatus(json::object& doc, const Target& t) {
  if (t.kind != ResourceKind::kIndividual) return;
  if (StringMember(doc, "status") == "deceaded") doc["status"] = "deceased";
}

void ApplyCreateDefaults(json::object& doc, const Target& t) {
  if (t.kind == ResourceKind::kCustomer && !doc.contains("status")) doc["status"] = "Approved";
  if (t.kind == ResourceKind::kIndividual) {
    if (!doc.contains("status")) doc["status"] = "initialized";
    const std::string_view full = t.version == ApiVersion::kV4 ? "fullName" : "name";
    const std::string_view given = StringMember(doc, "givenName");
    const std::string_view family = StringMember(doc, "familyName");
    if (!doc.contains(full) && !given.empty() && !family.empty()) {
      std::string joined = std::string(given) + " " + std::string(family);  // before inserting
      doc[full] = std::move(joined);
    }
  }
}

Result<json::object> ParseStored(const repo::ResourceRow& row) {
  boost::system::error_code ec;
  json::value v = json::parse(row.body, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInternal,
                     "stored TMF resource " + row.id + " is not a JSON object");
  }
  return std::move(v.get_object());
}

ApiVersion VersionOf(const repo::ResourceRow& row) {
  return row.schema_version == 5 ? ApiVersion::kV5 : ApiVersion::kV4;
}

// The stored row seen through the target version, with `id`.
Result<ResourceDoc> View(const repo::ResourceRow& row, const Target& t) {
  auto stored = ParseStored(row);
  if (!stored) return stored.error();
  ResourceDoc doc = ViewAs(*stored, t.kind, VersionOf(row), t.version);
  doc["id"] = row.id;
  return doc;
}

// Writes the audit record and the events of one change (no events without a recorder).
asio::awaitable<Status> Record(storage::Tx& tx, TmfEventRecorder* events, const Actor& actor,
                               const Target& t, std::string_view action, ResourceChange& change) {
  Actor audited = actor;
  audited.tenant = t.spid;
  std::string details;
  if (!change.changed_fields.empty()) {
    json::array fields;
    for (const std::string& f : change.changed_fields) fields.emplace_back(f);
    details = json::serialize(json::object{{"changed", std::move(fields)}});
  }
  const storage::AuditEntry entry{change.at,
                                  std::string(EntityName(t.kind)) + "." + std::string(action),
                                  std::string(EntityName(t.kind)), change.id, std::move(details)};
  if (Status s = co_await storage::AppendAudit(tx, audited, entry); !s) co_return s;
  if (events == nullptr) co_return Ok();
  co_return co_await events->Record(tx, change);
}

}  // namespace

ResourceService::ResourceService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids,
                                 TmfEventRecorder* events)
    : db_(db), clock_(clock), ids_(ids), events_(events) {}

asio::awaitable<Result<ResourceDoc>> ResourceService::Create(const Actor& actor,
                                                             const Target& target,
                                                             json::value body) {
  std::optional<ResourceDoc> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    json::value request = body;  // a copy: the body may run more than once (db.h)
    auto created = co_await CreateIn(tx, actor, target, std::move(request));
    if (!created) co_return created.error();
    out = std::move(*created);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<ResourceDoc>> ResourceService::CreateIn(storage::Tx& tx, const Actor& actor,
                                                               const Target& target,
                                                               json::value body) {
  if (!body.is_object()) co_return NotAnObject("the request body");
  StripNulls(body);
  json::object& doc = body.get_object();
  doc.erase("id");
  doc.erase("href");
  std::vector<FieldError> errors;
  CheckType(doc, target, errors);
  NormalizeStatus(doc, target);
  ApplyCreateDefaults(doc, target);
  const ResourceSchema& schema = SchemaOf(target.kind, target.version);
  ValidateOptions options;
  options.drop_unknown = target.drop_unknown;
  std::vector<FieldError> invalid = Validate(body, *schema.schema, schema.create_required, options);
  errors.insert(errors.end(), invalid.begin(), invalid.end());
  if (!errors.empty()) co_return Invalid(target, std::move(errors));

  repo::ResourceRow row;
  row.id = ids_.Next();
  row.resource_type = std::string(EntityName(target.kind));
  row.spid = target.spid;
  row.schema_version = static_cast<int64_t>(target.version);
  row.revision = 1;
  row.created_at = FormatIso8601Millis(clock_.Now());
  row.updated_at = row.created_at;
  row.body = json::serialize(doc);

  ResourceChange change;
  change.kind = target.kind;
  change.events = {ChangeEvent::kCreate};
  change.spid = target.spid;
  change.id = row.id;
  change.version = target.version;
  change.resource = doc;
  change.resource["id"] = row.id;
  change.at = row.created_at;
  change.actor = actor;
  if (Status s = co_await repo::InsertResource(tx, row); !s) co_return s.error();
  if (Status s = co_await Record(tx, events_, actor, target, "create", change); !s) {
    co_return s.error();
  }
  co_return View(row, target);
}

asio::awaitable<Result<ResourceDoc>> ResourceService::Get(const Target& target, std::string id) {
  std::optional<repo::ResourceRow> found;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    const std::string_view type = EntityName(target.kind);
    auto row = co_await repo::FindResource(tx, target.spid, type, id);
    if (!row) co_return row.error();
    found = std::move(*row);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!found) co_return NotFound(target, id);
  co_return View(*found, target);
}

asio::awaitable<Result<Page>> ResourceService::List(const Target& target, ListQuery query) {
  std::vector<repo::ResourceRow> rows;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    const std::string_view type = EntityName(target.kind);
    auto list = co_await repo::ListResources(tx, target.spid, type);
    if (!list) co_return list.error();
    rows = std::move(*list);
    co_return Ok();
  });
  if (!st) co_return st.error();
  std::vector<ResourceDoc> matches;
  for (const repo::ResourceRow& row : rows) {
    auto doc = View(row, target);
    if (!doc) co_return doc.error();
    if (MatchesAll(*doc, query.filters)) matches.push_back(std::move(*doc));
  }
  SortDocuments(matches, query.sort);
  Page page;
  page.total = static_cast<int64_t>(matches.size());
  const size_t begin = std::min(matches.size(), static_cast<size_t>(query.offset));
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(query.limit));
  for (size_t i = begin; i < end; ++i) page.items.push_back(std::move(matches[i]));
  co_return page;
}

asio::awaitable<Result<ResourceDoc>> ResourceService::Patch(const Actor& actor,
                                                            const Target& target, std::string id,
                                                            PatchFormat format, json::value patch) {
  if (format == PatchFormat::kMergePatch && !patch.is_object()) {
    co_return NotAnObject("a merge patch");
  }
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<ResourceDoc> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    const std::string_view type = EntityName(target.kind);
    auto found = co_await repo::FindResource(tx, target.spid, type, id);
    if (!found) co_return found.error();
    if (!*found) co_return NotFound(target, id);
    repo::ResourceRow row = std::move(**found);
    auto stored = ParseStored(row);
    if (!stored) co_return stored.error();
    const ApiVersion from = VersionOf(row);
    const json::object before = ViewAs(*stored, target.kind, from, target.version);

    json::value work = before;
    work.get_object()["id"] = id;
    if (format == PatchFormat::kMergePatch) {
      ApplyMergePatch(work, patch);
    } else if (Status applied = ApplyJsonPatch(work, patch); !applied) {
      co_return applied;
    }
    if (!work.is_object()) co_return NotAnObject("the patched resource");
    StripNulls(work);
    json::object& doc = work.get_object();
    std::vector<FieldError> errors;
    if (const json::value* new_id = doc.if_contains("id");
        new_id != nullptr && (!new_id->is_string() || new_id->get_string() != id)) {
      errors.push_back(FieldError{"id", "immutable", "id cannot be changed"});
    }
    doc.erase("id");
    doc.erase("href");
    CheckType(doc, target, errors);
    NormalizeStatus(doc, target);
    const ResourceSchema& schema = SchemaOf(target.kind, target.version);
    std::vector<std::string_view> required;
    for (std::string_view r : schema.create_required) {
      if (before.contains(r)) required.push_back(r);
    }
    ValidateOptions options;
    options.drop_unknown = target.drop_unknown;
    std::vector<FieldError> invalid = Validate(work, *schema.schema, required, options);
    errors.insert(errors.end(), invalid.begin(), invalid.end());
    if (!errors.empty()) co_return Invalid(target, std::move(errors));

    ResourceChange change;
    change.changed_fields = ChangedMembers(before, doc);
    if (change.changed_fields.empty()) {
      out = before;
      (*out)["id"] = id;
      co_return Ok();
    }
    PreserveForeignMembers(*stored, doc, target.kind, from, target.version);
    row.body = json::serialize(doc);
    row.schema_version = static_cast<int64_t>(target.version);
    row.revision += 1;
    row.updated_at = now;
    auto updated = co_await repo::UpdateResource(tx, row);
    if (!updated) co_return updated.error();
    if (!*updated) co_return NotFound(target, id);

    change.kind = target.kind;
    change.events = {ChangeEvent::kAttributeValueChange};
    if (std::find(change.changed_fields.begin(), change.changed_fields.end(), "status") !=
        change.changed_fields.end()) {
      change.events.push_back(ChangeEvent::kStateChange);
    }
    change.spid = target.spid;
    change.id = id;
    change.version = target.version;
    change.resource = ViewAs(doc, target.kind, target.version, target.version);
    change.resource["id"] = id;
    change.at = now;
    change.actor = actor;
    if (Status s = co_await Record(tx, events_, actor, target, "update", change); !s) co_return s;
    out = change.resource;
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Status> ResourceService::Delete(const Actor& actor, const Target& target,
                                                std::string id) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    const std::string_view type = EntityName(target.kind);
    auto found = co_await repo::FindResource(tx, target.spid, type, id);
    if (!found) co_return found.error();
    if (!*found) co_return NotFound(target, id);
    auto doc = View(**found, target);
    if (!doc) co_return doc.error();
    if (delete_guard_) {
      if (Status allowed = co_await delete_guard_(tx, target, id); !allowed) co_return allowed;
    }
    auto deleted = co_await repo::DeleteResource(tx, target.spid, type, id);
    if (!deleted) co_return deleted.error();
    if (!*deleted) co_return NotFound(target, id);
    ResourceChange change;
    change.kind = target.kind;
    change.events = {ChangeEvent::kDelete};
    change.spid = target.spid;
    change.id = id;
    change.version = target.version;
    change.resource = std::move(*doc);
    change.at = now;
    change.actor = actor;
    co_return co_await Record(tx, events_, actor, target, "delete", change);
  });
}

}  // namespace ispcloud::domain::tmf
