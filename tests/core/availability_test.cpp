#include "slotpay/availability.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "slotpay/timezone.hpp"
#include "test_support.hpp"

using nlohmann::json;
using slotpay::test::run_op;

namespace {

// One range ["a", "b"] as a day's hours (a braced list would read as an object).
json H(const char* a, const char* b) { return json::array({json::array({a, b})}); }

// A one-service catalog in `zone` open `hours` every day.
json catalog(const std::string& zone, json hours, int duration = 30, int interval = 30) {
  json weekly;
  for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) weekly[d] = hours;
  return {
      {"merchant", {{"id", "m"}, {"name", "M"}, {"timezone", zone}, {"currency", "usd"}}},
      {"schedule",
       {{"weekly", weekly}, {"slot_interval_min", interval}, {"max_advance_days", 730}}},
      {"services", {{{"id", "s"}, {"name", "S"}, {"duration_min", duration}, {"price", 1000}}}}};
}

json request(json cat, const std::string& from, const std::string& to,
             const std::string& now = "2026-01-01T00:00:00Z") {
  return {{"catalog", std::move(cat)},
          {"service", "s"},
          {"from", from},
          {"to", to},
          {"now", now},
          {"bookings", json::array()},
          {"holds", json::array()}};
}

std::vector<std::string> starts(const json& response) {
  std::vector<std::string> out;
  REQUIRE(response.contains("slots"));
  for (const auto& s : response["slots"]) out.push_back(s["start"].get<std::string>());
  return out;
}

// Slots are unique instants in order, each `minutes` of real time long.
void check_real_durations(const json& response, int minutes) {
  std::set<int64_t> seen;
  int64_t prev = INT64_MIN;
  for (const auto& s : response["slots"]) {
    auto a = slotpay::parse_rfc3339(s["start"].get<std::string>());
    auto b = slotpay::parse_rfc3339(s["end"].get<std::string>());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(b->instant.seconds - a->instant.seconds == minutes * 60);
    CHECK(seen.insert(a->instant.seconds).second);
    CHECK(a->instant.seconds > prev);
    prev = a->instant.seconds;
  }
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("New York spring forward: no slot in the gap", "[availability][dst]") {
  auto r = run_op("availability", request(catalog("America/New_York", H("00:00", "06:00")),
                                          "2026-03-08", "2026-03-09"));
  auto s = starts(r);
  CHECK(s == std::vector<std::string>{"2026-03-08T00:00:00-05:00", "2026-03-08T00:30:00-05:00",
                                      "2026-03-08T01:00:00-05:00", "2026-03-08T01:30:00-05:00",
                                      "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00",
                                      "2026-03-08T04:00:00-04:00", "2026-03-08T04:30:00-04:00",
                                      "2026-03-08T05:00:00-04:00", "2026-03-08T05:30:00-04:00"});
  for (const auto& x : s) {
    CHECK(x.find("T02:00") == std::string::npos);
    CHECK(x.find("T02:30") == std::string::npos);
  }
  // 01:30 EST + 30 real minutes is 03:00 EDT.
  CHECK(r["slots"][3]["end"] == "2026-03-08T03:00:00-04:00");
  check_real_durations(r, 30);
}

TEST_CASE("New York fall back: the repeated hour gives distinct instants", "[availability][dst]") {
  auto r = run_op("availability", request(catalog("America/New_York", H("00:00", "06:00"), 60),
                                          "2026-11-01", "2026-11-02"));
  auto s = starts(r);
  CHECK(has(s, "2026-11-01T01:00:00-04:00"));
  CHECK(has(s, "2026-11-01T01:30:00-04:00"));
  CHECK(has(s, "2026-11-01T01:00:00-05:00"));
  CHECK(has(s, "2026-11-01T01:30:00-05:00"));
  CHECK(s.size() == 13);  // 00:00..05:00 local every 30 min (11) + the two repeats
  for (const auto& slot : r["slots"])
    if (slot["start"] == "2026-11-01T01:30:00-04:00")
      CHECK(slot["end"] == "2026-11-01T01:30:00-05:00");
  check_real_durations(r, 60);
  // The last slot ends at closing (06:00 EST), measured in real time.
  CHECK(r["slots"].back()["start"] == "2026-11-01T05:00:00-05:00");
}

TEST_CASE("DST in the other named zones", "[availability][dst]") {
  struct Case {
    const char* zone;
    const char* day;
    const char* absent;   // a local start that must not exist
    const char* present;  // one that must
    int count;
  };
  for (const Case& c : {
           Case{"Europe/London", "2026-03-29", "T01:00", "2026-03-29T02:00:00+01:00", 10},
           Case{"Europe/London", "2026-10-25", "", "2026-10-25T01:30:00+00:00", 14},
           Case{"Australia/Sydney", "2026-10-04", "T02:", "2026-10-04T03:00:00+11:00", 10},
           Case{"Australia/Sydney", "2026-04-05", "", "2026-04-05T02:30:00+10:00", 14},
           Case{"Asia/Kolkata", "2026-03-08", "", "2026-03-08T02:30:00+05:30", 12},
           Case{"Asia/Kathmandu", "2026-03-08", "", "2026-03-08T05:30:00+05:45", 12},
           Case{"Australia/Lord_Howe", "2026-10-04", "T02:00", "2026-10-04T02:30:00+11:00", 11},
           Case{"Australia/Lord_Howe", "2026-04-05", "", "2026-04-05T01:30:00+10:30", 13},
       }) {
    INFO(c.zone << " " << c.day);
    auto next =
        slotpay::civil_from_days(slotpay::days_from_civil(*slotpay::parse_local_date(c.day)) + 1);
    auto r = run_op("availability", request(catalog(c.zone, H("00:00", "06:00")), c.day,
                                            slotpay::format_local_date(next)));
    auto s = starts(r);
    CHECK(s.size() == static_cast<size_t>(c.count));
    CHECK(has(s, c.present));
    if (*c.absent)
      for (const auto& x : s) CHECK(x.find(c.absent) == std::string::npos);
    check_real_durations(r, 30);
  }
  // Lord Howe falls back by 30 minutes: 01:30 exists at +11:00 and at +10:30.
  auto r = run_op("availability", request(catalog("Australia/Lord_Howe", H("00:00", "06:00")),
                                          "2026-04-05", "2026-04-06"));
  auto s = starts(r);
  CHECK(has(s, "2026-04-05T01:30:00+11:00"));
  CHECK(has(s, "2026-04-05T01:30:00+10:30"));
}

TEST_CASE("hours that cross midnight", "[availability]") {
  auto cat = catalog("Europe/Berlin", json::array(), 60, 60);
  cat["schedule"]["weekly"]["fri"] = H("22:00", "02:00");
  auto fri = starts(run_op("availability", request(cat, "2026-12-04", "2026-12-05")));
  CHECK(fri == std::vector<std::string>{"2026-12-04T22:00:00+01:00", "2026-12-04T23:00:00+01:00"});
  auto sat = starts(run_op("availability", request(cat, "2026-12-05", "2026-12-06")));
  CHECK(sat == std::vector<std::string>{"2026-12-05T00:00:00+01:00", "2026-12-05T01:00:00+01:00"});
  auto both = starts(run_op("availability", request(cat, "2026-12-04", "2026-12-06")));
  CHECK(both.size() == 4);
}

TEST_CASE("overrides close days and set special hours", "[availability]") {
  auto cat = catalog("America/New_York", H("09:00", "11:00"), 60, 60);
  cat["schedule"]["overrides"] = {{"2026-12-25", json::array()},
                                  {"2026-12-24", H("09:00", "10:00")}};
  cat["staff"] = {
      {{"id", "a"}, {"services", {"s"}}, {"overrides", {{"2026-12-23", json::array()}}}},
      {{"id", "b"}, {"services", {"s"}}, {"weekly", {{"wed", H("10:00", "20:00")}}}}};
  auto r = run_op("availability", request(cat, "2026-12-23", "2026-12-26"));
  REQUIRE(r["slots"].size() == 2);
  // Dec 23 (a Wednesday): a is off; b works 10-20, cut to the merchant's 9-11.
  CHECK(r["slots"][0]["start"] == "2026-12-23T10:00:00-05:00");
  CHECK(r["slots"][0]["staff"] == json{"b"});
  // Dec 24: special hours 9-10 for a; b only works Wednesdays. Dec 25: closed.
  CHECK(r["slots"][1]["start"] == "2026-12-24T09:00:00-05:00");
  CHECK(r["slots"][1]["staff"] == json{"a"});
}

TEST_CASE("capacity, group classes and buffers", "[availability]") {
  auto cat = catalog("America/New_York", H("09:00", "12:00"), 60, 60);
  cat["services"].push_back(
      {{"id", "class"}, {"name", "Class"}, {"duration_min", 60}, {"price", 500}, {"capacity", 12}});
  cat["services"].push_back({{"id", "cut"},
                             {"name", "Cut"},
                             {"duration_min", 30},
                             {"price", 500},
                             {"buffer_after_min", 30}});
  cat["staff"] = {{{"id", "a"}, {"services", {"class", "cut"}}},
                  {{"id", "b"}, {"services", {"class"}}}};
  auto req = request(cat, "2026-12-01", "2026-12-02");
  req["service"] = "class";
  req["bookings"] = {{{"service", "class"},
                      {"staff", "a"},
                      {"start", "2026-12-01T09:00:00-05:00"},
                      {"end", "2026-12-01T10:00:00-05:00"},
                      {"quantity", 5}},
                     // a cut 10:00-10:30 + 30 min buffer blocks a's 10:00 class.
                     {{"service", "cut"},
                      {"staff", "a"},
                      {"start", "2026-12-01T10:00:00-05:00"},
                      {"end", "2026-12-01T10:30:00-05:00"}}};
  req["holds"] = {{{"service", "class"},
                   {"staff", "b"},
                   {"start", "2026-12-01T11:00:00-05:00"},
                   {"end", "2026-12-01T12:00:00-05:00"},
                   {"quantity", 12}}};
  auto r = run_op("availability", req);
  REQUIRE(r["slots"].size() == 3);
  CHECK(r["slots"][0]["remaining"] == 7 + 12);
  CHECK(r["slots"][0]["staff"] == json({"a", "b"}));
  CHECK(r["slots"][1]["remaining"] == 12);
  CHECK(r["slots"][1]["staff"] == json{"b"});
  CHECK(r["slots"][2]["remaining"] == 12);  // b's 11:00 class is full
  CHECK(r["slots"][2]["staff"] == json{"a"});
  req["quantity"] = 8;
  auto r8 = run_op("availability", req);
  CHECK(r8["slots"][0]["remaining"] == 12);  // a has only 7 seats left
  CHECK(r8["slots"][0]["staff"] == json{"b"});

  // The candidate's own buffers count too: a cut at 09:00 would need 09:00-10:00.
  req = request(cat, "2026-12-01", "2026-12-02");
  req["service"] = "cut";
  req["bookings"] = {{{"service", "class"},
                      {"staff", "a"},
                      {"start", "2026-12-01T09:45:00-05:00"},
                      {"end", "2026-12-01T10:00:00-05:00"}}};
  auto cut = starts(run_op("availability", req));
  CHECK(cut == std::vector<std::string>{"2026-12-01T10:00:00-05:00", "2026-12-01T11:00:00-05:00"});
}

TEST_CASE("a service nobody offers is run by the merchant", "[availability]") {
  auto cat = catalog("America/New_York", H("09:00", "11:00"), 60, 60);
  cat["staff"] = {{{"id", "a"}, {"services", json::array()}}};
  auto req = request(cat, "2026-12-01", "2026-12-02");
  req["bookings"] = {{{"service", "s"},
                      {"staff", ""},
                      {"start", "2026-12-01T09:00:00-05:00"},
                      {"end", "2026-12-01T10:00:00-05:00"}}};
  auto r = run_op("availability", req);
  REQUIRE(r["slots"].size() == 1);
  CHECK(r["slots"][0]["staff"] == json::array());
  CHECK(r["slots"][0]["remaining"] == 1);
  req["staff"] = "a";  // exists, but does not offer the service
  CHECK(run_op("availability", req)["error"]["code"] == "unknown_staff");
  req["staff"] = "zed";
  CHECK(run_op("availability", req)["error"]["code"] == "unknown_staff");
}

TEST_CASE("minimum notice and the advance window, to the second", "[availability]") {
  auto cat = catalog("UTC", H("09:00", "12:00"), 60, 60);
  cat["schedule"]["min_notice_min"] = 120;
  cat["schedule"]["max_advance_days"] = 2;
  // now 07:00: 09:00 is exactly now + 120 min (allowed).
  auto s = starts(
      run_op("availability", request(cat, "2026-12-01", "2026-12-10", "2026-12-01T07:00:00Z")));
  CHECK(s.front() == "2026-12-01T09:00:00+00:00");
  // The window ends exactly at 2026-12-03T07:00Z: nothing later.
  CHECK(s.back() == "2026-12-02T11:00:00+00:00");
  s = starts(
      run_op("availability", request(cat, "2026-12-01", "2026-12-10", "2026-12-01T07:00:01Z")));
  CHECK(s.front() == "2026-12-01T10:00:00+00:00");
  s = starts(
      run_op("availability", request(cat, "2026-12-01", "2026-12-10", "2026-12-01T09:00:00Z")));
  CHECK(s.back() == "2026-12-03T09:00:00+00:00");  // exactly now + 2 days
}

TEST_CASE("leap day", "[availability]") {
  auto s =
      starts(run_op("availability", request(catalog("America/New_York", H("09:00", "10:00")),
                                            "2028-02-28", "2028-03-02", "2028-02-01T00:00:00Z")));
  CHECK(s == std::vector<std::string>{"2028-02-28T09:00:00-05:00", "2028-02-28T09:30:00-05:00",
                                      "2028-02-29T09:00:00-05:00", "2028-02-29T09:30:00-05:00",
                                      "2028-03-01T09:00:00-05:00", "2028-03-01T09:30:00-05:00"});
  auto bad = request(catalog("UTC", H("09:00", "10:00")), "2027-02-29", "2027-03-02");
  CHECK(run_op("availability", bad)["error"]["code"] == "invalid_date");
}

TEST_CASE("bad availability input gets clear errors", "[availability][bad_input]") {
  auto ok = request(catalog("America/New_York", H("09:00", "10:00")), "2026-12-01", "2026-12-02");
  auto code = [](const json& r) { return r["error"]["code"].get<std::string>(); };
  auto field = [](const json& r) { return r["error"]["field"].get<std::string>(); };
  auto r = ok;
  r["catalog"]["merchant"]["timezone"] = "America/Nowhere";
  CHECK(code(run_op("availability", r)) == "unknown_timezone");
  CHECK(field(run_op("availability", r)) == "catalog.merchant.timezone");
  r = ok;
  r["catalog"]["schedule"]["weekly"]["mon"] = H("09:00", "24:61");
  CHECK(code(run_op("availability", r)) == "invalid_time");
  CHECK(field(run_op("availability", r)) == "catalog.schedule.weekly.mon[0]");
  r = ok;
  r["catalog"]["schedule"]["weekly"]["tue"] =
      json::array({json::array({"09:00", "12:00"}), json::array({"11:00", "13:00"})});
  CHECK(code(run_op("availability", r)) == "invalid_range");
  r = ok;
  r["catalog"]["services"][0]["duration_min"] = -30;
  CHECK(code(run_op("availability", r)) == "invalid_field");
  CHECK(field(run_op("availability", r)) == "catalog.services[0].duration_min");
  r = ok;
  r["from"] = "2026-12-03";
  CHECK(code(run_op("availability", r)) == "invalid_range");
  CHECK(field(run_op("availability", r)) == "to");
  r = ok;
  r["to"] = "2036-12-01";
  CHECK(code(run_op("availability", r)) == "invalid_range");
  r["to"] = "2027-03-03";  // 92 days: allowed
  CHECK(run_op("availability", r).contains("slots"));
  r["to"] = "2027-03-04";
  CHECK(code(run_op("availability", r)) == "invalid_range");
  r = ok;
  r["now"] = "2026-12-01T09:00:00";
  CHECK(code(run_op("availability", r)) == "invalid_time");
  r = ok;
  r["bookings"] = {
      {{"service", "s"}, {"start", "2026-12-01T10:00:00Z"}, {"end", "2026-12-01T09:00:00Z"}}};
  CHECK(code(run_op("availability", r)) == "invalid_range");
  CHECK(field(run_op("availability", r)) == "bookings[0].end");
  r = ok;
  r["bookings"] = json::array();
  json b = {{"service", "s"}, {"start", "2026-12-01T10:00:00Z"}, {"end", "2026-12-01T11:00:00Z"}};
  for (int i = 0; i < 10001; ++i) r["bookings"].push_back(b);
  r["holds"] = r["bookings"];
  CHECK(code(run_op("availability", r)) == "input_too_large");
  r = ok;
  r["service"] = "nope";
  CHECK(code(run_op("availability", r)) == "unknown_service");
  r = ok;
  r["addons"] = {"nope"};
  CHECK(code(run_op("availability", r)) == "unknown_addon");
  CHECK(field(run_op("availability", r)) == "addons[0]");
}

TEST_CASE("bookings of unknown services block without buffers", "[availability]") {
  auto cat = catalog("UTC", H("09:00", "12:00"), 60, 60);
  cat["staff"] = {{{"id", "a"}, {"services", {"s"}}}};
  auto req = request(cat, "2026-12-01", "2026-12-02");
  req["bookings"] = {{{"service", "gone"},
                      {"staff", "a"},
                      {"start", "2026-12-01T10:00:00Z"},
                      {"end", "2026-12-01T11:00:00Z"}}};
  CHECK(starts(run_op("availability", req)) ==
        std::vector<std::string>{"2026-12-01T09:00:00+00:00", "2026-12-01T11:00:00+00:00"});
}

TEST_CASE("an availability call that would hold too many starts is refused",
          "[availability][bad_input]") {
  auto cat = catalog("UTC", H("00:00", "24:00"), 5, 5);
  cat["staff"] = json::array();
  for (int i = 0; i < 40; ++i)
    cat["staff"].push_back({{"id", "st" + std::to_string(i)}, {"services", {"s"}}});
  // 40 staff x 288 starts a day x 92 days = 1,059,840 > 1,000,000.
  auto r = run_op("availability", request(cat, "2026-12-01", "2027-03-03", "2026-11-30T00:00:00Z"));
  CHECK(r["error"]["code"] == "input_too_large");
  CHECK(r["error"]["field"] == "to");
  // 30 days is fine.
  r = run_op("availability", request(cat, "2026-12-01", "2026-12-31", "2026-11-30T00:00:00Z"));
  REQUIRE(r.contains("slots"));
  CHECK(r["slots"].size() == 288 * 30);
  CHECK(r["slots"][0]["remaining"] == 40);
}
