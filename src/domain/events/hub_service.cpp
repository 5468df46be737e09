#include "domain/events/hub_service.h"

#include "storage/audit_repository.h"

namespace ispcloud::domain::events {
namespace {

namespace repo = storage::events;

constexpr size_t kMaxCallback = 2048;
constexpr size_t kMaxQuery = 2048;

// The rule a callback URL breaks, or "" when it is acceptable.
std::string_view CallbackProblem(const std::string& url) {
  const bool http = url.starts_with("http://"), https = url.starts_with("https://");
  if (!http && !https) return "format";
  const size_t host_start = http ? 7 : 8;
  if (url.size() == host_start || url[host_start] == '/') return "format";
  if (url.find('#') != std::string::npos) return "format";
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) return "format";
  }
  if (url.size() > kMaxCallback) return "length.max";
  return "";
}

}  // namespace

asio::awaitable<Result<HubSubscription>> HubService::Subscribe(const Actor& actor,
                                                               SubscribeInput input) {
  std::vector<FieldError> problems = std::move(input.decode_errors);
  if (!input.callback || input.callback->empty()) {
    problems.push_back({"callback", "presence", "callback is required"});
  } else if (std::string_view rule = CallbackProblem(*input.callback); !rule.empty()) {
    problems.push_back({"callback", std::string(rule),
                        "callback must be an absolute http:// or https:// URL without fragment"});
  }
  if (input.query && input.query->size() > kMaxQuery) {
    problems.push_back({"query", "length.max", "query is longer than 2048 characters"});
  }
  if (!problems.empty()) {
    Error e = MakeError(ErrorCode::kInvalidArgument, "invalid subscription");
    e.fields = std::move(problems);
    co_return e;
  }

  HubSubscription s{ids_.Next(),     std::move(input.topic),   std::move(input.tenant),
                    *input.callback, input.query.value_or(""), FormatIso8601Millis(clock_.Now())};
  Actor audited = actor;
  audited.tenant = s.tenant;
  const storage::AuditEntry entry{s.created_at, "hub.subscribe", "hub_subscription", s.id, ""};
  Status written = co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    Status inserted = co_await repo::InsertSubscription(tx, s);
    if (!inserted) co_return inserted;
    co_return co_await storage::AppendAudit(tx, audited, entry);
  });
  if (!written) co_return written.error();
  co_return s;
}

asio::awaitable<Result<HubSubscription>> HubService::Find(std::string topic, std::string tenant,
                                                          std::string id) {
  auto found = co_await FindAny(std::move(id));
  if (!found) co_return found.error();
  if (found->topic != topic || found->tenant != tenant) {
    co_return MakeError(ErrorCode::kNotFound, "no such hub subscription");
  }
  co_return std::move(*found);
}

asio::awaitable<Result<std::vector<HubSubscription>>> HubService::List(
    std::optional<std::string> topic, std::optional<std::string> tenant) {
  std::vector<HubSubscription> all;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto rows = co_await repo::ListAllSubscriptions(tx);
    if (!rows) co_return rows.error();
    all = std::move(*rows);
    co_return Ok();
  });
  if (!read) co_return read.error();
  std::erase_if(all, [&](const HubSubscription& s) {
    return (topic && s.topic != *topic) || (tenant && s.tenant != *tenant);
  });
  co_return all;
}

asio::awaitable<Result<HubSubscription>> HubService::FindAny(std::string id) {
  std::optional<HubSubscription> found;
  Status read = co_await db_.Read([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto s = co_await repo::FindSubscription(tx, id);
    if (!s) co_return s.error();
    found = std::move(*s);
    co_return Ok();
  });
  if (!read) co_return read.error();
  if (!found) co_return MakeError(ErrorCode::kNotFound, "no such hub subscription");
  co_return std::move(*found);
}

asio::awaitable<Status> HubService::Unsubscribe(const Actor& actor, std::string topic,
                                                std::string tenant, std::string id) {
  Actor audited = actor;
  audited.tenant = tenant;
  const storage::AuditEntry entry{FormatIso8601Millis(clock_.Now()), "hub.unsubscribe",
                                  "hub_subscription", id, ""};
  co_return co_await db_.Write([&](storage::Tx& tx) -> asio::awaitable<Status> {
    auto found = co_await repo::FindSubscription(tx, id);
    if (!found) co_return found.error();
    if (!*found || (*found)->topic != topic || (*found)->tenant != tenant) {
      co_return MakeError(ErrorCode::kNotFound, "no such hub subscription");
    }
    auto deleted = co_await repo::DeleteSubscription(tx, id);
    if (!deleted) co_return deleted.error();
    co_return co_await storage::AppendAudit(tx, audited, entry);
  });
}

}  // namespace ispcloud::domain::events
