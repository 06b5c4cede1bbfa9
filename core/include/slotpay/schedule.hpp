// When a resource (the merchant, or one staff member) is open, in local wall-clock
// time. Instants come later (availability.hpp): a wall-clock interval is resolved in
// the merchant's zone only when slots are placed on it.
//
// Rules:
// - The merchant's hours of a date are its override for that date if there is one
//   (an empty override closes the day), else its weekly hours for that weekday.
// - A staff member's own hours of a date are its override for that date if any, else
//   its weekly hours if it has `weekly`, else the merchant's hours. They are then
//   intersected with the merchant's hours: nobody works while the business is closed
//   (a merchant's closed day closes everyone), and staff hours that extend past the
//   business hours are cut to them.
// - A range that ends before it starts crosses midnight (["22:00","02:00"] runs into
//   the next day). Ranges that overlap are merged; ranges that only touch (a day that
//   ends at 24:00 and the next that starts at 00:00) stay two intervals, each with its
//   own slot grid, so a grid never depends on how far back a request looks.
#pragma once

#include <cstdint>
#include <vector>

#include "slotpay/catalog.hpp"
#include "slotpay/time.hpp"

namespace slotpay {

// [start, end) in local seconds (LocalDateTime::local_seconds), start < end.
struct LocalInterval {
  int64_t start = 0;
  int64_t end = 0;
  bool operator==(const LocalInterval&) const = default;
};

// The hours a schedule gives `date` (override or weekly).
const DayHours& hours_on(const WeeklyHours& weekly, const std::vector<DateOverride>& overrides,
                         const LocalDate& date);

// Open intervals of `staff` (nullptr: the merchant itself) for the ranges that start on
// local dates first..last inclusive, sorted and merged. Ranges of `first - 1` that spill
// past midnight are included, so the result covers every minute of first..last.
std::vector<LocalInterval> open_intervals(const Catalog& catalog, const Staff* staff,
                                          const LocalDate& first, const LocalDate& last);

}  // namespace slotpay
