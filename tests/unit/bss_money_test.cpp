// Money conversions of the BSS (domain/bss/money.h): exact decimals, JSON numbers without
// floating-point arithmetic, minor units by currency exponent.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "domain/bss/money.h"

namespace ispcloud::domain::bss {
namespace {

int64_t Units(std::string_view text) {
  auto r = ParseDecimalText(text, "price");
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->units : -999;
}

bool Refused(std::string_view text) {
  return !ParseDecimalText(text, "price").ok();
}

int64_t FromJsonText(std::string_view json_text) {
  auto r = DecimalFromJson(boost::json::parse(json_text), "price");
  EXPECT_TRUE(r.ok()) << json_text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->units : -999;
}

TEST(BssMoney, ParsesExactDecimalText) {
  EXPECT_EQ(Units("0"), 0);
  EXPECT_EQ(Units("10"), 100000);
  EXPECT_EQ(Units("10.00"), 100000);
  EXPECT_EQ(Units("12.5"), 125000);
  EXPECT_EQ(Units("0.0001"), 1);
  EXPECT_EQ(Units("-0.0001"), -1);
  EXPECT_EQ(Units("+3"), 30000);
  EXPECT_EQ(Units(".5"), 5000);
  EXPECT_EQ(Units("5."), 50000);
  EXPECT_EQ(Units("1.50000"), 15000);  // trailing zeros beyond 4 decimals carry no value
  EXPECT_EQ(Units("1e2"), 1000000);
  EXPECT_EQ(Units("1.5E3"), 15000000);
  EXPECT_EQ(Units("100e-6"), 1);
  EXPECT_EQ(Units("-0"), 0);
  EXPECT_EQ(Units("0e999"), 0);
  EXPECT_EQ(Units("922337203685477.5807"), std::numeric_limits<int64_t>::max());
}

TEST(BssMoney, RefusesInexactOrMalformedText) {
  EXPECT_TRUE(Refused("0.00001"));
  EXPECT_TRUE(Refused("1.23456"));
  EXPECT_TRUE(Refused("1e-5"));
  EXPECT_TRUE(Refused(""));
  EXPECT_TRUE(Refused("-"));
  EXPECT_TRUE(Refused("."));
  EXPECT_TRUE(Refused("1,5"));
  EXPECT_TRUE(Refused("1.2.3"));
  EXPECT_TRUE(Refused("12abc"));
  EXPECT_TRUE(Refused("1e"));
  EXPECT_TRUE(Refused(" 1"));
  EXPECT_TRUE(Refused("NaN"));
  EXPECT_TRUE(Refused("922337203685477.5808"));  // one unit above int64
  EXPECT_TRUE(Refused("1e30"));
  EXPECT_TRUE(Refused("99999999999999999999999"));
  auto e = ParseDecimalText("0.00001", "price[0].priceAmount");
  ASSERT_FALSE(e.ok());
  ASSERT_EQ(e.error().fields.size(), 1u);
  EXPECT_EQ(e.error().fields[0].field, "price[0].priceAmount");
}

TEST(BssMoney, JsonNumbersConvertExactly) {
  EXPECT_EQ(FromJsonText("74700"), 747000000);
  EXPECT_EQ(FromJsonText("-3"), -30000);
  EXPECT_EQ(FromJsonText("12.5"), 125000);
  EXPECT_EQ(FromJsonText("0.1"), 1000);      // double 0.1 reads as its shortest text "0.1"
  EXPECT_EQ(FromJsonText("19.99"), 199900);  // not 199899 as 19.99*10000 in doubles would give
  EXPECT_EQ(FromJsonText("0.0"), 0);
  EXPECT_EQ(FromJsonText("1.0001"), 10001);
  EXPECT_EQ(FromJsonText("\"7.25\""), 72500);
  EXPECT_EQ(FromJsonText("1e3"), 10000000);
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("0.00001"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("123456789012.34567"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("1e300"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("true"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("null"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("{}"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("9223372036854775807"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("18446744073709551615"), "p").ok());
  EXPECT_FALSE(DecimalFromJson(boost::json::parse("-9223372036854775808"), "p").ok());
}

TEST(BssMoney, FormatsAndRendersDecimals) {
  EXPECT_EQ(FormatDecimal(Amount4{125000}), "12.5");
  EXPECT_EQ(FormatDecimal(Amount4{100000}), "10");
  EXPECT_EQ(FormatDecimal(Amount4{-1}), "-0.0001");
  EXPECT_EQ(FormatDecimal(Amount4{0}), "0");
  EXPECT_EQ(FormatDecimal(Amount4{std::numeric_limits<int64_t>::min()}), "-922337203685477.5808");
  EXPECT_TRUE(DecimalJson(Amount4{747000000}).is_int64());
  EXPECT_EQ(DecimalJson(Amount4{747000000}).as_int64(), 74700);
  // Round trip through JSON text for fractional amounts.
  for (int64_t units :
       {int64_t{125000}, int64_t{1}, int64_t{199900}, int64_t{-10001}, int64_t{999999999999999}}) {
    const std::string text = boost::json::serialize(DecimalJson(Amount4{units}));
    auto back = DecimalFromJson(boost::json::parse(text), "p");
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(back->units, units) << text;
  }
}

TEST(BssMoney, MinorUnitsByExponent) {
  EXPECT_EQ(FromMinor(1500, 2, "atuAmount")->units, 150000);    // 15.00 USD
  EXPECT_EQ(FromMinor(1500, 0, "atuAmount")->units, 15000000);  // 1500 JPY
  EXPECT_EQ(FromMinor(1500, 3, "atuAmount")->units, 15000);     // 1.500 BHD
  EXPECT_EQ(FromMinor(-7, 4, "atuAmount")->units, -7);
  EXPECT_FALSE(FromMinor(std::numeric_limits<int64_t>::max(), 2, "a").ok());
  EXPECT_FALSE(FromMinor(1, 5, "a").ok());
  EXPECT_EQ(*ToMinor(Amount4{150000}, 2, "a"), 1500);
  EXPECT_EQ(*ToMinor(Amount4{150000}, 0, "a"), 15);
  EXPECT_FALSE(ToMinor(Amount4{125}, 2, "a").ok());  // 0.0125 USD is not a whole cent
  EXPECT_EQ(*CurrencyExponent("USD"), 2);
  EXPECT_EQ(*CurrencyExponent("JPY"), 0);
  EXPECT_EQ(*CurrencyExponent("BHD"), 3);
  EXPECT_FALSE(CurrencyExponent("usd").has_value());
  EXPECT_FALSE(CurrencyExponent("XXX").has_value());
}

TEST(BssMoney, CheckedAddDetectsOverflow) {
  EXPECT_EQ(CheckedAdd(Amount4{5}, Amount4{-7})->units, -2);
  EXPECT_FALSE(CheckedAdd(Amount4{std::numeric_limits<int64_t>::max()}, Amount4{1}).has_value());
  EXPECT_FALSE(CheckedAdd(Amount4{std::numeric_limits<int64_t>::min()}, Amount4{-1}).has_value());
}

}  // namespace
}  // namespace ispcloud::domain::bss
