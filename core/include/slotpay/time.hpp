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

// A point in time: whole seconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
// Durations between instants are real elapsed time, whatever the zone does.
struct Instant {
  int64_t seconds = 0;
  auto operator<=>(const Instant&) const = default;
  Instant plus_minutes(int64_t m) const { return Instant{seconds + m * 60}; }
  Instant plus_seconds(int64_t s) const { return Instant{seconds + s}; }
};

// A wall-clock reading without a zone. Seconds are kept for RFC 3339 round trips.
struct LocalDateTime {
  LocalDate date;
  int minute_of_day = 0;  // 0..1439
  int second = 0;         // 0..59
  auto operator<=>(const LocalDateTime&) const = default;
  // Seconds since 1970-01-01T00:00:00 on the same wall clock (not an instant).
  int64_t local_seconds() const {
    return days_from_civil(date) * 86400 + int64_t{minute_of_day} * 60 + second;
  }
  static LocalDateTime from_local_seconds(int64_t s);
};

// An RFC 3339 timestamp read back: the instant and the offset it was written with.
struct ParsedTimestamp {
  Instant instant;
  int offset_seconds = 0;  // east of UTC; 0 for "Z"
};

// Parses "YYYY-MM-DDTHH:MM:SS[.000...](Z|+HH:MM|-HH:MM)" (T/Z also lowercase).
// An explicit offset or Z is required; a fraction is accepted only when it is all
// zeros (the core works in whole seconds); seconds 60 (leap) are refused; years
// 1900..2999; offsets at most +-23:59. nullopt when the text is anything else.
std::optional<ParsedTimestamp> parse_rfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS+HH:MM" for `t` seen at `offset_seconds` east of UTC;
// seconds are always printed and an offset of zero is written "+00:00".
// An offset that is not a whole number of minutes (none in the current tz table) is
// truncated to the minute and the clock reading uses that same offset, so the text
// always denotes exactly `t`.
std::string format_rfc3339(Instant t, int offset_seconds);

}  // namespace slotpay
