#include "domain/bss/adjustment_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "domain/bss/buckets.h"
#include "domain/bss/errors.h"
#include "domain/bss/json_members.h"
#include "domain/bss/ledger.h"
#include "domain/bss/voucher_rules.h"
#include "storage/audit_repository.h"
#include "storage/bss/adjustment_repository.h"
#include "storage/bss/subscription_repository.h"

namespace ispcloud::domain::bss {
namespace {

namespace json = boost::json;
namespace repo = storage::bss;

bool BoolMember(const json::object& o, std::string_view key, bool fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_bool()) return fallback;
  return v->get_bool();
}

// The default category of types that do not name one (the production gateway's CSR category).
constexpr int64_t kDefaultAdjustmentCategory = 20000;

}  // namespace

std::optional<AdjustmentType> FindAdjustmentType(const ServiceProvider& provider, int64_t id) {
  const json::value* types = provider.settings.if_contains("adjustmentTypes");
  if (types == nullptr || !types->is_array()) return std::nullopt;
  for (const json::value& t : types->get_array()) {
    if (!t.is_object()) continue;
    const json::object& o = t.get_object();
    if (IntMember(o, "id") != id || !BoolMember(o, "active", true)) continue;
    AdjustmentType type;
    type.id = id;
    type.name = StringMember(o, "name");
    type.description = StringMember(o, "description");
    if (type.description.empty()) type.description = type.name;
    type.category = IntMember(o, "categoryId").value_or(kDefaultAdjustmentCategory);
    type.category_description = StringMember(o, "category");
    if (auto action = IntMember(o, "action"); action == 0 || action == 1) {
      type.fixed_action = static_cast<int>(*action);
    }
    type.requires_approval = BoolMember(o, "requiresApproval", false);
    return type;
  }
  return std::nullopt;
}

ApprovalPolicy ApprovalPolicyOf(const ServiceProvider& provider) {
  ApprovalPolicy policy;
  policy.threshold = provider.IntSetting("adjustmentApprovalThreshold", policy.threshold);
  if (const json::value* v = provider.settings.if_contains("bundleAdjustmentApprovalThreshold");
      v != nullptr && v->is_int64()) {
    policy.bundle_threshold = v->get_int64();
  }
  policy.allow_self_approval = BoolMember(provider.settings, "allowSelfApproval", false);
  return policy;
}

json::object AdjustmentJson(const Adjustment& a) {
  json::object value{{"amount", a.amount}};
  if (!a.bundle_adjustment) value["currency"] = a.currency;
  if (a.expiry_date_extension) value["expiryDateExtension"] = *a.expiry_date_extension;
  json::array history;
  for (const AdjustmentHistoryEntry& h : a.history) {
    history.push_back(json::object{{"status", h.status},
                                   {"updateTimeStamp", h.updated_at},
                                   {"updatedBy", h.updated_by},
                                   {"comment", JsonOrNull(h.comment)}});
  }
  return json::object{
      {"adjustmentId", a.id},
      {"subscriptionId", a.subscription_id},
      {"accountId", a.account_id},
      {"mobileNumber", a.mobile_number},
      {"spid", a.spid},
      {"type", a.type.id},
      {"name", a.type.name},
      {"typeDescription", a.type.description},
      {"category", a.type.category},
      {"categoryDescription", a.type.category_description},
      {"action", a.action},
      {"bundleAdjustment", a.bundle_adjustment},
      {"bundleId", JsonOrNull(a.bundle_id)},
      {"value", std::move(value)},
      {"reasonCode", JsonOrNull(a.reason_code)},
      {"notes", JsonOrNull(a.notes)},
      {"externalTransactionNumber", JsonOrNull(a.external_transaction_number)},
      {"statusId", StatusId(a.status)},
      {"status", StatusDisplay(a.status)},
      {"requiresApproval", a.requires_approval},
      {"createdBy", a.created_by},
      {"createdTimestamp", a.created_at},
      {"approvedBy", JsonOrNull(a.approved_by)},
      {"approvedTimestamp", JsonOrNull(a.approved_at)},
      {"transactionId", JsonOrNull(a.transaction_id)},
      {"failureReason", JsonOrNull(a.failure_reason)},
      {"history", std::move(history)},
  };
}

asio::awaitable<Result<CreatedAdjustment>> AdjustmentService::CreateInTx(
    storage::Tx& tx, const BssContext& ctx, const AdjustmentActor& actor,
    const AdjustmentRequest& request) {
  if (Status s = ValidateAdjustmentRequest(request); !s) co_return s.error();
  const std::string spid = ctx.SpidText();
  if (request.external_transaction_number) {
    auto earlier = co_await repo::FindAdjustmentByExternalNumber(
        tx, spid, *request.external_transaction_number);
    if (!earlier) co_return earlier.error();
    if (earlier->has_value()) co_return CreatedAdjustment{std::move(**earlier), true};
  }
  SubscriptionRef ref{request.subscription_id, request.mobile_number};
  auto line = co_await ResolveSubscription(tx, ctx.spid(), std::move(ref));
  if (!line) co_return line.error();
  if (*request.account_id != line->ban && *request.account_id != line->account_id) {
    co_return BadField("accountID", "consistency",
                       "accountID does not hold subscription " + line->id);
  }
  std::optional<AdjustmentType> type = FindAdjustmentType(ctx.provider, *request.type);
  if (!type) {
    co_return BadField(
        "adjustmentType", "reference",
        "adjustment type " + std::to_string(*request.type) + " is not an active type of this SPID");
  }
  auto action = ResolveAction(*type, request.action);
  if (!action) co_return action.error();
  const bool debit = *action == 1;
  if (line->state == 2 || line->state == 4) {
    co_return InvalidState("subscription " + line->id + " is in state " +
                           std::to_string(line->state) + " and cannot be adjusted");
  }
  if (!request.bundle_adjustment.value_or(false)) {
    if (Status s = CheckMoneyState(static_cast<int>(line->state), MoneySource::kAdjustment, debit);
        !s) {
      co_return s.error();
    }
  }

  const std::string now = FormatIso8601Millis(clock_.Now());
  auto id = co_await repo::NextAdjustmentId(tx);
  if (!id) co_return id.error();
  Adjustment a;
  a.id = *id;
  a.spid = spid;
  a.subscription_id = line->id;
  a.account_id = line->ban;
  a.mobile_number = line->msisdn;
  a.type = *type;
  a.action = *action;
  a.bundle_adjustment = request.bundle_adjustment.value_or(false);
  a.bundle_id = request.bundle_id;
  a.amount = *request.amount;
  a.currency = ctx.provider.currency;
  a.expiry_date_extension = request.expiry_date_extension;
  a.reason_code = request.reason_code;
  a.notes = request.notes;
  a.external_transaction_number = request.external_transaction_number;
  a.created_by = actor.name;
  a.created_by_subject = actor.subject;
  a.created_at = now;
  a.updated_at = now;
  a.history.push_back({std::string(StatusId(AdjustmentStatus::kCreated)), now, actor.name, {}});
  a.requires_approval = RequiresApproval(a, ApprovalPolicyOf(ctx.provider));
  if (a.requires_approval) {
    if (Status s = Transition(a, AdjustmentStatus::kPendingApproval, actor.name, now); !s) {
      co_return s.error();
    }
  } else if (Status s = co_await Apply(tx, ctx, a, actor.name); !s) {
    co_return s.error();
  }
  if (Status s = co_await repo::InsertAdjustment(tx, a); !s) {
    if (s.error().api_code == storage::kDbUniqueViolation) {
      co_return AlreadyExists("externalTransactionNumber is already used in this SPID");
    }
    co_return s.error();
  }
  if (Status s = co_await Record(tx, ctx, a, "adjustment.create"); !s) co_return s.error();
  co_return CreatedAdjustment{std::move(a), false};
}

asio::awaitable<Status> AdjustmentService::Apply(storage::Tx& tx, const BssContext& ctx,
                                                 Adjustment& a, const std::string& who) {
  const TimePoint now_tp = clock_.Now();
  const std::string now = FormatIso8601Millis(now_tp);
  ApplyOutcome outcome;
  if (a.bundle_adjustment) {
    // The bucket of the bundle; its history entry stands for the transaction.
    BucketAdjustment change;
    change.bundle_id = a.bundle_id.value_or(0);
    change.amount = a.amount;
    change.debit = a.action == 1;
    change.extension_days = a.expiry_date_extension.value_or(0);
    change.adjustment_type = a.type.id;
    const BucketMove move{ctx.spid(), a.subscription_id, who, a.id, now_tp};
    auto applied = co_await AdjustBucket(tx, move, change);
    if (!applied) co_return applied.error();
    outcome.transaction_id = applied->history_id;
    outcome.failure_reason = applied->failure_reason;
    co_return RecordApplied(a, outcome, who, now);
  }
  // A line whose state refuses the movement aborts (409, nothing stored) rather than failing
  // the record: the ledger reports that refusal with the code of a maximum-balance refusal.
  auto current = co_await repo::FindSubscription(tx, ctx.spid(), a.subscription_id);
  if (!current) co_return current.error();
  if (!current->has_value()) co_return NotFound("subscription " + a.subscription_id);
  if (Status s = CheckMoneyState(static_cast<int>((*current)->state), MoneySource::kAdjustment,
                                 a.action == 1);
      !s) {
    co_return s;
  }
  Posting posting;
  posting.spid = ctx.spid();
  posting.subscription_id = a.subscription_id;
  posting.amount = Amount4{a.action == 1 ? -a.amount : a.amount};
  posting.adjustment_type_id = a.type.id;
  posting.adjustment_type_name = a.type.name;
  posting.source = MoneySource::kAdjustment;
  posting.source_ref = a.id;
  posting.reason = a.notes.value_or(a.type.name);
  posting.agent = who;
  posting.external_transaction_number = a.external_transaction_number;
  posting.request_id = ctx.actor.request_id;
  posting.correlation_id = ctx.correlation_id;
  posting.at = now_tp;
  auto entry = co_await PostToMainBalance(tx, posting);
  if (!entry) {
    std::optional<std::string> reason = FailureReasonOf(entry.error());
    if (!reason) co_return entry.error();
    outcome.failure_reason = std::move(reason);
    co_return RecordApplied(a, outcome, who, now);
  }
  outcome.transaction_id = std::to_string(entry->id);
  if (a.expiry_date_extension && *a.expiry_date_extension > 0) {
    // The row read above: UpdateSubscription leaves the balance columns the posting changed.
    repo::SubscriptionRow row = **current;
    std::optional<TimePoint> expiry;
    if (row.expiry_at) expiry = ParseRfc3339(*row.expiry_at);
    row.expiry_at = FormatIso8601Millis(RechargedExpiry(expiry, now_tp, *a.expiry_date_extension));
    row.updated_at = now;
    if (Status s = co_await repo::UpdateSubscription(tx, row); !s) co_return s;
  }
  co_return RecordApplied(a, outcome, who, now);
}

asio::awaitable<Status> AdjustmentService::Record(storage::Tx& tx, const BssContext& ctx,
                                                  const Adjustment& a, std::string action) {
  const storage::AuditEntry audit{
      a.updated_at, std::move(action), "adjustment", a.id,
      json::serialize(json::object{
          {"status", StatusId(a.status)}, {"amount", a.amount}, {"action", a.action}})};
  if (Status s = co_await storage::AppendAudit(tx, ctx.actor, audit); !s) co_return s;
  const std::string path = "/api/subscription/adjustment/" + a.id;
  co_return co_await events_.Publish(tx, ctx, "BalanceAdjustmentStateChangeEvent", "adjustment",
                                     AdjustmentJson(a), path);
}

asio::awaitable<Result<Adjustment>> AdjustmentService::PatchInTx(storage::Tx& tx,
                                                                 const BssContext& ctx,
                                                                 const AdjustmentActor& actor,
                                                                 std::string id,
                                                                 const AdjustmentPatch& patch) {
  auto found = co_await repo::FindAdjustment(tx, ctx.SpidText(), id);
  if (!found) co_return found.error();
  if (!found->has_value()) co_return NotFound("adjustment " + id);
  Adjustment a = std::move(**found);
  const size_t stored_history = a.history.size();
  const std::string now = FormatIso8601Millis(clock_.Now());
  const ApprovalPolicy policy = ApprovalPolicyOf(ctx.provider);
  if (patch.kind == AdjustmentPatch::Kind::kDecision) {
    const Decision decision{patch.decision == AdjustmentStatus::kApproved, actor.name,
                            actor.subject, patch.comment};
    if (Status s = RecordDecision(a, decision, policy, now); !s) co_return s.error();
    if (decision.approve) {
      if (Status s = co_await Apply(tx, ctx, a, actor.name); !s) co_return s.error();
    }
  } else {
    if (Status s = CheckPatchAllowed(a, patch); !s) co_return s.error();
    ApplyEdit(a, patch, actor.name, now);
    if (patch.kind == AdjustmentPatch::Kind::kAmount) {
      a.requires_approval = RequiresApproval(a, policy);
      if (!a.requires_approval) {
        if (Status s = co_await Apply(tx, ctx, a, actor.name); !s) co_return s.error();
      }
    }
  }
  a.updated_at = now;
  if (Status s = co_await repo::UpdateAdjustment(tx, a, stored_history); !s) co_return s.error();
  if (Status s = co_await Record(tx, ctx, a, "adjustment.update"); !s) co_return s.error();
  co_return a;
}

asio::awaitable<Result<Adjustment>> AdjustmentService::Get(const BssContext& ctx, std::string id) {
  std::optional<Adjustment> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindAdjustment(tx, ctx.SpidText(), id);
    if (!found) co_return found.error();
    out = std::move(*found);
    co_return Ok();
  });
  if (!st) co_return st.error();
  if (!out) co_return NotFound("adjustment " + id);
  co_return std::move(*out);
}

asio::awaitable<Result<AdjustmentList>> AdjustmentService::List(const BssContext& ctx,
                                                                AdjustmentQuery query) {
  AdjustmentList out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    repo::AdjustmentFilter filter;
    filter.spid = ctx.SpidText();
    filter.account_id = query.account_id;
    if (!query.subscription.empty()) {
      auto line = co_await ResolveSubscription(tx, ctx.spid(), query.subscription);
      if (!line) {
        // A filter, not an address: an unknown line matches nothing.
        if (line.error().code == ErrorCode::kNotFound) co_return Ok();
        co_return line.error();
      }
      filter.subscription_id = line->id;
    }
    filter.status = query.status;
    filter.type = query.type;
    filter.bundle_adjustment = query.bundle_adjustment;
    filter.from = query.from;
    filter.to = query.to;
    filter.created_by = query.created_by;
    auto page = co_await repo::ListAdjustments(tx, filter, query.offset, query.limit);
    if (!page) co_return page.error();
    out.items = std::move(page->items);
    out.total = page->total;
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

}  // namespace ispcloud::domain::bss
