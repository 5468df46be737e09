#include "storage/plume/partner_repository.h"

#include "storage/columns.h"

namespace ispcloud::storage::plume {
namespace {

Partner PartnerFromRow(const Row& r) {
  return Partner{r.Text(0), r.Text(1), r.Int(2) != 0, r.Text(3), r.Text(4), r.Int(5)};
}

}  // namespace

asio::awaitable<Status> InsertPartner(Tx& tx, const Partner& p) {
  static constexpr std::string_view kSql =
      "INSERT INTO partners (id, name, locked, created_at, updated_at, pods_authorized_default) "
      "VALUES ($1, $2, $3, $4, $5, $6)";
  Params params = MakeParams(p.id, p.name, Flag(p.locked), p.created_at, p.updated_at,
                             p.pods_authorized_default);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<Partner>>> FindPartner(Tx& tx, std::string_view id) {
  static constexpr std::string_view kSql =
      "SELECT id, name, locked, created_at, updated_at, pods_authorized_default FROM partners "
      "WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<Partner>();
  co_return std::optional<Partner>(PartnerFromRow(rows->rows.front()));
}

asio::awaitable<Result<bool>> UpdatePartnerLocked(Tx& tx, std::string_view id, bool locked,
                                                  std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE partners SET locked = $1, updated_at = $2 WHERE id = $3";
  Params params = MakeParams(Flag(locked), std::string(updated_at), std::string(id));
  auto changed = co_await tx.Exec(kSql, std::move(params));
  if (!changed) co_return changed.error();
  co_return *changed > 0;
}

asio::awaitable<Result<bool>> UpdatePartnerPodsDefault(Tx& tx, std::string_view id, int64_t pods,
                                                       std::string_view updated_at) {
  static constexpr std::string_view kSql =
      "UPDATE partners SET pods_authorized_default = $1, updated_at = $2 WHERE id = $3";
  Params params = MakeParams(pods, std::string(updated_at), std::string(id));
  auto changed = co_await tx.Exec(kSql, std::move(params));
  if (!changed) co_return changed.error();
  co_return *changed > 0;
}

asio::awaitable<Result<int64_t>> PartnerPodsDefault(Tx& tx, std::string_view id) {
  static constexpr std::string_view kSql =
      "SELECT pods_authorized_default FROM partners WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return MakeError(ErrorCode::kNotFound, "no such partner");
  co_return rows->rows.front().Int(0);
}

asio::awaitable<Result<std::vector<Partner>>> ListPartners(Tx& tx) {
  static constexpr std::string_view kSql =
      "SELECT id, name, locked, created_at, updated_at, pods_authorized_default FROM partners "
      "ORDER BY id";
  auto rows = co_await tx.Query(kSql);
  if (!rows) co_return rows.error();
  std::vector<Partner> out;
  out.reserve(rows->size());
  for (const Row& r : rows->rows) out.push_back(PartnerFromRow(r));
  co_return out;
}

asio::awaitable<Status> InsertGroup(Tx& tx, const PartnerGroup& g) {
  static constexpr std::string_view kSql =
      "INSERT INTO partner_groups (id, partner_id, name, is_default, created_at) "
      "VALUES ($1, $2, $3, $4, $5)";
  Params params = MakeParams(g.id, g.partner_id, g.name, Flag(g.is_default), g.created_at);
  auto done = co_await tx.Exec(kSql, std::move(params));
  if (!done) co_return done.error();
  co_return Ok();
}

asio::awaitable<Result<std::optional<PartnerGroup>>> FindGroup(Tx& tx, std::string_view id) {
  static constexpr std::string_view kSql =
      "SELECT id, partner_id, name, is_default, created_at FROM partner_groups WHERE id = $1";
  Params params = MakeParams(std::string(id));
  auto rows = co_await tx.Query(kSql, std::move(params));
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return std::optional<PartnerGroup>();
  const Row& r = rows->rows.front();
  co_return std::optional<PartnerGroup>(
      PartnerGroup{r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0, r.Text(4)});
}

}  // namespace ispcloud::storage::plume
