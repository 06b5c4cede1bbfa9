#include "slotpay/catalog.hpp"

#include <catch2/catch.hpp>

#include "json/readers.hpp"
#include "test_support.hpp"

using nlohmann::json;
using slotpay::ErrorCode;
using slotpay::Errors;
using slotpay::test::demo_catalog;

namespace {
Errors parse(const json& j) {
  Errors errors;
  (void)slotpay::parse_catalog(slotpay::test::to_value(j), "catalog", errors);
  return errors;
}
bool has_error(const Errors& errors, ErrorCode code, const std::string& field) {
  for (const auto& e : errors)
    if (e.code == code && e.field == field) return true;
  return false;
}
}  // namespace

TEST_CASE("the demo catalog parses", "[catalog]") {
  Errors errors;
  auto c = slotpay::parse_catalog(slotpay::test::to_value(demo_catalog()), "catalog", errors);
  REQUIRE(errors.empty());
  CHECK(c.merchant.currency.code == "usd");
  CHECK(c.services.size() == 4);
  CHECK(c.schedule.weekly[0].size() == 2);
  CHECK(c.schedule.weekly[0][1].start_min == 13 * 60);
  CHECK(c.schedule.weekly[6].empty());
  CHECK(c.staff[1].weekly.has_value());
  CHECK_FALSE(c.staff[0].weekly.has_value());
  CHECK(c.find_coupon("welcome10") != nullptr);
  CHECK(c.schedule.overrides.size() == 2);
  CHECK(c.schedule.overrides[0].date == "2026-12-24");
}

TEST_CASE("overnight hours cross midnight", "[catalog]") {
  auto j = demo_catalog();
  j["schedule"]["weekly"]["fri"] = json::array({json::array({"22:00", "02:00"})});
  Errors errors;
  auto c = slotpay::parse_catalog(slotpay::test::to_value(j), "catalog", errors);
  REQUIRE(errors.empty());
  CHECK(c.schedule.weekly[4][0].start_min == 1320);
  CHECK(c.schedule.weekly[4][0].end_min == 1560);
}

TEST_CASE("catalog errors carry paths", "[catalog]") {
  auto j = demo_catalog();
  j["merchant"]["currency"] = "xxx";
  j["services"][0]["deposite"] = {{"rate_bps", 100}};
  j["services"][1]["price"] = -1;
  j["services"][2]["price"] = 12.5;
  j["schedule"]["weekly"]["mon"] =
      json::array({json::array({"09:00", "12:00"}), json::array({"11:00", "13:00"})});
  j["schedule"]["weekly"]["tue"] = json::array({json::array({"09:00", "24:61"})});
  j["schedule"]["overrides"]["2027-02-29"] = json::array();
  j["staff"][0]["services"] = {"cut", "massage"};
  j["coupons"][0]["fixed"] = 100;
  auto errors = parse(j);
  CHECK(has_error(errors, ErrorCode::kUnknownCurrency, "catalog.merchant.currency"));
  CHECK(has_error(errors, ErrorCode::kUnknownField, "catalog.services[0].deposite"));
  CHECK(has_error(errors, ErrorCode::kInvalidAmount, "catalog.services[1].price"));
  CHECK(has_error(errors, ErrorCode::kInvalidAmount, "catalog.services[2].price"));
  CHECK(has_error(errors, ErrorCode::kInvalidRange, "catalog.schedule.weekly.mon"));
  CHECK(has_error(errors, ErrorCode::kInvalidTime, "catalog.schedule.weekly.tue[0]"));
  CHECK(has_error(errors, ErrorCode::kInvalidDate, "catalog.schedule.overrides.2027-02-29"));
  CHECK(has_error(errors, ErrorCode::kUnknownService, "catalog.staff[0].services[1]"));
  CHECK(has_error(errors, ErrorCode::kInvalidField, "catalog.coupons[0]"));
}

TEST_CASE("prices must be chargeable in the currency", "[catalog]") {
  auto j = demo_catalog();
  j["merchant"]["currency"] = "kwd";
  j["services"][0]["price"] = 4505;
  CHECK(has_error(parse(j), ErrorCode::kInvalidAmount, "catalog.services[0].price"));
  j["merchant"]["currency"] = "isk";
  j["services"][0]["price"] = 4550;
  CHECK(has_error(parse(j), ErrorCode::kInvalidAmount, "catalog.services[0].price"));
}

TEST_CASE("per-booking seat cap, coupon windows and caps, merchant settings (issue #9)",
          "[catalog]") {
  Errors errors;
  // The demo sets accept_unconfirmed (its widget books free services at once): the
  // defaults are checked without it.
  auto without = demo_catalog();
  without["merchant"].erase("accept_unconfirmed");
  auto plain = slotpay::parse_catalog(slotpay::test::to_value(without), "catalog", errors);
  REQUIRE(errors.empty());
  // Defaults: a small cap per booking, no full discounts, free bookings confirmed by email.
  CHECK(slotpay::max_per_booking(*plain.find_service("class")) == slotpay::kDefaultMaxPerBooking);
  CHECK_FALSE(plain.merchant.allow_full_discount);
  CHECK_FALSE(plain.merchant.accept_unconfirmed);
  CHECK(plain.merchant.contact_email.empty());
  CHECK(plain.merchant.reminder_hours == 24);
  CHECK(plain.merchant.reschedule_until_min == 1440);
  CHECK_FALSE(plain.find_service("class")->charge_after_service);
  CHECK_FALSE(plain.find_coupon("WELCOME10")->valid_until.has_value());

  auto j = demo_catalog();
  j["services"][2]["max_per_booking"] = 12;
  j["merchant"]["allow_full_discount"] = true;
  j["merchant"]["accept_unconfirmed"] = true;
  j["merchant"]["contact_email"] = "owner@salon.example";
  j["merchant"]["reminder_hours"] = 0;
  j["merchant"]["reschedule_until_min"] = 0;
  j["services"][2]["charge_after_service"] = true;
  j["coupons"][0]["valid_from"] = "2026-12-01";
  j["coupons"][0]["valid_until"] = "2026-12-31";
  j["coupons"][0]["max_redemptions"] = 100;
  j["coupons"][0]["max_per_customer"] = 1;
  auto c = slotpay::parse_catalog(slotpay::test::to_value(j), "catalog", errors);
  REQUIRE(errors.empty());
  CHECK(slotpay::max_per_booking(*c.find_service("class")) == 12);
  CHECK(c.merchant.allow_full_discount);
  CHECK(c.merchant.accept_unconfirmed);
  CHECK(c.merchant.contact_email == "owner@salon.example");
  CHECK(c.merchant.reminder_hours == 0);
  CHECK(c.merchant.reschedule_until_min == 0);
  CHECK(c.find_service("class")->charge_after_service);
  const auto* w = c.find_coupon("welcome10");
  REQUIRE(w != nullptr);
  CHECK(*w->valid_from == slotpay::LocalDate{2026, 12, 1});
  CHECK(*w->valid_until == slotpay::LocalDate{2026, 12, 31});
  CHECK(*w->max_redemptions == 100);
  CHECK(*w->max_per_customer == 1);

  auto bad = demo_catalog();
  bad["services"][2]["max_per_booking"] = 0;
  bad["merchant"]["allow_full_discount"] = "yes";
  bad["merchant"]["reminder_hours"] = 169;
  bad["merchant"]["reschedule_until_min"] = 43201;
  bad["services"][1]["charge_after_service"] = true;  // a free service: nothing to charge
  bad["merchant"]["contact_email"] = "owner@salon.example>\r\nBcc: x@y.example";
  bad["coupons"][0]["valid_from"] = "2026-12-31";
  bad["coupons"][0]["valid_until"] = "2026-12-01";
  bad["coupons"][1]["valid_until"] = "31/12/2026";
  bad["coupons"][1]["max_redemptions"] = -1;
  bad["coupons"][1]["max_per_customer"] = 1.5;
  auto e = parse(bad);
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.services[2].max_per_booking"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.merchant.allow_full_discount"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.merchant.reminder_hours"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.merchant.reschedule_until_min"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.services[1].charge_after_service"));
  CHECK(has_error(e, ErrorCode::kInvalidEmail, "catalog.merchant.contact_email"));
  CHECK(has_error(e, ErrorCode::kInvalidRange, "catalog.coupons[0].valid_until"));
  CHECK(has_error(e, ErrorCode::kInvalidDate, "catalog.coupons[1].valid_until"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.coupons[1].max_redemptions"));
  CHECK(has_error(e, ErrorCode::kInvalidField, "catalog.coupons[1].max_per_customer"));
}
