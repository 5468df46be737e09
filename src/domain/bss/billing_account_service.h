#pragma once
// Billing accounts (OPTIVA-API.md §2.4) and quick prepaid accounts (§2.4.1), rows 14-20.
// Accounts belong to a customer (TMF629 resource of the same SPID, domain/tmf); the server
// adds the customer's engaged individual as the Owner party and copies its names. Every change
// writes its audit record and its events (BillingAccount{Create,AttributeValueChange,
// StateChange,Delete}Event) in the same transaction. Documents returned here have no `href`
// (the API layer adds it for the mount the request came through).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/asio.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/bss/context.h"
#include "domain/bss/events.h"
#include "domain/tmf/query.h"
#include "domain/tmf/resource_service.h"
#include "storage/bss/account_repository.h"
#include "storage/db.h"

namespace ispcloud::domain::bss {

struct AccountPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
};

// A quick prepaid account: the account document and the parties it belongs to.
struct QuickAccount {
  boost::json::object account;
  std::string individual_id;  // "" when the customer has no individual engaged party
  std::string customer_id;
};

// The account of the SPID addressed by `key` (id, else BAN; §2.0) inside `tx`, or 404 ERCRT1003.
asio::awaitable<Result<storage::bss::AccountRow>> FindAccountOrFail(storage::Tx& tx, int64_t spid,
                                                                    std::string key);

class BillingAccountService {
 public:
  // `parties` creates the individual and customer of a quick prepaid account.
  BillingAccountService(storage::Database& db, const Clock& clock, tmf::ResourceService& parties,
                        BssEventPublisher& events);

  // Row 15. Validation: account_rules.h; the customer of relatedParty must exist in the SPID
  // (else 400 relatedParty), a parentId too (else 400; depth <= 5); a creditLimit other than 0
  // needs allowCsrToManageCreditLimit (403); an externalID in use -> 409 ERCRT1004. Without
  // externalID a BAN "<spid><8-digit sequence>" is assigned.
  asio::awaitable<Result<boost::json::object>> Create(const BssContext& ctx,
                                                      boost::json::value body);

  // Row 16: by id or BAN.
  asio::awaitable<Result<boost::json::object>> Get(const BssContext& ctx, std::string key);

  // Row 14: TMF630 filters over the documents (externalID exact, name, state, relatedParty.id,
  // parentId, ratingType, ...), plus the compound externalID form of §2.4; newest first.
  asio::awaitable<Result<AccountPage>> List(const BssContext& ctx, tmf::ListQuery query);

  // Row 17: JSON merge patch; id/externalID changes -> 400, read-only members ignored; the
  // result is validated like a create; creditLimit changes are gated (§1.9).
  asio::awaitable<Result<boost::json::object>> Patch(const BssContext& ctx, std::string key,
                                                     boost::json::value patch);

  // Row 18: 409 ERCRT1008 while the account has a subscription not INACTIVE, a non-zero
  // balance or a child account.
  asio::awaitable<Status> Delete(const BssContext& ctx, std::string key);

  // Row 19: an existing customer (relatedParty role Customer) or a new individual + customer
  // (givenName, familyName, ...) and a prepaid account, in one transaction.
  asio::awaitable<Result<QuickAccount>> CreateQuickPrepaid(const BssContext& ctx,
                                                           boost::json::value body);

  // Row 20: the composite of an existing account.
  asio::awaitable<Result<QuickAccount>> GetQuickPrepaid(const BssContext& ctx, std::string key);

  // The TMF delete guard (tmf::ResourceService::SetDeleteGuard): 409 ERCRT1008 while an account
  // references the customer (or the individual as Owner).
  asio::awaitable<Status> CheckPartyDeletable(storage::Tx& tx, const tmf::Target& target,
                                              const std::string& id);

 private:
  asio::awaitable<Result<boost::json::object>> CreateIn(storage::Tx& tx, const BssContext& ctx,
                                                        boost::json::object body);
  asio::awaitable<Result<boost::json::object>> Render(storage::Tx& tx, const BssContext& ctx,
                                                      const storage::bss::AccountRow& row);
  asio::awaitable<Status> Record(storage::Tx& tx, const BssContext& ctx, std::string action,
                                 std::string id, std::string details,
                                 std::vector<std::string> event_types,
                                 boost::json::object resource);

  storage::Database& db_;
  const Clock& clock_;
  tmf::ResourceService& parties_;
  BssEventPublisher& events_;
};

}  // namespace ispcloud::domain::bss
