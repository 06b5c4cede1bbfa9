#include "slotpay/currency.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using slotpay::find_currency;

TEST_CASE("currency table is sorted and complete", "[currency]") {
  auto all = slotpay::all_currencies();
  REQUIRE(all.size() == 139);
  for (size_t i = 1; i < all.size(); ++i) REQUIRE(all[i - 1].code < all[i].code);
}

TEST_CASE("well-known currencies", "[currency]") {
  auto jpy = find_currency("jpy", "c");
  REQUIRE(jpy.ok());
  CHECK(jpy.value().exponent == 0);
  CHECK(jpy.value().min_charge == 50);
  auto kwd = find_currency("kwd", "c").value();
  CHECK(kwd.exponent == 3);
  CHECK(kwd.amount_multiple_of == 10);
  auto isk = find_currency("isk", "c").value();
  CHECK(isk.exponent == 2);
  CHECK(isk.amount_multiple_of == 100);
  CHECK(find_currency("usd", "c").value().min_charge == 50);
  CHECK(find_currency("gbp", "c").value().min_charge == 30);
  CHECK(find_currency("huf", "c").value().min_charge == 17500);
  // bgn is only in the older minimum table.
  CHECK(find_currency("bgn", "c").value().min_charge == 100);
  CHECK(find_currency("bgn", "c").value().min_charge_documented);
  CHECK(find_currency("idr", "c").value().max_amount == 999999999999);
  CHECK(find_currency("inr", "c").value().max_amount == 999999999);
  CHECK(find_currency("usd", "c").value().max_amount == 99999999);
}

TEST_CASE("unknown and uppercase codes are unknown_currency", "[currency]") {
  for (const char* code : {"xxx", "USD", "", "usdd", "us"}) {
    auto r = find_currency(code, "catalog.merchant.currency");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == slotpay::ErrorCode::kUnknownCurrency);
    CHECK(r.error().field == "catalog.merchant.currency");
  }
}

// Every currency of shared/stripe/currencies.json, read independently of the
// generated table, must agree with what the `currency` operation says.
TEST_CASE("all 139 shared currencies agree with the currency operation", "[currency]") {
  auto doc = nlohmann::json::parse(
      slotpay::test::read_file(std::string(SLOTPAY_SHARED_DIR) + "/stripe/currencies.json"));
  const auto& list = doc.at("currencies");
  REQUIRE(list.size() == 139);
  for (const auto& e : list) {
    const std::string code = e.at("code");
    INFO(code);
    auto out = slotpay::test::run_op("currency", {{"currency", code}});
    REQUIRE(out.contains("exponent"));
    CHECK(out["exponent"] == e.at("stripe_amount_exponent"));
    CHECK(out["amount_multiple_of"] == e.value("charge_amount_multiple_of", 1));
    const auto& mins = e.value("min_charge_as_settlement_currency", nlohmann::json::object());
    if (mins.contains("docs_md_v2")) {
      CHECK(out["min_charge"] == mins["docs_md_v2"]["amount"]);
    } else if (mins.contains("docs_md_v1_and_docs_2023_nl")) {
      CHECK(out["min_charge"] == mins["docs_md_v1_and_docs_2023_nl"]["amount"]);
    } else {
      CHECK(out["min_charge"] == out["amount_multiple_of"]);
      CHECK(out["min_charge_documented"] == false);
    }
    // Every minimum and maximum is itself chargeable.
    CHECK(out["min_charge"].get<int64_t>() % out["amount_multiple_of"].get<int64_t>() == 0);
    CHECK(out["max_amount"].get<int64_t>() >= 99999999);
  }
}
