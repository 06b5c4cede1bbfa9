// A small, strict iCalendar reader for the tests: content lines (CRLF, folded at 75
// octets, never inside a UTF-8 sequence), components, properties with parameters, TEXT
// unescaping, and a VTIMEZONE evaluator (STANDARD/DAYLIGHT with yearly RRULEs of the
// BYMONTH + BYDAY [+ BYMONTHDAY] kind, or RDATE lists), written from RFC 5545 and
// independent of the writer under test. Malformed input throws std::runtime_error.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slotpay::mail::testing {

struct IcsProperty {
  std::string name;
  std::map<std::string, std::string> params;  // names upper-cased, quotes removed
  std::string value;                          // raw (still escaped)
};

struct IcsComponent {
  std::string name;
  std::vector<IcsProperty> properties;
  std::vector<IcsComponent> children;

  const IcsProperty* property(std::string_view name) const;  // the first, or nullptr
  size_t count(std::string_view name) const;
  const IcsProperty& required(std::string_view name) const;  // throws when absent
  std::vector<const IcsComponent*> children_named(std::string_view name) const;
};

// The VCALENDAR in `text`.
IcsComponent parse_ics(std::string_view text);

// RFC 5545 3.3.11 TEXT value back to text ("\\n" -> newline, "\\," -> ",").
std::string unescape_text(std::string_view value);

// "YYYYMMDDTHHMMSS" -> seconds on a wall clock (local seconds); with a trailing "Z" the
// same number is UTC seconds. Sets `utc` when the value ends in Z.
int64_t parse_date_time(std::string_view value, bool* utc = nullptr);

class VTimezone {
 public:
  // Expands the component's observances for years first_year..last_year.
  VTimezone(const IcsComponent& vtimezone, int first_year, int last_year);
  std::string tzid() const { return tzid_; }
  int offset_at(int64_t utc_seconds) const;
  // The first instant whose local reading is `local_seconds`; nullopt in a gap.
  std::optional<int64_t> to_utc(int64_t local_seconds) const;

 private:
  struct Onset {
    int64_t utc;
    int from;
    int to;
  };
  std::string tzid_;
  std::vector<Onset> onsets_;  // sorted by utc
  std::vector<int> offsets_;
};

// DTSTART/DTEND of `event` as UTC seconds, resolving TZID through `zone`.
int64_t event_time_utc(const IcsComponent& event, std::string_view property, const VTimezone& zone);

}  // namespace slotpay::mail::testing
