#pragma once
// Support actions on a Plume location (PLUME-API.md §11): firmware upgrade/downgrade, client
// steering and log pull, recorded as support jobs with status "queued"; plus the reads of those
// jobs. Every call applies the access gate of §2.3 from step 4 on (customer, scope, location);
// steps 1-3 (token, role — partner admin, group admin and group support may run these — and
// body) are the caller's. Each action writes its job, one audit record ("supportJob.create")
// and the event supportJob.created in one transaction; nothing else changes.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/asio.h"
#include "core/clock.h"
#include "core/object_id.h"
#include "domain/actor.h"
#include "domain/plume/customer.h"
#include "domain/plume/support.h"
#include "storage/db.h"

namespace ispcloud::domain::plume {

class SupportService {
 public:
  SupportService(storage::Database& db, const Clock& clock, ObjectIdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}

  // PUT …/firmware: gate; BuildFirmwareJob (422). Returns the job.
  asio::awaitable<Result<SupportJob>> RequestFirmware(const auth::Principal& caller,
                                                      const Actor& actor, std::string customer_id,
                                                      std::string location_id, FirmwareInput in);

  // GET …/firmware: gate; the location's latest firmware job, nullopt when there is none.
  asio::awaitable<Result<std::optional<SupportJob>>> LatestFirmware(const auth::Principal& caller,
                                                                    std::string customer_id,
                                                                    std::string location_id);

  // PUT …/devices/{mac}/forcedSteer: gate; BuildForcedSteerJob (422). Returns the job.
  asio::awaitable<Result<SupportJob>> SteerClient(const auth::Principal& caller, const Actor& actor,
                                                  std::string customer_id, std::string location_id,
                                                  ForcedSteerInput in);

  // DELETE …/devices/{mac}/forcedSteer: gate; BuildSteerCancelJob (422). Returns the job.
  asio::awaitable<Result<SupportJob>> CancelSteering(const auth::Principal& caller,
                                                     const Actor& actor, std::string customer_id,
                                                     std::string location_id, std::string mac);

  // POST …/logPull: gate; BuildLogPullJob (422); a `nodeId` not claimed at the location -> 404
  // NODE_NOT_FOUND. Returns the job.
  asio::awaitable<Result<SupportJob>> PullLogs(const auth::Principal& caller, const Actor& actor,
                                               std::string customer_id, std::string location_id,
                                               LogPullInput in);

  // GET …/supportJobs: gate; the location's jobs, newest first.
  asio::awaitable<Result<std::vector<SupportJob>>> ListJobs(const auth::Principal& caller,
                                                            std::string customer_id,
                                                            std::string location_id);

 private:
  // Validates the request for the location (inside the transaction, after the gate).
  using Builder = std::function<asio::awaitable<Result<JobRequest>>(storage::Tx&, const Location&)>;
  // The write transaction of every action: gate, `build`, then the job, its audit record and
  // its event.
  asio::awaitable<Result<SupportJob>> Record(const auth::Principal& caller, const Actor& actor,
                                             const std::string& customer_id,
                                             const std::string& location_id, Builder build);
  // The read transaction of the GETs: gate, then the location's jobs of `types` (all when
  // empty), newest first, at most `limit` (0: all).
  asio::awaitable<Result<std::vector<SupportJob>>> Read(const auth::Principal& caller,
                                                        const std::string& customer_id,
                                                        const std::string& location_id,
                                                        std::vector<std::string> types,
                                                        int64_t limit);

  storage::Database& db_;
  const Clock& clock_;
  ObjectIdGenerator& ids_;
};

// The body of the supportJob.created event (and the audit-free summary of a job): ids, type,
// status and parameters.
boost::json::object SupportJobEventBody(const SupportJob& job);

}  // namespace ispcloud::domain::plume
