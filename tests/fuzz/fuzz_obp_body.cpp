// libFuzzer target: Optiva gateway (BSS) request bodies. The first byte picks the decoder; the
// rest is the JSON body: billing account create/patch bodies, product orders (with their
// items and userData money fields), and money amounts (Decimal JSON values and texts, with
// minor-unit conversions at every currency exponent).

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/bss/account_rules.h"
#include "domain/bss/money.h"
#include "domain/bss/order_rules.h"
#include "domain/bss/service_provider.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ispcloud::domain::bss;
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  static const ServiceProvider provider = [] {
    ServiceProvider p;
    p.spid = 1;
    p.name = "HappyPhone";
    p.currency = "USD";
    p.currency_exponent = 2;
    return p;
  }();

  switch (pick % 3) {
    case 0:
    case 1: {
      boost::system::error_code ec;
      boost::json::value body = boost::json::parse(text, ec);
      if (ec || !body.is_object()) return 0;
      if (pick % 3 == 0) {
        (void)ParseAccountBody(body.as_object(), provider);
      } else {
        (void)ParseOrderRequest(body.as_object(), provider);
      }
      break;
    }
    default: {
      auto amount = ParseDecimalText(text, "amount");
      boost::system::error_code ec;
      boost::json::value value = boost::json::parse(text, ec);
      if (!ec) {
        auto from_json = DecimalFromJson(value, "amount");
        if (from_json) amount = from_json;
      }
      if (!amount) return 0;
      (void)FormatDecimal(*amount);
      (void)DecimalJson(*amount);
      (void)CheckedAdd(*amount, *amount);
      for (int exponent = 0; exponent <= 4; ++exponent) {
        auto minor = ToMinor(*amount, exponent, "amount");
        if (minor) (void)FromMinor(*minor, exponent, "amount");
      }
      break;
    }
  }
  return 0;
}
