#pragma once
// Balance adjustments with approval (OPTIVA-API.md §2.12, rows 51-54): stores records, runs the
// approval flow of adjustment.h and posts the ledger transaction (ledger.h) when an adjustment
// is applied. Every change is one write transaction with its audit record and a
// BalanceAdjustmentStateChangeEvent; the *InTx calls run inside the caller's transaction (routes
// wrap them in RunIdempotent).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/adjustment.h"
#include "domain/bss/adjustment_input.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/bss/subscription_resolver.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

// The adjustment type `id` of the SPID's catalogue (settings.adjustmentTypes; optional keys
// "description", "categoryId", "action" (0|1: fixed), "requiresApproval", "active"), or
// nullopt when unknown or inactive.
std::optional<AdjustmentType> FindAdjustmentType(const ServiceProvider& provider, int64_t id);

// The approval settings of the SPID (§3.4).
ApprovalPolicy ApprovalPolicyOf(const ServiceProvider& provider);

// The wire record (§2.12.1) without href.
boost::json::object AdjustmentJson(const Adjustment& a);

// The caller of a create or a decision: display name and stable identity (four-eyes rule).
struct AdjustmentActor {
  std::string name;
  std::string subject;
};

// The result of a create: the record, and whether it is an earlier record returned again for a
// repeated externalTransactionNumber (answered 200 instead of 201).
struct CreatedAdjustment {
  Adjustment record;
  bool existing = false;
};

// List filters as the route decoded them (§2.12.3); absent = any.
struct AdjustmentQuery {
  std::optional<std::string> account_id;
  SubscriptionRef subscription;  // subscriptionId / mobileNumber (resolved in the SPID)
  std::optional<std::string> status;
  std::optional<int64_t> type;
  std::optional<bool> bundle_adjustment;
  std::optional<std::string> from;  // ISO-8601
  std::optional<std::string> to;
  std::optional<std::string> created_by;
  int64_t offset = 0;  // 0-based (the route converts the 1-based wire offset)
  int64_t limit = 100;
};

struct AdjustmentList {
  std::vector<Adjustment> items;
  int64_t total = 0;
};

class AdjustmentService {
 public:
  AdjustmentService(storage::Database& db, const Clock& clock, BssEventPublisher& events)
      : db_(db), clock_(clock), events_(events) {}

  // Row 51 (§2.12.2). Refusals that store nothing: 400 invalid body or unknown type, 404
  // subscription, 409 ERCRT1007 for a line in a state that refuses the movement. Otherwise the
  // record is stored and is COMPLETED, PENDING_APPROVAL (above the threshold) or FAILED (ledger
  // refusal, with failureReason). A known externalTransactionNumber returns that record.
  asio::awaitable<Result<CreatedAdjustment>> CreateInTx(storage::Tx& tx, const BssContext& ctx,
                                                        const AdjustmentActor& actor,
                                                        const AdjustmentRequest& request);

  // Row 54 (§2.12.5) for a classified patch: edits, amount changes while pending (applied at
  // once when no longer above the threshold) and decisions (four-eyes rule; APPROVED is
  // applied). 404 unknown id, 409 ERCRT1007 wrong status, 403 ERCRT1403 self-approval.
  asio::awaitable<Result<Adjustment>> PatchInTx(storage::Tx& tx, const BssContext& ctx,
                                                const AdjustmentActor& actor, std::string id,
                                                const AdjustmentPatch& patch);

  // Row 53: 404 ERCRT1003 when unknown in the SPID.
  asio::awaitable<Result<Adjustment>> Get(const BssContext& ctx, std::string id);

  // Row 52: newest first.
  asio::awaitable<Result<AdjustmentList>> List(const BssContext& ctx, AdjustmentQuery query);

 private:
  // Posts the ledger transaction of `a` (CREATED, APPROVED or PENDING_APPROVAL) and records
  // COMPLETED or FAILED; errors other than ledger refusals abort.
  asio::awaitable<Status> Apply(storage::Tx& tx, const BssContext& ctx, Adjustment& a,
                                const std::string& who);
  // Audit record and event of a stored change.
  asio::awaitable<Status> Record(storage::Tx& tx, const BssContext& ctx, const Adjustment& a,
                                 std::string action);

  storage::Database& db_;
  const Clock& clock_;
  BssEventPublisher& events_;
};

}  // namespace ispcloud::domain::bss
