#pragma once
// TMF629 Customer and TMF632 Individual / Organization resources: create, read, list, patch and
// delete within one service provider (SPID), in either served TMF version. The caller has
// already resolved and checked the SPID and the caller's permissions (api/tmf/access.h); every
// call here is confined to that SPID, and a resource of another SPID answers exactly as an
// unknown one (404). Every change is written with its audit record and its events (events.h)
// in one transaction.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "core/result.h"
#include "domain/actor.h"
#include "domain/tmf/events.h"
#include "domain/tmf/query.h"
#include "domain/tmf/resource.h"
#include "storage/db.h"

namespace ispcloud::domain::tmf {

// Where a request acts: the SPID, the resource and the version it speaks.
struct Target {
  std::string spid;  // canonical decimal
  ResourceKind kind = ResourceKind::kCustomer;
  ApiVersion version = ApiVersion::kV4;
  // Unknown attributes in a body: 400 (TMF mounts) or silently dropped (Optiva gateway mounts,
  // OPTIVA-API.md §4.4).
  bool drop_unknown = false;
};

enum class PatchFormat { kMergePatch, kJsonPatch };

// One resource as seen through Target::version: every stored attribute plus `id`, no `href`.
using ResourceDoc = boost::json::object;

struct Page {
  std::vector<ResourceDoc> items;  // the requested slice, in order
  int64_t total = 0;               // every match
};

class ResourceService {
 public:
  // `events` (may be null: no events) publishes every change to the outbox.
  ResourceService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids,
                  TmfEventRecorder* events = nullptr);

  // Creates a resource from `body` (a JSON object). `id` and `href` in the body are ignored;
  // `@type` defaults to the resource type and must equal it; defaults: Customer status
  // "Approved", Individual status "initialized" and fullName (v4) / name (v5) "<givenName>
  // <familyName>". Invalid body -> kValidation listing every field (rules of schema.h).
  asio::awaitable<Result<ResourceDoc>> Create(const Actor& actor, const Target& target,
                                              boost::json::value body);

  // Create inside the caller's write transaction `tx` (composite creations such as the quick
  // prepaid account of OPTIVA-API.md §2.4.1): same rules, audit and events as Create.
  asio::awaitable<Result<ResourceDoc>> CreateIn(storage::Tx& tx, const Actor& actor,
                                                const Target& target, boost::json::value body);

  // A check run inside the delete transaction before a resource goes (e.g. 409 ERCRT1008 while
  // a billing account references a customer). Must outlive the service.
  using DeleteGuard = std::function<asio::awaitable<Status>(storage::Tx& tx, const Target& target,
                                                            const std::string& id)>;
  void SetDeleteGuard(DeleteGuard guard) { delete_guard_ = std::move(guard); }

  // The resource, or kNotFound "ERCRT1003".
  asio::awaitable<Result<ResourceDoc>> Get(const Target& target, std::string id);

  // Filters, sorts and pages the resources of the SPID (query.h). Default order: newest first.
  asio::awaitable<Result<Page>> List(const Target& target, ListQuery query);

  // Applies a merge patch (RFC 7386, arrays replace wholesale) or a JSON Patch (RFC 6902) to the
  // resource as seen through the target version, validates the result (types, unknown members,
  // nested required members; of the top-level required members only those the resource had),
  // and stores it. `id` may be sent unchanged, `href` is ignored, `@type` must stay the resource
  // type. Unknown id -> kNotFound; invalid result -> kValidation; bad JSON Patch ->
  // kInvalidArgument / kConflict (failed test). A patch that changes nothing writes nothing.
  asio::awaitable<Result<ResourceDoc>> Patch(const Actor& actor, const Target& target,
                                             std::string id, PatchFormat format,
                                             boost::json::value patch);

  // Deletes the resource; unknown id -> kNotFound.
  asio::awaitable<Status> Delete(const Actor& actor, const Target& target, std::string id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
  TmfEventRecorder* events_;
  DeleteGuard delete_guard_;
};

}  // namespace ispcloud::domain::tmf
