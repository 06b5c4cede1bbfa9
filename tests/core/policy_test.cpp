#include "slotpay/policy.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "slotpay/currency.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace slotpay;

namespace {

json cancel_request(const std::string& now, int64_t paid, json extra = json::object()) {
  json booking = {{"service", "cut"},
                  {"start", "2026-12-01T10:00:00-05:00"},
                  {"paid", {{"amount", paid}, {"currency", "usd"}}},
                  {"application_fee", 84}};
  for (auto it = extra.begin(); it != extra.end(); ++it) booking[it.key()] = it.value();
  return {{"catalog", test::demo_catalog()}, {"now", now}, {"booking", booking}};
}

}  // namespace

TEST_CASE("cancel: the contract's examples", "[cancel]") {
  auto free = test::run_op("cancel", cancel_request("2026-11-30T09:00:00-05:00", 1072));
  CHECK(free == json{{"refund", 1072},
                     {"fee", 0},
                     {"refund_application_fee", true},
                     {"currency", "usd"},
                     {"window", "free"}});
  // Exactly 1440 minutes before: still free.
  CHECK(test::run_op("cancel", cancel_request("2026-11-30T10:00:00-05:00", 1072))["window"] ==
        "free");
  auto late = test::run_op("cancel", cancel_request("2026-11-30T10:00:01-05:00", 1072));
  CHECK(late == json{{"refund", 536},
                     {"fee", 536},
                     {"refund_application_fee", false},
                     {"currency", "usd"},
                     {"window", "late"}});
  // Rounded half away from zero: 50% of 1071 = 535.5 -> 536.
  CHECK(test::run_op("cancel", cancel_request("2026-12-01T09:00:00-05:00", 1071))["fee"] == 536);
  auto noshow = test::run_op("cancel", cancel_request("2026-12-01T10:00:00-05:00", 1072));
  CHECK(noshow["window"] == "no_show");
  CHECK(noshow["fee"] == 1072);
  CHECK(noshow["refund"] == 0);
}

TEST_CASE("cancel: deposits, fixed fees, no-show fees", "[cancel]") {
  CancellationPolicy p;
  p.free_until_min = 60;
  p.fee.fixed = 2000;
  p.deposit_refundable = false;
  p.no_show_fee = RateOrFixed{2500, std::nullopt};
  const Currency usd = find_currency("usd", "").value();
  const Instant start{1'800'000'000};
  auto out = cancellation_outcome(p, Money{1500, usd}, false, start, start.plus_minutes(-30));
  REQUIRE(out.ok());
  CHECK(out.value().fee == 1500);  // fixed 2000 capped at what was paid
  CHECK(out.value().refund == 0);
  out = cancellation_outcome(p, Money{1500, usd}, true, start, start.plus_minutes(-600));
  REQUIRE(out.ok());
  CHECK(out.value().fee == 1500);  // a non-refundable deposit is kept even early
  CHECK_FALSE(out.value().refund_application_fee);
  out = cancellation_outcome(p, Money{10000, usd}, false, start, start.plus_minutes(5));
  REQUIRE(out.ok());
  CHECK(out.value().window == CancelWindow::kNoShow);
  CHECK(out.value().fee == 2500);
  CHECK(out.value().refund == 7500);
  // Three-decimal currency: the fee stays a multiple of 10.
  p.no_show_fee = RateOrFixed{3333, std::nullopt};
  const Currency kwd = find_currency("kwd", "").value();
  out = cancellation_outcome(p, Money{1230, kwd}, false, start, start);
  REQUIRE(out.ok());
  CHECK(out.value().fee % 10 == 0);
  CHECK(out.value().fee + out.value().refund == 1230);
}

TEST_CASE("cancel: refund + fee == paid for random policies and times", "[cancel][property]") {
  std::mt19937_64 rng(20261123);
  int checked = 0;
  for (const auto& c : all_currencies()) {
    for (int i = 0; i < 300; ++i) {
      CancellationPolicy p;
      p.free_until_min = static_cast<int>(rng() % 5000);
      if (rng() % 2)
        p.fee.rate_bps = static_cast<int64_t>(rng() % 10001);
      else
        p.fee.fixed = static_cast<int64_t>(rng() % 100000) * c.amount_multiple_of;
      p.deposit_refundable = rng() % 2;
      if (rng() % 2) p.no_show_fee = RateOrFixed{static_cast<int64_t>(rng() % 10001), std::nullopt};
      const int64_t paid = static_cast<int64_t>(rng() % 100'000'000) * c.amount_multiple_of;
      const Instant start{1'800'000'000};
      const Instant now = start.plus_seconds(static_cast<int64_t>(rng() % 800000) - 400000);
      auto out = cancellation_outcome(p, Money{paid, c}, rng() % 2, start, now);
      REQUIRE(out.ok());
      REQUIRE(out.value().refund + out.value().fee == paid);
      REQUIRE(out.value().refund >= 0);
      REQUIRE(out.value().fee >= 0);
      REQUIRE(is_chargeable(out.value().fee, c));
      REQUIRE(out.value().refund_application_fee == (out.value().refund == paid));
      ++checked;
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("cancel: bad input", "[cancel][bad_input]") {
  auto r = cancel_request("2026-11-30T09:00:00-05:00", 1072);
  r["booking"]["paid"]["currency"] = "eur";
  CHECK(test::run_op("cancel", r)["error"]["code"] == "currency_mismatch");
  r = cancel_request("2026-11-30T09:00:00-05:00", -5);
  CHECK(test::run_op("cancel", r)["error"]["code"] == "invalid_amount");
  r = cancel_request("2026-11-30T09:00:00-05:00", 1072, {{"application_fee", 2000}});
  CHECK(test::run_op("cancel", r)["error"]["field"] == "booking.application_fee");
  r = cancel_request("2026-11-30T09:00:00-05:00", 1072, {{"service", "nope"}});
  CHECK(test::run_op("cancel", r)["error"]["code"] == "unknown_service");
  r = cancel_request("2026-11-30", 1072);
  CHECK(test::run_op("cancel", r)["error"]["code"] == "invalid_time");
  r = cancel_request("2026-11-30T09:00:00-05:00", 1072, {{"deposit", "yes"}});
  CHECK(test::run_op("cancel", r)["error"]["field"] == "booking.deposit");
}
