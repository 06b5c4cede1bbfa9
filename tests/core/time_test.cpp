#include <catch2/catch.hpp>

#include "slotpay/time.hpp"

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
