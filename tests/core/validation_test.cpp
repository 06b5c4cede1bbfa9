#include "slotpay/validation.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "test_support.hpp"

using nlohmann::json;
using slotpay::test::demo_catalog;
using slotpay::test::run_op;

namespace {

json request(const std::string& start, json extra = json::object()) {
  json booking = {
      {"service", "cut"},
      {"staff", "any"},
      {"start", start},
      {"quantity", 1},
      {"addons", json::array()},
      {"customer", {{"name", "Jo Doe"}, {"email", "jo@example.com"}, {"phone", "+15551234567"}}}};
  for (auto it = extra.begin(); it != extra.end(); ++it) booking[it.key()] = it.value();
  return {{"catalog", demo_catalog()},
          {"now", "2026-11-30T12:00:00-05:00"},
          {"booking", booking},
          {"bookings", json::array()},
          {"holds", json::array()}};
}

std::set<std::string> codes(const json& r) {
  std::set<std::string> out;
  for (const auto& e : r["errors"])
    out.insert(e["code"].get<std::string>() + "@" + e["field"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("a good booking is accepted with its quote and stored shape", "[validate]") {
  auto r = run_op("validate", request("2026-12-01T10:00:00-05:00", {{"addons", {"wash"}}}));
  REQUIRE(r["ok"] == true);
  CHECK(r["quote"]["total"] == 5954);
  CHECK(r["booking"] == json{{"service", "cut"},
                             {"staff", "ana"},
                             {"start", "2026-12-01T10:00:00-05:00"},
                             {"end", "2026-12-01T11:00:00-05:00"},
                             {"quantity", 1}});
  // The stored booking, passed back, takes the slot: Ana is busy, Ben starts at noon.
  auto again = request("2026-12-01T10:00:00-05:00");
  again["bookings"] = json::array({r["booking"]});
  auto second = run_op("validate", again);
  CHECK(codes(second) == std::set<std::string>{"slot_unavailable@booking.start"});
  // At 12:00 Ana is still free (her 10:00-11:00 + 15 min buffer is over).
  auto noon = request("2026-12-01T12:00:00-05:00");
  noon["holds"] = json::array({r["booking"]});
  CHECK(run_op("validate", noon)["booking"]["staff"] == "ana");
  // "any" picks the first free qualified member: with Ana held at noon, Ben.
  noon["holds"].push_back({{"service", "cut"},
                           {"staff", "ana"},
                           {"start", "2026-12-01T12:00:00-05:00"},
                           {"end", "2026-12-01T12:45:00-05:00"}});
  CHECK(run_op("validate", noon)["booking"]["staff"] == "ben");
}

TEST_CASE("validate reports every problem at once", "[validate]") {
  auto r = run_op(
      "validate",
      request(
          "2026-12-01T10:05:00-05:00",
          {{"quantity", 2},
           {"customer", {{"name", "  "}, {"email", "jo@@example.com"}, {"phone", "5551234567"}}}}));
  REQUIRE(r["ok"] == false);
  CHECK(codes(r) == std::set<std::string>{"missing_field@booking.customer.name",
                                          "invalid_email@booking.customer.email",
                                          "invalid_phone@booking.customer.phone",
                                          "capacity_exceeded@booking.quantity",
                                          "off_grid@booking.start"});
}

TEST_CASE("validate: notice, window, closing time, capacity", "[validate]") {
  // The demo requires 120 minutes of notice and allows 60 days ahead.
  auto soon = request("2026-11-30T13:45:00-05:00");
  CHECK(codes(run_op("validate", soon)).count("too_soon@booking.start") == 1);
  auto far = request("2027-01-29T13:00:00-05:00");  // a Friday 60 days + 1 hour ahead
  CHECK(codes(run_op("validate", far)).count("outside_booking_window@booking.start") == 1);
  auto late = request("2026-12-01T17:30:00-05:00");  // 45 min would end after 18:00
  CHECK(codes(run_op("validate", late)) == std::set<std::string>{"slot_unavailable@booking.start"});
  auto closed = request("2026-12-25T10:00:00-05:00");
  CHECK(codes(run_op("validate", closed)) == std::set<std::string>{"off_grid@booking.start"});
  auto missing = request("2026-12-01T10:00:00-05:00");
  missing["booking"].erase("customer");
  missing["booking"].erase("start");
  CHECK(codes(run_op("validate", missing)) ==
        std::set<std::string>{"missing_field@booking.customer", "missing_field@booking.start"});
  // Group class: 12 seats with Ben; 10 taken.
  auto cls = request("2026-12-01T12:00:00-05:00", {{"service", "class"}, {"quantity", 3}});
  cls["bookings"] = {{{"service", "class"},
                      {"staff", "ben"},
                      {"start", "2026-12-01T12:00:00-05:00"},
                      {"end", "2026-12-01T13:00:00-05:00"},
                      {"quantity", 10}}};
  CHECK(codes(run_op("validate", cls)) ==
        std::set<std::string>{"capacity_exceeded@booking.quantity"});
  cls["booking"]["quantity"] = 2;
  auto ok = run_op("validate", cls);
  REQUIRE(ok["ok"] == true);
  CHECK(ok["booking"]["staff"] == "ben");
  cls["booking"]["staff"] = "ana";
  CHECK(codes(run_op("validate", cls)) == std::set<std::string>{"unknown_staff@booking.staff"});
  // A merchant-run service is assigned "".
  auto repair = run_op("validate", request("2026-12-01T09:00:00-05:00", {{"service", "repair"}}));
  REQUIRE(repair["ok"] == true);
  CHECK(repair["booking"]["staff"] == "");
  CHECK(repair["booking"]["end"] == "2026-12-01T11:00:00-05:00");
}

TEST_CASE("validate on the fall-back night: a 60-minute booking from 01:30 EDT",
          "[validate][dst]") {
  auto cat = demo_catalog();
  cat["schedule"]["weekly"]["sun"] = json::array({json::array({"00:00", "06:00"})});
  cat["schedule"]["slot_interval_min"] = 30;
  cat["schedule"]["min_notice_min"] = 0;
  cat["services"].push_back(
      {{"id", "hour"}, {"name", "Hour"}, {"duration_min", 60}, {"price", 1000}});
  auto req = request("2026-11-01T01:30:00-04:00", {{"service", "hour"}});
  req["catalog"] = cat;
  req["now"] = "2026-10-30T12:00:00-04:00";
  auto r = run_op("validate", req);
  REQUIRE(r["ok"] == true);
  CHECK(r["booking"]["start"] == "2026-11-01T01:30:00-04:00");
  CHECK(r["booking"]["end"] == "2026-11-01T01:30:00-05:00");
  // The same instant written in UTC is the same slot; 02:30 on spring day does not exist.
  req["booking"]["start"] = "2026-11-01T05:30:00Z";
  CHECK(run_op("validate", req)["booking"]["start"] == "2026-11-01T01:30:00-04:00");
}

TEST_CASE("email and E.164 syntax", "[validate]") {
  using slotpay::is_valid_e164;
  using slotpay::is_valid_email;
  for (const char* good : {"jo@example.com", "jo.doe+tag@mail.example.co.uk", "a@b.io",
                           "x_y-z@sub-domain.example.org"})
    CHECK(is_valid_email(good));
  for (const char* bad :
       {"", "jo", "jo@", "@example.com", "jo@example", "jo@@example.com", "jo doe@example.com",
        "jo@exa mple.com", ".jo@example.com", "jo.@example.com", "j..o@example.com",
        "jo@-example.com", "jo@example.c", "jo@example.123", "jo@example..com", "jo@.example.com",
        "jo@example.com.", "\"jo\"@example.com"})
    CHECK_FALSE(is_valid_email(bad));
  CHECK_FALSE(is_valid_email(std::string(250, 'a') + "@example.com"));
  for (const char* good : {"+15551234567", "+4930123456", "+861012345678901"})
    CHECK(is_valid_e164(good));
  for (const char* bad : {"", "+", "15551234567", "+1555123", "+0123456789", "+1 555 123 4567",
                          "+1555123456789012", "+1-555-123-4567"})
    CHECK_FALSE(is_valid_e164(bad));
}

TEST_CASE("validate: seats per booking and coupon dates (issue #9)", "[validate]") {
  auto r = request("2026-12-01T10:00:00-05:00");
  r["booking"]["service"] = "class";
  r["booking"]["staff"] = "ben";
  r["booking"]["start"] = "2026-12-01T12:00:00-05:00";
  r["booking"]["quantity"] = 11;
  auto over = run_op("validate", r);
  REQUIRE(over["ok"] == false);
  CHECK(codes(over).count("quantity_over_limit@booking.quantity") == 1);

  auto c = request("2026-12-01T10:00:00-05:00", {{"coupon", "WELCOME10"}});
  c["catalog"]["coupons"][0]["valid_until"] = "2026-11-29";
  auto expired = run_op("validate", c);
  REQUIRE(expired["ok"] == false);
  CHECK(codes(expired) == std::set<std::string>{"coupon_expired@booking.coupon"});
  c["catalog"]["coupons"][0]["valid_until"] = "2026-11-30";  // today in New York: still valid
  CHECK(run_op("validate", c)["ok"] == true);
}
