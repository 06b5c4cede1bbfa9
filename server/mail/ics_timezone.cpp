// VTIMEZONE from a POSIX TZ rule (see ics.hpp).
//
// A POSIX rule "Mm.w.d/t" names the w-th weekday d of month m (w = 5: the last one) at
// t seconds after local midnight, where t may be negative or past 24 h ("M3.5.0/-1" is
// 23:00 on the Saturday before the last Sunday of March). RFC 5545 expresses the plain
// case as BYDAY=wSU; a day shift becomes the shifted weekday limited to the shifted
// range of month days (BYMONTHDAY), as long as that range stays inside the month.
// Anything else (a range crossing into the next month, Julian-day rules) is written as
// a list of dates (RDATE).
#include <cstdlib>
#include <optional>
#include <string>

#include "mail/ics.hpp"

namespace slotpay::mail {
namespace {

constexpr const char* kDayCodes[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// POSIX weekday (0 = Sunday) of a date.
int posix_weekday(const LocalDate& d) { return (weekday_index(d) + 1) % 7; }

std::string offset_text(int seconds) {
  char sign = seconds < 0 ? '-' : '+';
  int a = std::abs(seconds);
  char buf[16];
  if (a % 60 != 0)
    std::snprintf(buf, sizeof buf, "%c%02d%02d%02d", sign, a / 3600, a / 60 % 60, a % 60);
  else
    std::snprintf(buf, sizeof buf, "%c%02d%02d", sign, a / 3600, a / 60 % 60);
  return buf;
}

// The day a rule date names in `year`, before its time-of-day is added.
LocalDate rule_day(const TzRuleDate& r, int year) {
  int64_t jan1 = days_from_civil(LocalDate{year, 1, 1});
  switch (r.kind) {
    case TzRuleDate::Kind::kJulian1: {
      // 1..365, February 29 never counted.
      int64_t n = r.day - 1;
      if (is_leap_year(year) && r.day >= 60) ++n;
      return civil_from_days(jan1 + n);
    }
    case TzRuleDate::Kind::kJulian0:
      return civil_from_days(jan1 + r.day);
    case TzRuleDate::Kind::kMonthWeekDay:
      break;
  }
  LocalDate first{year, r.month, 1};
  int day = 1 + (r.weekday - posix_weekday(first) + 7) % 7 + 7 * (r.week - 1);
  if (r.week == 5) {
    int dim = days_in_month(year, r.month);
    while (day > dim) day -= 7;
  }
  return LocalDate{year, r.month, day};
}

// Local (in the offset before the change) date-time of the transition in `year`.
LocalDateTime transition_local(const TzRuleDate& r, int year) {
  int64_t seconds = days_from_civil(rule_day(r, year)) * 86400 + r.time;
  return LocalDateTime::from_local_seconds(seconds);
}

// "FREQ=YEARLY;..." for a rule date, or nullopt when no yearly RRULE of this form
// expresses it.
std::optional<std::string> yearly_rrule(const TzRuleDate& r) {
  if (r.kind != TzRuleDate::Kind::kMonthWeekDay) return std::nullopt;
  int64_t shift = floor_div(r.time, 86400);
  std::string head = "FREQ=YEARLY;BYMONTH=" + std::to_string(r.month) + ";BYDAY=";
  if (shift == 0) {
    std::string ordinal = r.week == 5 ? "-1" : std::to_string(r.week);
    return head + ordinal + kDayCodes[r.weekday];
  }
  if (shift <= -7 || shift >= 7) return std::nullopt;
  // Month days the unshifted weekday can fall on: positive for weeks 1..4, counted from
  // the month's end (-7..-1) for the last week, so February's length does not matter.
  int lo = r.week == 5 ? -7 : 7 * (r.week - 1) + 1;
  int hi = lo + 6;
  lo += static_cast<int>(shift);
  hi += static_cast<int>(shift);
  int shortest_month = r.month == 2 ? 28 : days_in_month(2001, r.month);
  bool inside = r.week == 5 ? hi <= -1 && lo >= -28 : lo >= 1 && hi <= shortest_month;
  if (!inside) return std::nullopt;
  int weekday = static_cast<int>(((r.weekday + shift) % 7 + 7) % 7);
  std::string days;
  for (int d = lo; d <= hi; ++d) days += (days.empty() ? "" : ",") + std::to_string(d);
  return head + kDayCodes[weekday] + ";BYMONTHDAY=" + days;
}

struct Observance {
  const char* kind;  // "STANDARD" | "DAYLIGHT"
  int from;
  int to;
  std::string name;
  const TzRuleDate* date;  // nullptr: no transitions (a zone without DST)
};

// `use_rrule`: both observances of the zone are expressible as RRULEs. When one is not,
// both list their dates for the same years: an RRULE running since 1970 beside dates
// from first_year on would leave the years before first_year half-described.
std::string component(const Observance& o, bool use_rrule, int first_year, int last_year) {
  std::string out = std::string("BEGIN:") + o.kind + "\r\n";
  std::string dtstart = "19700101T000000";
  std::string recurrence;
  if (o.date) {
    if (auto rrule = yearly_rrule(*o.date); rrule && use_rrule) {
      dtstart = ics_local_time(transition_local(*o.date, 1970));
      recurrence = "RRULE:" + *rrule + "\r\n";
    } else {
      dtstart = ics_local_time(transition_local(*o.date, first_year));
      std::string dates;
      for (int y = first_year + 1; y <= last_year; ++y)
        dates += (dates.empty() ? "" : ",") + ics_local_time(transition_local(*o.date, y));
      if (!dates.empty()) recurrence = fold_ics_line("RDATE:" + dates);
    }
  }
  out += "DTSTART:" + dtstart + "\r\n";
  out += recurrence;
  out += "TZOFFSETFROM:" + offset_text(o.from) + "\r\n";
  out += "TZOFFSETTO:" + offset_text(o.to) + "\r\n";
  if (!o.name.empty()) out += fold_ics_line("TZNAME:" + escape_ics_text(o.name));
  out += std::string("END:") + o.kind + "\r\n";
  return out;
}

}  // namespace

std::string write_vtimezone(const TimeZone& zone, int first_year, int last_year) {
  const TzRule& rule = zone.rule();
  if (last_year < first_year) last_year = first_year;
  std::string out = "BEGIN:VTIMEZONE\r\n";
  out += fold_ics_line("TZID:" + escape_ics_text(zone.name()));
  if (!rule.has_dst) {
    out += component({"STANDARD", rule.std_offset, rule.std_offset, rule.std_abbr, nullptr}, true,
                     first_year, last_year);
  } else {
    bool use_rrule = yearly_rrule(rule.dst_start) && yearly_rrule(rule.dst_end);
    out += component({"DAYLIGHT", rule.std_offset, rule.dst_offset, rule.dst_abbr, &rule.dst_start},
                     use_rrule, first_year, last_year);
    out += component({"STANDARD", rule.dst_offset, rule.std_offset, rule.std_abbr, &rule.dst_end},
                     use_rrule, first_year, last_year);
  }
  out += "END:VTIMEZONE\r\n";
  return out;
}

}  // namespace slotpay::mail
