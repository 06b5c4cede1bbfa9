#include <catch2/catch.hpp>
#include <random>

#include "test_support.hpp"

using nlohmann::json;
using slotpay::test::demo_catalog;
using slotpay::test::run_op;

namespace {

json quote(const json& catalog, const json& booking) {
  return run_op("quote", {{"catalog", catalog}, {"booking", booking}});
}

// The laws every successful quote obeys.
void check_laws(const json& q) {
  REQUIRE(q.contains("total"));
  int64_t sum = 0;
  for (const auto& line : q["lines"]) {
    if (line["kind"] == "tax" && line.value("inclusive", false)) continue;
    sum += line["amount"].get<int64_t>();
  }
  CHECK(sum == q["total"].get<int64_t>());
  CHECK(q["due_now"].get<int64_t>() + q["due_later"].get<int64_t>() == q["total"].get<int64_t>());
  CHECK(q["due_now"].get<int64_t>() >= 0);
  CHECK(q["due_later"].get<int64_t>() >= 0);
  CHECK(q["total"].get<int64_t>() >= 0);
  if (q.contains("application_fee")) {
    CHECK(q["application_fee"].get<int64_t>() > 0);
    CHECK(q["application_fee"].get<int64_t>() <= q["due_now"].get<int64_t>());
  }
}

}  // namespace

TEST_CASE("the contract's worked example", "[quote]") {
  auto q = quote(demo_catalog(), {{"service", "cut"},
                                  {"staff", "any"},
                                  {"start", "2026-12-01T10:00:00-05:00"},
                                  {"quantity", 1},
                                  {"addons", {"wash"}},
                                  {"coupon", "WELCOME10"},
                                  {"tip", 0}});
  auto expected = json::parse(R"({"currency": "usd",
 "lines": [{"kind": "service", "id": "cut", "amount": 4500},
           {"kind": "addon", "id": "wash", "amount": 1000},
           {"kind": "discount", "code": "WELCOME10", "amount": -550},
           {"kind": "tax", "rate_bps": 825, "amount": 408}],
 "subtotal": 5500, "discount": 550, "tax": 408, "tip": 0, "total": 5358,
 "payment": "stripe", "due_now": 1072, "due_later": 4286, "application_fee": 84,
 "min_charge": {"amount": 50, "ok": true, "adjusted": false}})");
  CHECK(q == expected);
  check_laws(q);
}

TEST_CASE("coupon codes match case-insensitively and never make a total negative", "[quote]") {
  auto c = demo_catalog();
  c["services"][0]["price"] = 300;
  c["services"][0].erase("addons");
  c["coupons"].push_back({{"code", "HUGE"}, {"fixed", 100000}});
  // A coupon that makes a paid service free needs the merchant's consent (issue #9).
  auto refused = quote(c, {{"service", "cut"}, {"coupon", "huge"}});
  CHECK(refused["error"]["code"] == "full_discount_not_allowed");
  CHECK(refused["error"]["field"] == "booking.coupon");
  c["merchant"]["allow_full_discount"] = true;
  auto q = quote(c, {{"service", "cut"}, {"coupon", "huge"}});
  CHECK(q["discount"] == 300);
  CHECK(q["total"] == 0);
  CHECK(q["due_now"] == 0);
  CHECK_FALSE(q.contains("application_fee"));
  check_laws(q);
  auto bad = quote(c, {{"service", "cut"}, {"coupon", "NOPE"}});
  CHECK(bad["error"]["code"] == "unknown_coupon");
  CHECK(bad["error"]["field"] == "booking.coupon");
}

TEST_CASE("minimum charge policies", "[quote]") {
  auto c = demo_catalog();
  c["services"][0]["price"] = 300;
  c["services"][0]["deposit"] = {{"rate_bps", 1000}};
  c["services"][0].erase("tax");
  SECTION("raise_to_minimum charges 0.50 now") {
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["due_now"] == 50);
    CHECK(q["due_later"] == 250);
    CHECK(q["min_charge"] == json{{"amount", 50}, {"ok", true}, {"adjusted", true}});
    check_laws(q);
  }
  SECTION("raise_to_minimum cannot raise above the total") {
    c["services"][0]["price"] = 40;
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["error"]["code"] == "below_minimum_charge");
    CHECK(q["error"]["field"] == "catalog.services[0].price");
  }
  SECTION("reject") {
    c["merchant"]["min_charge_policy"] = "reject";
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["error"]["code"] == "below_minimum_charge");
    CHECK(q["error"]["field"] == "catalog.services[0].deposit");
  }
  SECTION("pay_at_venue skips online payment") {
    c["merchant"]["min_charge_policy"] = "pay_at_venue";
    auto q = quote(c, {{"service", "cut"}});
    CHECK(q["payment"] == "pay_at_venue");
    CHECK(q["due_now"] == 0);
    CHECK(q["due_later"] == 300);
    CHECK(q["min_charge"]["ok"] == false);
    CHECK_FALSE(q.contains("application_fee"));
  }
}

TEST_CASE("inclusive tax is contained in the total", "[quote]") {
  auto c = demo_catalog();
  c["services"][0]["tax"] = {{"rate_bps", 2000}, {"inclusive", true}};
  c["services"][0].erase("deposit");
  auto q = quote(c, {{"service", "cut"}});
  CHECK(q["total"] == 4500);
  CHECK(q["tax"] == 750);  // 4500 * 20 / 120
  CHECK(q["lines"][1] ==
        json{{"kind", "tax"}, {"rate_bps", 2000}, {"inclusive", true}, {"amount", 750}});
  check_laws(q);
}

TEST_CASE("tips are paid now in full, deposits and fees per quantity", "[quote]") {
  auto c = demo_catalog();
  auto q = quote(c, {{"service", "class"}, {"quantity", 3}, {"tip", 500}});
  CHECK(q["subtotal"] == 6000);
  CHECK(q["total"] == 6500);
  CHECK(q["due_now"] == 6500);
  CHECK(q["lines"].back() == json{{"kind", "tip"}, {"amount", 500}});
  check_laws(q);
  c["services"][2]["deposit"] = {{"fixed", 1500}};
  q = quote(c, {{"service", "class"}, {"quantity", 3}, {"tip", 500}});
  CHECK(q["due_now"] == 5000);  // 3 x 1500 + tip
  check_laws(q);
}

TEST_CASE("free and external services charge nothing online", "[quote]") {
  auto q = quote(demo_catalog(), {{"service", "repair"}});
  CHECK(q["payment"] == "external");
  CHECK(q["due_now"] == 0);
  CHECK(q["due_later"] == 9000);
  CHECK_FALSE(q.contains("min_charge"));
  q = quote(demo_catalog(), {{"service", "consult"}});
  CHECK(q["payment"] == "free");
  CHECK(q["total"] == 0);
}

TEST_CASE("three-decimal and whole-unit currencies stay chargeable", "[quote]") {
  for (const char* code : {"kwd", "isk", "jpy", "usd"}) {
    INFO(code);
    auto c = demo_catalog();
    c["merchant"]["currency"] = code;
    c["merchant"]["platform_fee"] = {{"rate_bps", 333}, {"fixed", 0}};
    c["services"][0]["price"] = 123400;
    c["services"][0]["addons"][0]["price"] = 10000;
    c["coupons"] = json::array({{{"code", "X"}, {"rate_bps", 777}}});
    auto q = quote(c, {{"service", "cut"}, {"addons", {"wash"}}, {"coupon", "X"}});
    check_laws(q);
    const auto unit = run_op("currency", {{"currency", code}})["amount_multiple_of"].get<int64_t>();
    for (const char* k :
         {"subtotal", "discount", "tax", "total", "due_now", "due_later", "application_fee"})
      CHECK(q[k].get<int64_t>() % unit == 0);
  }
}

TEST_CASE("quote errors name the field", "[quote]") {
  auto c = demo_catalog();
  CHECK(quote(c, {{"service", "nope"}})["error"]["field"] == "booking.service");
  CHECK(quote(c, {{"service", "cut"}, {"addons", {"wash", "gel"}}})["error"]["field"] ==
        "booking.addons[1]");
  CHECK(quote(c, {{"service", "cut"}, {"staff", "zed"}})["error"]["code"] == "unknown_staff");
  CHECK(quote(c, {{"service", "cut"}, {"quantity", 1000000000000}})["error"]["code"] ==
        "invalid_field");
  CHECK(quote(c, {{"service", "cut"}, {"tip", -5}})["error"]["code"] == "invalid_amount");
  auto big = c;
  big["services"][0]["price"] = 99999999999999;
  big["services"][0].erase("deposit");
  big["services"][0]["max_per_booking"] = 10000;
  CHECK(quote(big, {{"service", "cut"}, {"quantity", 10000}})["error"]["code"] ==
        "amount_overflow");
  big["services"][0]["price"] = 100000000;
  CHECK(quote(big, {{"service", "cut"}})["error"]["code"] == "amount_too_large");
}

TEST_CASE("random quotes obey the laws", "[quote][property]") {
  std::mt19937_64 rng(7);
  const char* currencies[] = {"usd", "jpy", "kwd", "isk", "gbp", "huf"};
  int checked = 0;
  for (int i = 0; i < 1500; ++i) {
    auto c = demo_catalog();
    const char* code = currencies[rng() % 6];
    const int64_t unit =
        run_op("currency", {{"currency", code}})["amount_multiple_of"].get<int64_t>();
    c["merchant"]["currency"] = code;
    c["merchant"]["platform_fee"] = {{"rate_bps", rng() % 3000}, {"fixed", (rng() % 100) * unit}};
    c["merchant"]["min_charge_policy"] = (i % 3 == 0) ? "pay_at_venue" : "raise_to_minimum";
    c["merchant"]["allow_full_discount"] = true;  // the laws hold for free-through-coupon too
    auto& s = c["services"][0];
    s["price"] = (rng() % 100000) * unit;
    s["addons"][0]["price"] = (rng() % 5000) * unit;
    s["tax"] = {{"rate_bps", rng() % 3000}, {"inclusive", rng() % 2 == 0}};
    if (rng() % 2)
      s["deposit"] = {{"rate_bps", rng() % 10001}};
    else
      s["deposit"] = {{"fixed", (rng() % 10000) * unit}};
    c["coupons"] = json::array({{{"code", "R"}, {"rate_bps", rng() % 10001}},
                                {{"code", "F"}, {"fixed", (rng() % 50000) * unit}}});
    json booking = {
        {"service", "cut"}, {"quantity", 1 + rng() % 5}, {"tip", (rng() % 3) * 100 * unit}};
    if (rng() % 2) booking["addons"] = {"wash"};
    if (rng() % 3) booking["coupon"] = (rng() % 2) ? "R" : "F";
    auto q = quote(c, booking);
    if (q.contains("error")) {
      REQUIRE(q["error"]["code"] == "below_minimum_charge");
      continue;
    }
    check_laws(q);
    ++checked;
  }
  CHECK(checked > 1000);
}

TEST_CASE("seats per booking are capped by the service (default 10)", "[quote]") {
  auto c = demo_catalog();
  auto q = quote(c, {{"service", "class"}, {"quantity", 10}});
  CHECK(q["total"] == 20000);
  auto over = quote(c, {{"service", "class"}, {"quantity", 11}});
  CHECK(over["error"]["code"] == "quantity_over_limit");
  CHECK(over["error"]["field"] == "booking.quantity");
  c["services"][2]["max_per_booking"] = 12;
  CHECK(quote(c, {{"service", "class"}, {"quantity", 12}})["total"] == 24000);
  CHECK(quote(c, {{"service", "class"}, {"quantity", 13}})["error"]["code"] ==
        "quantity_over_limit");
}

TEST_CASE("a full discount with a tip still charges the tip (free services are not affected)",
          "[quote]") {
  auto c = demo_catalog();
  c["coupons"].push_back({{"code", "ALL"}, {"rate_bps", 10000}});
  auto tipped = quote(c, {{"service", "class"}, {"coupon", "ALL"}, {"tip", 200}});
  CHECK(tipped["due_now"] == 200);
  auto free = quote(c, {{"service", "consult"}, {"coupon", "ALL"}});
  CHECK(free["payment"] == "free");
  CHECK(free["due_now"] == 0);
}

TEST_CASE("coupon dates: local dates in the merchant's zone, inclusive, checked with now",
          "[quote]") {
  auto c = demo_catalog();
  c["coupons"][0]["valid_from"] = "2026-12-01";
  c["coupons"][0]["valid_until"] = "2026-12-31";
  json booking = {{"service", "cut"}, {"coupon", "WELCOME10"}};
  auto at = [&](const char* now) {
    return run_op("quote", {{"catalog", c}, {"booking", booking}, {"now", now}});
  };
  // New York: 2026-12-01 starts at 05:00Z; 2026-12-31 ends at 2027-01-01T05:00Z.
  CHECK(at("2026-12-01T04:59:59Z")["error"]["code"] == "coupon_not_yet_valid");
  CHECK(at("2026-12-01T04:59:59Z")["error"]["field"] == "booking.coupon");
  CHECK(at("2026-12-01T05:00:00Z")["discount"] == 450);
  CHECK(at("2027-01-01T04:59:59Z")["discount"] == 450);
  CHECK(at("2027-01-01T05:00:00Z")["error"]["code"] == "coupon_expired");
  // Without now the dates are not judged (a preview).
  CHECK(quote(c, booking)["discount"] == 450);
}
