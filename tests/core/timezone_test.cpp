#include "slotpay/timezone.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#ifndef __EMSCRIPTEN__
#include <date/tz.h>
#endif

using namespace slotpay;

namespace {

Instant at(const char* rfc3339) {
  auto p = parse_rfc3339(rfc3339);
  REQUIRE(p.has_value());
  return p->instant;
}

TimeZone zone(const char* name) {
  auto z = TimeZone::find(name);
  REQUIRE(z.ok());
  return z.value();
}

int64_t local(int y, int mo, int d, int h, int mi) {
  return LocalDateTime{LocalDate{y, mo, d}, h * 60 + mi, 0}.local_seconds();
}

}  // namespace

TEST_CASE("the zone table is sorted, complete and every rule parses", "[timezone]") {
  auto names = all_timezone_names();
  CHECK(names.size() > 400);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  for (auto n : names) {
    INFO(n);
    CHECK(TimeZone::find(n).ok());
  }
  CHECK(posix_rule_of("America/New_York") == "EST5EDT,M3.2.0,M11.1.0");
  CHECK(posix_rule_of("Australia/Lord_Howe") == "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  CHECK(TimeZone::find("US/Eastern").ok());  // links are zones too
  CHECK(TimeZone::find("UTC").ok());
}

TEST_CASE("unknown zones are errors, not crashes", "[timezone]") {
  for (const char* bad : {"", "america/new_york", "Mars/Olympus", "posix/Europe/Paris", "right/UTC",
                          "America/New_York ", "../../etc/passwd", "localtime"}) {
    auto z = TimeZone::find(bad, "catalog.merchant.timezone");
    REQUIRE_FALSE(z.ok());
    CHECK(z.error().code == ErrorCode::kUnknownTimezone);
    CHECK(z.error().field == "catalog.merchant.timezone");
  }
}

TEST_CASE("POSIX TZ strings parse in all their forms", "[timezone]") {
  auto r = parse_posix_tz("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
  REQUIRE(r.has_value());
  CHECK(r->std_abbr == "+1245");
  CHECK(r->std_offset == 12 * 3600 + 45 * 60);
  CHECK(r->dst_offset == 13 * 3600 + 45 * 60);
  CHECK(r->dst_start.time == 2 * 3600 + 45 * 60);
  r = parse_posix_tz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  REQUIRE(r.has_value());
  CHECK(r->dst_start.time == -3600);
  CHECK(r->std_offset == -7200);
  r = parse_posix_tz("EET-2EEST,M3.4.4/50,M10.4.4/50");
  REQUIRE(r.has_value());
  CHECK(r->dst_start.time == 50 * 3600);
  r = parse_posix_tz("XXX3YYY,J60/3,300");
  REQUIRE(r.has_value());
  CHECK(r->dst_start.kind == TzRuleDate::Kind::kJulian1);
  CHECK(r->dst_end.kind == TzRuleDate::Kind::kJulian0);
  CHECK(r->dst_offset == -2 * 3600);  // default: one hour ahead of standard time
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                          "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J365", "<+05", "EST5EDT,M3.2.0",
                          "EST5EDT,M3.2.0,M11.1.0,", "EST5EDT,M3.2.0/200,M11.1.0", "EST99"}) {
    INFO(bad);
    CHECK_FALSE(parse_posix_tz(bad).has_value());
  }
}

TEST_CASE("Julian day forms land on the right dates", "[timezone]") {
  // J60 is March 1 in every year; 59 (zero-based) is Feb 29 in a leap year.
  auto j = TimeZone::from_posix("test", "AAA0BBB,J60/0,J300/0");
  REQUIRE(j.ok());
  CHECK(j.value().offset_at(at("2028-02-29T23:59:59Z")) == 0);
  CHECK(j.value().offset_at(at("2028-03-01T00:00:00Z")) == 3600);
  auto n = TimeZone::from_posix("test", "AAA0BBB,59/0,300/0");
  REQUIRE(n.ok());
  CHECK(n.value().offset_at(at("2028-02-28T23:59:59Z")) == 0);
  CHECK(n.value().offset_at(at("2028-02-29T00:00:00Z")) == 3600);
  CHECK(n.value().offset_at(at("2027-03-01T00:00:00Z")) == 3600);
  // Daylight time all year round (tzdata's encoding of permanent DST).
  auto all = TimeZone::from_posix("test", "EST5EDT,0/0,J365/25");
  REQUIRE(all.ok());
  for (const char* t : {"2026-01-01T04:59:59Z", "2026-01-01T05:00:00Z", "2026-07-01T00:00:00Z",
                        "2026-12-31T23:59:59Z", "2027-01-01T05:00:00Z"})
    CHECK(all.value().offset_at(at(t)) == -4 * 3600);
}

TEST_CASE("New York: the spring gap and the repeated autumn hour", "[timezone][dst]") {
  auto ny = zone("America/New_York");
  CHECK(ny.offset_at(at("2026-03-08T06:59:59Z")) == -5 * 3600);
  CHECK(ny.offset_at(at("2026-03-08T07:00:00Z")) == -4 * 3600);
  auto gap = ny.resolve_local_seconds(local(2026, 3, 8, 2, 30));
  CHECK(gap.kind == LocalResolution::Kind::kGap);
  CHECK(ny.format(gap.first) == "2026-03-08T03:00:00-04:00");
  auto two = ny.resolve_local_seconds(local(2026, 11, 1, 1, 30));
  REQUIRE(two.kind == LocalResolution::Kind::kAmbiguous);
  CHECK(ny.format(two.first) == "2026-11-01T01:30:00-04:00");
  CHECK(ny.format(two.second) == "2026-11-01T01:30:00-05:00");
  CHECK(two.second.seconds - two.first.seconds == 3600);
  // A 60-minute booking from 01:30 EDT ends at 01:30 EST.
  CHECK(ny.format(two.first.plus_minutes(60)) == "2026-11-01T01:30:00-05:00");
  auto one = ny.resolve_local_seconds(local(2026, 11, 1, 2, 0));
  CHECK(one.kind == LocalResolution::Kind::kUnique);
  CHECK(ny.format(one.first) == "2026-11-01T02:00:00-05:00");
}

TEST_CASE("southern hemisphere and odd offsets", "[timezone][dst]") {
  auto syd = zone("Australia/Sydney");
  CHECK(syd.format(at("2026-01-15T00:00:00Z")) == "2026-01-15T11:00:00+11:00");
  CHECK(syd.format(at("2026-07-15T00:00:00Z")) == "2026-07-15T10:00:00+10:00");
  // 2026-10-04 02:00 AEST -> 03:00 AEDT; 2026-04-05 03:00 AEDT -> 02:00 AEST.
  CHECK(syd.resolve_local_seconds(local(2026, 10, 4, 2, 30)).kind == LocalResolution::Kind::kGap);
  CHECK(syd.resolve_local_seconds(local(2026, 4, 5, 2, 30)).kind ==
        LocalResolution::Kind::kAmbiguous);
  auto kol = zone("Asia/Kolkata");
  CHECK(kol.format(at("2026-06-01T00:00:00Z")) == "2026-06-01T05:30:00+05:30");
  auto ktm = zone("Asia/Kathmandu");
  CHECK(ktm.format(at("2026-06-01T00:00:00Z")) == "2026-06-01T05:45:00+05:45");
  auto lh = zone("Australia/Lord_Howe");
  CHECK(lh.format(at("2026-07-01T00:00:00Z")) == "2026-07-01T10:30:00+10:30");
  CHECK(lh.format(at("2026-12-01T00:00:00Z")) == "2026-12-01T11:00:00+11:00");
  // 2026-10-04 02:00 -> 02:30 (30-minute DST); 2026-04-05 02:00 -> 01:30.
  CHECK(lh.resolve_local_seconds(local(2026, 10, 4, 2, 15)).kind == LocalResolution::Kind::kGap);
  CHECK(lh.resolve_local_seconds(local(2026, 10, 4, 2, 30)).kind == LocalResolution::Kind::kUnique);
  auto amb = lh.resolve_local_seconds(local(2026, 4, 5, 1, 45));
  REQUIRE(amb.kind == LocalResolution::Kind::kAmbiguous);
  CHECK(amb.second.seconds - amb.first.seconds == 1800);
  auto lon = zone("Europe/London");
  CHECK(lon.format(at("2026-03-29T00:59:59Z")) == "2026-03-29T00:59:59+00:00");
  CHECK(lon.format(at("2026-03-29T01:00:00Z")) == "2026-03-29T02:00:00+01:00");
  auto dub = zone("Europe/Dublin");  // negative DST in tzdata: IST is standard time
  CHECK(dub.format(at("2026-07-01T12:00:00Z")) == "2026-07-01T13:00:00+01:00");
  CHECK(dub.format(at("2026-01-01T12:00:00Z")) == "2026-01-01T12:00:00+00:00");
}

#ifndef __EMSCRIPTEN__
// The proof that the footer evaluator is right: every zone of the table against
// the full IANA database (Howard Hinnant's date/tz.h reading /usr/share/zoneinfo),
// at every transition edge and every 3 hours of 2025-2030, and hourly for the
// zones the issue names. A footer holds a zone's current rules only, so a zone that
// changed its rules recently (this tzdata has British Columbia, Alberta, Manitoba
// and Cuba change in 2026-27) may differ *before* the change; from June 2027 on every zone
// must agree at every instant checked, except the zones whose future tzdata lists
// transition by transition (Morocco's and Palestine's Ramadan changes).
TEST_CASE("the evaluator agrees with date/tz.h for every zone, 2025-2030", "[timezone][tzdb]") {
  using namespace std::chrono;
  const std::set<std::string> hourly = {"America/New_York", "Europe/London",
                                        "Australia/Sydney", "Asia/Kolkata",
                                        "Asia/Kathmandu",   "Australia/Lord_Howe"};
  const std::set<std::string> listed_not_ruled = {"Africa/Casablanca", "Africa/El_Aaiun",
                                                  "Asia/Gaza", "Asia/Hebron"};
  const int64_t begin = at("2025-01-01T00:00:00Z").seconds;
  const int64_t current_rules_from = at("2027-06-01T00:00:00Z").seconds;
  const int64_t end = at("2031-01-01T00:00:00Z").seconds;
  std::set<std::string> differ_before, differ_after;
  size_t checked = 0, zones = 0;
  for (auto name : all_timezone_names()) {
    const std::string n(name);
    const date::time_zone* ref = nullptr;
    try {
      ref = date::locate_zone(n);
    } catch (...) {
      FAIL("date/tz.h does not know " << n);
    }
    ++zones;
    auto mine = TimeZone::find(name);
    REQUIRE(mine.ok());
    auto check = [&](int64_t t) {
      const auto info = ref->get_info(sys_seconds{seconds{t}});
      ++checked;
      if (mine.value().offset_at(Instant{t}) == info.offset.count()) return;
      (t < current_rules_from ? differ_before : differ_after).insert(n);
    };
    const int64_t step = hourly.count(n) ? 3600 : 3 * 3600;
    for (int64_t t = begin; t < end; t += step) check(t);
    for (auto info = ref->get_info(sys_seconds{seconds{begin}});
         info.end.time_since_epoch().count() < end; info = ref->get_info(info.end)) {
      const int64_t edge = info.end.time_since_epoch().count();
      check(edge - 1);
      check(edge);
    }
  }
  INFO("checked " << checked << " instants in " << zones << " zones");
  for (const auto& z : differ_before)
    WARN("footer differs from the IANA data before 2027-06: " << z);
  for (const auto& z : differ_after) {
    INFO("differs after 2027-06: " << z);
    CHECK(listed_not_ruled.count(z) == 1);
  }
  for (const auto& z : hourly) CHECK(differ_before.count(z) + differ_after.count(z) == 0);
  CHECK(zones == all_timezone_names().size());
  CHECK(checked > 5'000'000);
}

TEST_CASE("local time resolution agrees with date/tz.h", "[timezone][tzdb]") {
  using namespace std::chrono;
  for (const char* name :
       {"America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Asia/Kathmandu",
        "Australia/Lord_Howe", "Europe/Dublin", "America/Santiago", "Pacific/Chatham"}) {
    INFO(name);
    const date::time_zone* ref = date::locate_zone(name);
    auto mine = zone(name);
    const int64_t begin = local(2025, 1, 1, 0, 0), end = local(2031, 1, 1, 0, 0);
    for (int64_t l = begin; l < end; l += 900) {
      const auto info = ref->get_info(date::local_seconds{seconds{l}});
      const auto r = mine.resolve_local_seconds(l);
      switch (info.result) {
        case date::local_info::unique:
          REQUIRE(r.kind == LocalResolution::Kind::kUnique);
          REQUIRE(r.first.seconds == l - info.first.offset.count());
          break;
        case date::local_info::nonexistent:
          REQUIRE(r.kind == LocalResolution::Kind::kGap);
          REQUIRE(r.first.seconds == info.first.end.time_since_epoch().count());
          break;
        case date::local_info::ambiguous:
          REQUIRE(r.kind == LocalResolution::Kind::kAmbiguous);
          REQUIRE(r.first.seconds == l - info.first.offset.count());
          REQUIRE(r.second.seconds == l - info.second.offset.count());
          break;
      }
    }
  }
}
#endif

TEST_CASE("offsets are the rule's on both sides of the cached years", "[timezone]") {
  auto ny = zone("America/New_York");
  auto syd = zone("Australia/Sydney");
  for (const char* t : {"1999-07-01T12:00:00Z", "2000-07-01T12:00:00Z", "2100-07-01T12:00:00Z",
                        "2101-07-01T12:00:00Z", "2150-07-01T12:00:00Z"}) {
    INFO(t);
    CHECK(ny.offset_at(at(t)) == -4 * 3600);
    CHECK(syd.offset_at(at(t)) == 10 * 3600);
  }
  for (const char* t : {"1999-12-31T12:00:00Z", "2000-01-01T00:00:00Z", "2100-12-31T23:59:59Z",
                        "2101-01-01T00:00:00Z", "2150-01-15T12:00:00Z"}) {
    INFO(t);
    CHECK(ny.offset_at(at(t)) == -5 * 3600);
    CHECK(syd.offset_at(at(t)) == 11 * 3600);
  }
  // 2101-03-13 is the second Sunday of March 2101: 02:00 EST -> 03:00 EDT, from the rule.
  CHECK(ny.offset_at(at("2101-03-13T06:59:59Z")) == -5 * 3600);
  CHECK(ny.offset_at(at("2101-03-13T07:00:00Z")) == -4 * 3600);
  CHECK(ny.resolve_local_seconds(local(2101, 3, 13, 2, 30)).kind == LocalResolution::Kind::kGap);
}
