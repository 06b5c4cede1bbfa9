#include "slotpay/time.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>

using namespace slotpay;

TEST_CASE("civil day arithmetic round-trips", "[time]") {
  for (int64_t d = -800000; d <= 800000; d += 7) {
    REQUIRE(days_from_civil(civil_from_days(d)) == d);
  }
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(weekday_index({2026, 11, 23}) == 0);  // a Monday
  CHECK(weekday_index({2028, 2, 29}) == 1);   // a Tuesday
}

TEST_CASE("local dates and HH:MM parse strictly", "[time]") {
  CHECK(parse_local_date("2028-02-29").has_value());
  CHECK_FALSE(parse_local_date("2027-02-29").has_value());
  CHECK_FALSE(parse_local_date("2026-13-01").has_value());
  CHECK_FALSE(parse_local_date("2026-1-01").has_value());
  CHECK(format_local_date(*parse_local_date("2026-03-08")) == "2026-03-08");
  CHECK(parse_hhmm("09:30", false) == 570);
  CHECK(parse_hhmm("24:00", true) == 1440);
  CHECK_FALSE(parse_hhmm("24:00", false).has_value());
  CHECK_FALSE(parse_hhmm("24:61", true).has_value());
  CHECK_FALSE(parse_hhmm("9:30", false).has_value());
}

TEST_CASE("RFC 3339 parses strictly and formats with the given offset", "[time]") {
  auto p = parse_rfc3339("2026-12-01T09:00:00-05:00");
  REQUIRE(p.has_value());
  CHECK(p->offset_seconds == -5 * 3600);
  CHECK(p->instant.seconds == 1796133600);
  CHECK(format_rfc3339(p->instant, -5 * 3600) == "2026-12-01T09:00:00-05:00");
  CHECK(format_rfc3339(p->instant, 0) == "2026-12-01T14:00:00+00:00");
  CHECK(format_rfc3339(p->instant, 5 * 3600 + 45 * 60) == "2026-12-01T19:45:00+05:45");
  CHECK(parse_rfc3339("2026-12-01T14:00:00Z")->instant == p->instant);
  CHECK(parse_rfc3339("2026-12-01t14:00:00z")->instant == p->instant);
  CHECK(parse_rfc3339("2026-12-01T14:00:00.000Z")->instant == p->instant);
  CHECK(parse_rfc3339("2028-02-29T00:00:00+00:00").has_value());
  CHECK(parse_rfc3339("1969-12-31T23:59:59Z")->instant.seconds == -1);
  CHECK(format_rfc3339(Instant{-1}, 0) == "1969-12-31T23:59:59+00:00");
  for (const char* bad :
       {"2026-12-01T09:00:00", "2026-12-01 09:00:00Z", "2026-12-01T09:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T09:60:00Z", "2026-12-01T09:00:60Z", "2027-02-29T09:00:00Z",
        "2026-12-01T09:00:00+5:00", "2026-12-01T09:00:00+24:00", "2026-12-01T09:00:00.5Z",
        "2026-12-01T09:00:00.Z", "2026-12-01T09:00:00-05:00x", "", "2026-12-01T09:00:00+05:00:00",
        "12026-12-01T09:00:00Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad).has_value());
  }
}

TEST_CASE("local date-times convert to and from local seconds", "[time]") {
  for (int64_t s :
       {int64_t{0}, int64_t{-1}, int64_t{86399}, int64_t{1796133600}, int64_t{-86401}}) {
    CHECK(LocalDateTime::from_local_seconds(s).local_seconds() == s);
  }
  auto l = LocalDateTime::from_local_seconds(-1);
  CHECK(l.date == LocalDate{1969, 12, 31});
  CHECK(l.minute_of_day == 1439);
  CHECK(l.second == 59);
}

TEST_CASE("format_rfc3339 agrees with a printf reference over random instants", "[time]") {
  // The writer fills a fixed buffer; the reference prints the fields independently.
  std::mt19937_64 rng(20261130);
  std::uniform_int_distribution<int64_t> seconds(days_from_civil({1900, 1, 1}) * 86400,
                                                 days_from_civil({2999, 12, 31}) * 86400);
  std::uniform_int_distribution<int> offsets(-(23 * 3600 + 59 * 60 + 59), 23 * 3600 + 59 * 60 + 59);
  for (int i = 0; i < 200000; ++i) {
    const Instant t{seconds(rng)};
    const int offset = i % 3 == 0 ? 0 : offsets(rng);
    const int offset_min = offset / 60;
    const int64_t local = t.seconds + int64_t{offset_min} * 60;
    const int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    const int64_t rem = local - days * 86400;
    const LocalDate d = civil_from_days(days);
    const int abs_min = offset_min < 0 ? -offset_min : offset_min;
    char want[40];
    std::snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                  d.day, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                  static_cast<int>(rem % 60), offset_min < 0 ? '-' : '+', abs_min / 60,
                  abs_min % 60);
    REQUIRE(format_rfc3339(t, offset) == want);
  }
}
