// Issue #11 item 4: a service charged after it is given (charge_after_service).
#include <catch2/catch.hpp>

#include "test_support.hpp"

using nlohmann::json;
using slotpay::test::demo_catalog;
using slotpay::test::run_op;

namespace {

json quote(const json& catalog, const json& booking) {
  return run_op("quote", {{"catalog", catalog}, {"booking", booking}});
}

// "cut" at 45.00 USD, no tax, charged after the service.
json after_catalog() {
  auto c = demo_catalog();
  auto& s = c["services"][0];
  s["price"] = 4500;
  s.erase("tax");
  s.erase("deposit");
  s.erase("addons");
  s["charge_after_service"] = true;
  return c;
}

}  // namespace

TEST_CASE("charge after the service: no deposit, nothing now, tip included later",
          "[quote][charge_after]") {
  auto q = quote(after_catalog(), {{"service", "cut"}, {"tip", 500}});
  CHECK(q["payment"] == "stripe");
  CHECK(q["total"] == 5000);
  CHECK(q["due_now"] == 0);
  CHECK(q["due_later"] == 5000);
  CHECK(q["charge_later"] == true);
  CHECK_FALSE(q.contains("application_fee"));  // nothing charged now
  CHECK(q["min_charge"]["adjusted"] == false);
}

TEST_CASE("charge after the service: the deposit (and tip) now, the rest later",
          "[quote][charge_after]") {
  auto c = after_catalog();
  c["services"][0]["deposit"] = {{"rate_bps", 2000}};
  auto q = quote(c, {{"service", "cut"}, {"tip", 100}});
  CHECK(q["due_now"] == 1000);  // 900 + tip
  CHECK(q["due_later"] == 3600);
  CHECK(q["charge_later"] == true);
  CHECK(q["application_fee"].get<int64_t>() > 0);
  // without the option the same deposit leaves the rest to be paid at the venue
  c["services"][0].erase("charge_after_service");
  auto plain = quote(c, {{"service", "cut"}, {"tip", 100}});
  CHECK(plain["due_now"] == 1000);
  CHECK_FALSE(plain.contains("charge_later"));
}

TEST_CASE("charge after the service: both charges must reach Stripe's minimum",
          "[quote][charge_after]") {
  auto c = after_catalog();
  SECTION("a remainder below the minimum is charged now with the deposit") {
    c["services"][0]["price"] = 1000;
    c["services"][0]["deposit"] = {{"fixed", 970}};  // 0.30 left: below 0.50
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["due_now"] == 1000);
    CHECK(q["due_later"] == 0);
    CHECK_FALSE(q.contains("charge_later"));
  }
  SECTION("raise_to_minimum raising the deposit folds a small remainder in") {
    c["services"][0]["price"] = 80;
    c["services"][0]["deposit"] = {{"fixed", 10}};
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["due_now"] == 80);
    CHECK(q["due_later"] == 0);
    CHECK(q["min_charge"]["adjusted"] == true);
    CHECK_FALSE(q.contains("charge_later"));
  }
  SECTION("a total below the minimum follows the merchant's policy") {
    c["services"][0]["price"] = 40;
    auto raised = quote(c, {{"service", "cut"}});
    CHECK(raised["error"]["code"] == "below_minimum_charge");
    c["merchant"]["min_charge_policy"] = "pay_at_venue";
    auto venue = quote(c, {{"service", "cut"}});
    CHECK(venue["payment"] == "pay_at_venue");
    CHECK(venue["due_now"] == 0);
    CHECK(venue["due_later"] == 40);
    CHECK_FALSE(venue.contains("charge_later"));
  }
  SECTION("a full-discount coupon is not needed to save the card") {
    auto q = quote(c, {{"service", "cut"}, {"coupon", "WELCOME10"}});
    CHECK(q["due_now"] == 0);
    CHECK(q["due_later"] == 4050);
    CHECK(q["charge_later"] == true);
  }
}
