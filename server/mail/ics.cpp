#include "mail/ics.hpp"

#include <algorithm>
#include <cstdio>

#include "mail/encoding.hpp"
#include "mail/message.hpp"

namespace slotpay::mail {
namespace {

constexpr size_t kMaxLineOctets = 75;

std::string pad(int64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

// A parameter value (CN) as a quoted-string: DQUOTE cannot appear inside one, so it
// becomes an apostrophe; controls are already gone.
std::string quoted_param(std::string_view text) {
  std::string v = one_line(sanitize_utf8(text));
  std::replace(v.begin(), v.end(), '"', '\'');
  return "\"" + v + "\"";
}

// A text value: valid UTF-8, newlines kept (escaped), other controls dropped.
std::string text_value(std::string_view text) {
  std::string clean = sanitize_utf8(text);
  std::string kept;
  kept.reserve(clean.size());
  for (size_t i = 0; i < clean.size(); ++i) {
    auto c = static_cast<unsigned char>(clean[i]);
    if (c == '\r') {
      if (i + 1 < clean.size() && clean[i + 1] == '\n') continue;
      kept += '\n';
    } else if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F)) {
      kept += static_cast<char>(c);
    }
  }
  return escape_ics_text(kept);
}

std::string person_line(std::string_view property, const IcsPerson& p, std::string_view extra) {
  std::string line(property);
  if (!one_line(p.name).empty()) line += ";CN=" + quoted_param(p.name);
  line += extra;
  line += ":mailto:" + p.email;
  return fold_ics_line(line);
}

// DTSTART/DTEND: local time with TZID, unless the local reading names an earlier
// instant (the second pass through a repeated hour), which only UTC can express.
std::string time_line(std::string_view property, const TimeZone& zone, Instant t) {
  // A zone without a name (a default TimeZone) cannot be referenced: UTC then.
  if (zone.name().empty()) return std::string(property) + ":" + ics_utc_time(t) + "\r\n";
  LocalDateTime local = zone.to_local(t);
  LocalResolution r = zone.resolve(local);
  bool first_reading = r.kind != LocalResolution::Kind::kAmbiguous || r.first == t;
  if (!first_reading) return fold_ics_line(std::string(property) + ":" + ics_utc_time(t));
  return fold_ics_line(std::string(property) + ";TZID=" + zone.name() + ":" +
                       ics_local_time(local));
}

std::string vevent(const IcsEvent& e, const TimeZone& zone, bool cancelled) {
  std::string out = "BEGIN:VEVENT\r\n";
  out += fold_ics_line("UID:" + text_value(one_line(e.booking_id) + "@" + one_line(e.uid_host)));
  out += "SEQUENCE:" + std::to_string(std::max(0, e.sequence)) + "\r\n";
  out += "DTSTAMP:" + ics_utc_time(e.stamp) + "\r\n";
  out += time_line("DTSTART", zone, e.start);
  out += time_line("DTEND", zone, e.end);
  out += fold_ics_line("SUMMARY:" + text_value(one_line(e.summary)));
  if (!one_line(e.location).empty())
    out += fold_ics_line("LOCATION:" + text_value(one_line(e.location)));
  if (!e.description.empty()) out += fold_ics_line("DESCRIPTION:" + text_value(e.description));
  if (is_http_url(e.url)) out += fold_ics_line("URL:" + e.url);
  if (is_plain_address(e.organizer.email)) out += person_line("ORGANIZER", e.organizer, "");
  if (is_plain_address(e.attendee.email))
    out +=
        person_line("ATTENDEE", e.attendee, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE");
  out += cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n";
  out += "TRANSP:OPAQUE\r\n";
  out += "END:VEVENT\r\n";
  return out;
}

// The first or last calendar year any event touches (1970 when there are none).
int zone_year_of(const IcsCalendar& c, bool first) {
  auto year = [](Instant t) { return LocalDateTime::from_local_seconds(t.seconds).date.year; };
  if (c.events.empty()) return 1970;
  int y = year(c.events.front().start);
  for (const IcsEvent& e : c.events)
    for (Instant t : {e.start, e.end}) y = first ? std::min(y, year(t)) : std::max(y, year(t));
  return y;
}

}  // namespace

std::string escape_ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fold_ics_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  size_t used = 0;  // octets on the current physical line
  size_t i = 0;
  while (i < line.size()) {
    size_t n = std::min(utf8_sequence_length(static_cast<unsigned char>(line[i])), line.size() - i);
    if (used + n > kMaxLineOctets) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, n));
    used += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string ics_local_time(const LocalDateTime& t) {
  return pad(t.date.year, 4) + pad(t.date.month, 2) + pad(t.date.day, 2) + "T" +
         pad(t.minute_of_day / 60, 2) + pad(t.minute_of_day % 60, 2) + pad(t.second, 2);
}

std::string ics_utc_time(Instant t) {
  return ics_local_time(LocalDateTime::from_local_seconds(t.seconds)) + "Z";
}

std::string write_ics(const IcsCalendar& calendar) {
  std::string out = "BEGIN:VCALENDAR\r\n";
  out += "PRODID:-//Slotpay//Slotpay bookings//EN\r\n";
  out += "VERSION:2.0\r\n";
  out += "CALSCALE:GREGORIAN\r\n";
  if (calendar.method == IcsMethod::kRequest) out += "METHOD:REQUEST\r\n";
  if (calendar.method == IcsMethod::kCancel) out += "METHOD:CANCEL\r\n";
  if (!one_line(calendar.name).empty())
    out += fold_ics_line("X-WR-CALNAME:" + text_value(one_line(calendar.name)));

  // The VTIMEZONE must cover every event (RDATE-listed zones name years explicitly).
  int first_year = zone_year_of(calendar, true);
  int last_year = zone_year_of(calendar, false);
  if (!calendar.zone.name().empty())
    out += write_vtimezone(calendar.zone, first_year - 1, last_year + 1);
  for (const IcsEvent& e : calendar.events) {
    bool cancelled = calendar.method == IcsMethod::kCancel ||
                     (calendar.method == IcsMethod::kNone && e.cancelled);
    out += vevent(e, calendar.zone, cancelled);
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace slotpay::mail
