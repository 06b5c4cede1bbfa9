// iCalendar (RFC 5545) for bookings: the calendar entry attached to confirmation and
// cancellation emails (METHOD:REQUEST / METHOD:CANCEL, RFC 5546), and the building
// blocks of a merchant's calendar feed (several events, no METHOD).
//
// Times are written with the merchant's zone as TZID and a VTIMEZONE built from the
// core's POSIX rule for that zone (slotpay::TimeZone::rule()), so a calendar shows the
// booking at the right wall-clock time on both sides of a DST change. A start or end
// that falls in the repeated hour of a backward transition, second occurrence, cannot
// be named by a local time (RFC 5545 3.3.5 picks the first occurrence): it is written in
// UTC instead.
//
// Output is CRLF-terminated, content lines folded at 75 octets without splitting a UTF-8
// sequence, text values escaped. Any bytes are accepted in text fields: invalid UTF-8 is
// replaced, control characters dropped. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::mail {

enum class IcsMethod {
  kNone,     // a published calendar (a feed): no METHOD property
  kRequest,  // a new or updated booking: STATUS:CONFIRMED
  kCancel,   // a cancelled booking: STATUS:CANCELLED
};

struct IcsPerson {
  std::string name;   // display name (CN); may be empty
  std::string email;  // written as mailto:; a person whose address is not plain
                      // (is_plain_address in message.hpp) is left out of the entry
};

struct IcsEvent {
  std::string booking_id;  // UID is "<booking_id>@<uid_host>": stable per booking
  std::string uid_host;    // the server's host name, e.g. "book.example.com"
  // Increases each time the booking changes (0 at confirmation, +1 per reschedule and
  // for the cancellation), so calendars replace the older copy.
  int sequence = 0;
  Instant stamp;  // DTSTAMP: when this copy was made (UTC)
  Instant start;
  Instant end;
  bool cancelled = false;  // STATUS:CANCELLED (else CONFIRMED)
  std::string summary;
  std::string location;     // omitted when empty
  std::string description;  // omitted when empty; newlines kept
  std::string url;          // omitted when empty (the manage link)
  IcsPerson organizer;      // the merchant
  IcsPerson attendee;       // the customer; omitted when the email is empty
};

struct IcsCalendar {
  IcsMethod method = IcsMethod::kRequest;
  TimeZone zone;  // every event's DTSTART/DTEND are written in this zone (in UTC, with
                  // no VTIMEZONE, when the zone has no name: a default TimeZone)
  std::vector<IcsEvent> events;
  std::string name;  // X-WR-CALNAME for feeds; omitted when empty
};

// The whole VCALENDAR object. With kRequest/kCancel every event's STATUS follows the
// method; with kNone each event's `cancelled` decides.
std::string write_ics(const IcsCalendar& calendar);

// The VTIMEZONE component for `zone`, valid for instants in years first_year..last_year
// (at least). Rules expressible as yearly RRULEs (every zone in today's tzdata but
// Africa/Cairo, whose October change falls on "the day after the last Thursday") get
// STANDARD/DAYLIGHT with RRULE starting in 1970; in other zones both observances list
// their transitions for those years with RDATE. A zone without DST gets one STANDARD.
std::string write_vtimezone(const TimeZone& zone, int first_year, int last_year);

// Text value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
std::string escape_ics_text(std::string_view text);

// Folds one unfolded content line (without CRLF) into lines of at most 75 octets, the
// continuation lines starting with a space, cut only between UTF-8 sequences; each line
// ends with CRLF.
std::string fold_ics_line(std::string_view line);

// "20260308T090000" (local) and "20260308T140000Z" (UTC).
std::string ics_local_time(const LocalDateTime& t);
std::string ics_utc_time(Instant t);

}  // namespace slotpay::mail
