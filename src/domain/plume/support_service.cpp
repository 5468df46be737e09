#include "domain/plume/support_service.h"

#include "domain/plume/audit.h"
#include "domain/plume/customer_gate.h"
#include "domain/plume/events.h"
#include "domain/plume/node_rules.h"
#include "domain/plume/support_rules.h"
#include "storage/plume/node_repository.h"
#include "storage/plume/support_repository.h"

namespace ispcloud::domain::plume {

namespace repo = storage::plume;

boost::json::object SupportJobEventBody(const SupportJob& job) {
  return boost::json::object{{"supportJobId", job.id},        {"type", job.type},
                             {"status", job.status},          {"partnerId", job.partner_id},
                             {"customerId", job.customer_id}, {"locationId", job.location_id},
                             {"parameters", job.parameters},  {"requestedBy", job.requested_by}};
}

asio::awaitable<Result<SupportJob>> SupportService::Record(const auth::Principal& caller,
                                                           const Actor& actor,
                                                           const std::string& customer_id,
                                                           const std::string& location_id,
                                                           Builder build) {
  const std::string now = FormatIso8601Millis(clock_.Now());
  std::optional<SupportJob> out;
  Status st = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    const Location& l = scope->location;
    auto request = co_await build(tx, l);
    if (!request) co_return request.error();
    SupportJob job;
    job.id = ids_.Next();
    job.partner_id = l.partner_id;
    job.customer_id = l.customer_id;
    job.location_id = l.id;
    job.type = std::move(request->type);
    job.status = std::string(kJobQueued);
    job.parameters = std::move(request->parameters);
    job.requested_by = actor.id;
    job.created_at = now;
    job.updated_at = now;
    if (Status s = co_await repo::InsertSupportJob(tx, job); !s) co_return s;
    if (Status s = co_await AuditChange(tx, actor, job.partner_id, now, "supportJob.create",
                                        "supportJob", job.id);
        !s) {
      co_return s;
    }
    boost::json::object body = SupportJobEventBody(job);
    if (Status s = co_await PublishPlumeEvent(tx, clock_, ids_, job.partner_id, kSupportJobCreated,
                                              std::move(body));
        !s) {
      co_return s;
    }
    out = std::move(job);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return std::move(*out);
}

asio::awaitable<Result<std::vector<SupportJob>>> SupportService::Read(
    const auth::Principal& caller, const std::string& customer_id, const std::string& location_id,
    std::vector<std::string> types, int64_t limit) {
  std::vector<SupportJob> out;
  Status st = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto scope = co_await LoadLocationInScope(tx, caller, customer_id, location_id);
    if (!scope) co_return scope.error();
    const std::string& id = scope->location.id;
    auto jobs = co_await repo::ListSupportJobs(tx, id, types, limit);
    if (!jobs) co_return jobs.error();
    out = std::move(*jobs);
    co_return Ok();
  });
  if (!st) co_return st.error();
  co_return out;
}

asio::awaitable<Result<SupportJob>> SupportService::RequestFirmware(const auth::Principal& caller,
                                                                    const Actor& actor,
                                                                    std::string customer_id,
                                                                    std::string location_id,
                                                                    FirmwareInput in) {
  Builder build = [&in](storage::Tx&, const Location&) -> asio::awaitable<Result<JobRequest>> {
    co_return BuildFirmwareJob(in);
  };
  co_return co_await Record(caller, actor, customer_id, location_id, std::move(build));
}

asio::awaitable<Result<std::optional<SupportJob>>> SupportService::LatestFirmware(
    const auth::Principal& caller, std::string customer_id, std::string location_id) {
  std::vector<std::string> types{std::string(kJobFirmwareUpgrade),
                                 std::string(kJobFirmwareDowngrade)};
  auto jobs = co_await Read(caller, customer_id, location_id, std::move(types), 1);
  if (!jobs) co_return jobs.error();
  if (jobs->empty()) co_return std::optional<SupportJob>();
  co_return std::optional<SupportJob>(std::move(jobs->front()));
}

asio::awaitable<Result<SupportJob>> SupportService::SteerClient(const auth::Principal& caller,
                                                                const Actor& actor,
                                                                std::string customer_id,
                                                                std::string location_id,
                                                                ForcedSteerInput in) {
  const TimePoint now = clock_.Now();
  Builder build = [&in, now](storage::Tx&, const Location&) -> asio::awaitable<Result<JobRequest>> {
    co_return BuildForcedSteerJob(in, now);
  };
  co_return co_await Record(caller, actor, customer_id, location_id, std::move(build));
}

asio::awaitable<Result<SupportJob>> SupportService::CancelSteering(const auth::Principal& caller,
                                                                   const Actor& actor,
                                                                   std::string customer_id,
                                                                   std::string location_id,
                                                                   std::string mac) {
  Builder build = [&mac](storage::Tx&, const Location&) -> asio::awaitable<Result<JobRequest>> {
    co_return BuildSteerCancelJob(mac);
  };
  co_return co_await Record(caller, actor, customer_id, location_id, std::move(build));
}

asio::awaitable<Result<SupportJob>> SupportService::PullLogs(const auth::Principal& caller,
                                                             const Actor& actor,
                                                             std::string customer_id,
                                                             std::string location_id,
                                                             LogPullInput in) {
  Builder build = [&in](storage::Tx& tx, const Location& l) -> asio::awaitable<Result<JobRequest>> {
    auto request = BuildLogPullJob(in);
    if (!request) co_return request.error();
    if (in.node_id) {
      const std::string& node_id = *in.node_id;
      auto node = co_await repo::FindNode(tx, node_id);
      if (!node) co_return node.error();
      if (!node->has_value() || !(*node)->claim || (*node)->claim->location_id != l.id) {
        co_return NodeNotFound();
      }
    }
    co_return std::move(*request);
  };
  co_return co_await Record(caller, actor, customer_id, location_id, std::move(build));
}

asio::awaitable<Result<std::vector<SupportJob>>> SupportService::ListJobs(
    const auth::Principal& caller, std::string customer_id, std::string location_id) {
  std::vector<std::string> every_type;
  co_return co_await Read(caller, customer_id, location_id, std::move(every_type), 0);
}

}  // namespace ispcloud::domain::plume
