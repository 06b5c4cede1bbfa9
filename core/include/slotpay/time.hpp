// Civil (local) dates and times. Time zones and instants build on these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slotpay {

struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const LocalDate&) const = default;
};

// Days since 1970-01-01 (proleptic Gregorian), and back.
int64_t days_from_civil(const LocalDate& d);
LocalDate civil_from_days(int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekday_index(const LocalDate& d);
bool is_leap_year(int year);
int days_in_month(int year, int month);

// "YYYY-MM-DD" with a real calendar day (2027-02-29 is refused), years 1900..2999.
std::optional<LocalDate> parse_local_date(std::string_view text);
std::string format_local_date(const LocalDate& d);

// "HH:MM" as minutes after midnight, 00:00..23:59; "24:00" (1440) only when
// allow_end_of_day is set, for the end of a range.
std::optional<int> parse_hhmm(std::string_view text, bool allow_end_of_day);
std::string format_hhmm(int minutes);

}  // namespace slotpay
