#pragma once
// Shared set-up of the BSS e2e tests (billing accounts, catalogue, orders, subscriptions): the
// TMF fixture (one server per suite, realm obp, SPIDs 1 and 2, users of tmf_support.h) plus the
// catalogue of tests/e2e/data/bss_catalog.json imported into SPID 1 with
// `ispcloud catalog import`, and helpers that create parties, accounts and lines.

#include <string>

#include "tmf_support.h"

namespace ispcloud::e2e {

class BssApiTest : public TmfTest {
 protected:
  static void SetUpTestSuite();

  // The catalogue document imported into SPID 1.
  static std::string CatalogDocument();

  // A new individual + customer of SPID 1 (through alice); returns the customer id.
  static std::string NewCustomer(const std::string& given = "Ada",
                                 const std::string& family = "Lovelace");
  // A new prepaid billing account of a new customer; returns the account document.
  static boost::json::object NewAccount();
  // A fresh mobile number (15550100000 + n).
  static std::string NextMsisdn();
  // An Activation order of plan 10973 for `ban` with `msisdn` and extra userData entries,
  // included items and top-level members (e.g. atuTokenID); returns the response.
  static HttpResponse Activate(const std::string& ban, const std::string& msisdn,
                               const boost::json::array& extra_user_data = {},
                               const boost::json::array& included = {},
                               const std::string& token = "",
                               const boost::json::object& extra_members = {});
  // An account with one ACTIVE line; returns {ban, subscriptionId, msisdn}.
  struct Line {
    std::string account_id, ban, subscription_id, msisdn;
  };
  static Line NewLine();
  // A ChangeSubscriptionState order (offering 10008, state product `product`) for the line
  // `subscription` (SubId or MSISDN) of `ban`.
  static HttpResponse ChangeState(const std::string& ban, const std::string& subscription,
                                  const std::string& product, const std::string& reason = "");

  static std::atomic<int> next_msisdn_;
};

}  // namespace ispcloud::e2e
