// IANA time zones, evaluated from POSIX TZ rules.
//
// The rules come from a table generated at build time from the system's tzdata:
// for every zone, the POSIX TZ string in the footer of its TZif file (RFC 8536
// section 3.3), e.g. "America/New_York" -> "EST5EDT,M3.2.0,M11.1.0". The native and
// the WASM build compile the same table and the same evaluator, so they agree to the
// second.
//
// Limitation, by design: a footer describes the zone's *current* rules only. An
// instant before the zone's last rule change (e.g. New York before 2007; with tzdata
// 2026f, Vancouver, Edmonton and Winnipeg before November 2026 and Havana before
// November 2027) may get the wrong offset, and a
// zone with transitions listed explicitly into the future instead of a rule (Africa/
// Casablanca and Africa/El_Aaiun, whose Ramadan changes tzdata lists year by year)
// is evaluated with its footer only. Bookings are about now and the near future,
// where the current rules are what matters; tests/core/timezone_test.cpp checks the
// evaluator against the full IANA database (date/tz.h) for every zone, 2025-2030.
//
// Thread-safety: TimeZone is an immutable value; all methods are const and pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/error.hpp"
#include "slotpay/time.hpp"

namespace slotpay {

// One transition rule date of a POSIX TZ string.
struct TzRuleDate {
  enum class Kind { kJulian1, kJulian0, kMonthWeekDay };  // Jn, n, Mm.w.d
  Kind kind = Kind::kMonthWeekDay;
  int day = 0;      // Jn: 1..365 (Feb 29 never counted); n: 0..365
  int month = 0;    // Mm.w.d
  int week = 0;     // 1..5, 5 = last
  int weekday = 0;  // 0 = Sunday
  int time = 7200;  // seconds after local midnight; may be negative or above 24h
};

// A parsed POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"). Offsets are seconds east of
// UTC (the POSIX text counts west; the sign is flipped when parsing).
struct TzRule {
  std::string std_abbr;
  int std_offset = 0;
  bool has_dst = false;
  std::string dst_abbr;
  int dst_offset = 0;
  TzRuleDate dst_start;  // in standard time
  TzRuleDate dst_end;    // in daylight time
};

// Parses a POSIX TZ string, including quoted abbreviations ("<+0530>-5:30") and
// transition times outside 0..24h ("M3.5.0/-1", "M9.1.6/24"). nullopt when malformed.
std::optional<TzRule> parse_posix_tz(std::string_view text);

// How a local (wall-clock) time maps to instants in a zone.
struct LocalResolution {
  enum class Kind {
    kUnique,     // one instant: `first`
    kGap,        // the time is skipped by a forward transition; `first` is the
                 // instant of that transition (where the clock jumps past it)
    kAmbiguous,  // repeated by a backward transition: `first` < `second`
  };
  Kind kind = Kind::kUnique;
  Instant first;
  Instant second;
};

class TimeZone {
 public:
  // Looks up an IANA name ("Europe/London", also links such as "US/Eastern"),
  // case-sensitively. kUnknownTimezone (against `field`) when it is not in the table.
  static Result<TimeZone> find(std::string_view name, std::string_view field = "");
  // A zone from a POSIX TZ string directly (for tests); kUnknownTimezone if malformed.
  static Result<TimeZone> from_posix(std::string_view name, std::string_view posix,
                                     std::string_view field = "");

  const std::string& name() const { return name_; }
  const TzRule& rule() const { return rule_; }

  // UTC offset (seconds east) in force at `t`.
  int offset_at(Instant t) const;
  // The instants at which the local clock reads `local`.
  LocalResolution resolve(const LocalDateTime& local) const;
  LocalResolution resolve_local_seconds(int64_t local_seconds) const;
  // The wall-clock reading at `t`.
  LocalDateTime to_local(Instant t) const;
  // RFC 3339 text of `t` with the offset in force there.
  std::string format(Instant t) const;

 private:
  struct Transition {
    int64_t at;  // UTC seconds
    int offset;  // in force from `at` on
  };
  // The rule's transitions of kCachedFirstYear..kCachedLastYear, computed once when the
  // zone is made, so that offset_at is a binary search there (availability resolves
  // thousands of instants per request). Outside those years the rule is evaluated.
  static constexpr int kCachedFirstYear = 2000;
  static constexpr int kCachedLastYear = 2100;
  int offset_from_rule(Instant t) const;

  std::string name_;
  TzRule rule_;
  std::vector<Transition> transitions_;
};

// Every zone name in the table, sorted (for tests and tools).
std::vector<std::string_view> all_timezone_names();
// The raw POSIX string of a zone in the table, or empty.
std::string_view posix_rule_of(std::string_view name);

}  // namespace slotpay
