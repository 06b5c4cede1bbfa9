#include "mail/ics.hpp"

#include <catch2/catch.hpp>

#include "mail/encoding.hpp"
#include "support/ics_reader.hpp"

using namespace slotpay;
using namespace slotpay::mail;
using slotpay::mail::testing::event_time_utc;
using slotpay::mail::testing::IcsComponent;
using slotpay::mail::testing::parse_ics;
using slotpay::mail::testing::unescape_text;
using slotpay::mail::testing::VTimezone;

namespace {

TimeZone zone(const char* name) {
  auto z = TimeZone::find(name);
  REQUIRE(z.ok());
  return z.value();
}

Instant at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return t->instant;
}

IcsEvent event(Instant start, Instant end) {
  IcsEvent e;
  e.booking_id = "bk_123";
  e.uid_host = "book.example.com";
  e.stamp = at("2026-01-15T12:00:00Z");
  e.start = start;
  e.end = end;
  e.summary = "Haircut (Salon)";
  e.organizer = {"Salon Zoë", "salon@example.com"};
  e.attendee = {"Jo Customer", "jo@example.com"};
  return e;
}

struct Parsed {
  IcsComponent calendar;
  VTimezone zone;
};

Parsed parse(const std::string& text) {
  IcsComponent cal = parse_ics(text);
  auto zones = cal.children_named("VTIMEZONE");
  REQUIRE(zones.size() == 1);
  VTimezone vtz(*zones[0], 2020, 2035);
  auto events = cal.children_named("VEVENT");
  REQUIRE(events.size() == 1);
  return Parsed{cal, vtz};
}

// Writes one event, parses it back, and checks both times come back as the same instants.
void round_trip(const char* zone_name, const char* start, const char* end,
                const char* local_start_text) {
  INFO(zone_name << " " << start);
  TimeZone z = zone(zone_name);
  IcsCalendar cal{IcsMethod::kRequest, z, {event(at(start), at(end))}, ""};
  std::string text = write_ics(cal);
  Parsed p = parse(text);
  const IcsComponent& ev = *p.calendar.children_named("VEVENT")[0];
  CHECK(p.zone.tzid() == zone_name);
  CHECK(event_time_utc(ev, "DTSTART", p.zone) == at(start).seconds);
  CHECK(event_time_utc(ev, "DTEND", p.zone) == at(end).seconds);
  if (local_start_text) {
    CHECK(ev.required("DTSTART").params.at("TZID") == zone_name);
    CHECK(ev.required("DTSTART").value == local_start_text);
  }
}

}  // namespace

TEST_CASE("ics: booking times survive a DST change in each kind of zone") {
  // New York: spring forward 2026-03-08 02:00 -> 03:00; fall back 2026-11-01 02:00 -> 01:00.
  round_trip("America/New_York", "2026-03-07T10:00:00-05:00", "2026-03-07T11:00:00-05:00",
             "20260307T100000");
  round_trip("America/New_York", "2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00",
             "20260308T013000");
  round_trip("America/New_York", "2026-03-09T10:00:00-04:00", "2026-03-09T11:00:00-04:00",
             "20260309T100000");
  round_trip("America/New_York", "2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00",
             "20261101T003000");
  // London: BST from 2026-03-29 01:00 UTC, back on 2026-10-25.
  round_trip("Europe/London", "2026-03-28T09:00:00+00:00", "2026-03-28T10:00:00+00:00",
             "20260328T090000");
  round_trip("Europe/London", "2026-03-30T09:00:00+01:00", "2026-03-30T10:00:00+01:00",
             "20260330T090000");
  round_trip("Europe/London", "2026-10-26T09:00:00+00:00", "2026-10-26T10:00:00+00:00",
             "20261026T090000");
  // Lord Howe: a 30-minute DST (+10:30 / +11:00), ending first Sunday of April 02:00.
  round_trip("Australia/Lord_Howe", "2026-04-04T10:00:00+11:00", "2026-04-04T11:00:00+11:00",
             "20260404T100000");
  round_trip("Australia/Lord_Howe", "2026-04-05T01:00:00+11:00", "2026-04-05T02:30:00+10:30",
             "20260405T010000");
  round_trip("Australia/Lord_Howe", "2026-10-04T10:00:00+11:00", "2026-10-04T11:00:00+11:00",
             "20261004T100000");
  // Kathmandu: +05:45, no DST.
  round_trip("Asia/Kathmandu", "2026-03-08T09:15:00+05:45", "2026-03-08T10:00:00+05:45",
             "20260308T091500");
  // Tokyo: no DST.
  round_trip("Asia/Tokyo", "2026-07-01T18:00:00+09:00", "2026-07-01T19:00:00+09:00",
             "20260701T180000");
  round_trip("UTC", "2026-07-01T18:00:00Z", "2026-07-01T19:00:00Z", "20260701T180000");
}

TEST_CASE("ics: the second pass through a repeated hour is written in UTC") {
  TimeZone ny = zone("America/New_York");
  // 01:30 happens twice on 2026-11-01: first EDT (05:30Z), then EST (06:30Z).
  IcsEvent first = event(at("2026-11-01T01:30:00-04:00"), at("2026-11-01T01:45:00-04:00"));
  IcsEvent second = event(at("2026-11-01T01:30:00-05:00"), at("2026-11-01T02:30:00-05:00"));
  for (const IcsEvent& e : {first, second}) {
    std::string text = write_ics(IcsCalendar{IcsMethod::kRequest, ny, {e}, ""});
    Parsed p = parse(text);
    const IcsComponent& ev = *p.calendar.children_named("VEVENT")[0];
    CHECK(event_time_utc(ev, "DTSTART", p.zone) == e.start.seconds);
    CHECK(event_time_utc(ev, "DTEND", p.zone) == e.end.seconds);
  }
  std::string text = write_ics(IcsCalendar{IcsMethod::kRequest, ny, {second}, ""});
  CHECK(text.find("DTSTART:20261101T063000Z\r\n") != std::string::npos);
  CHECK(text.find("DTEND;TZID=America/New_York:20261101T023000\r\n") != std::string::npos);
}

TEST_CASE("ics: VTIMEZONE matches the core's offsets at every transition, every zone") {
  // For every zone of the table: find each offset change in 2025-2030 with the core, and
  // check the VTIMEZONE (as an independent reader evaluates it) a second before and at it.
  int zones_with_dst = 0;
  for (std::string_view name : all_timezone_names()) {
    auto found = TimeZone::find(name);
    REQUIRE(found.ok());
    const TimeZone& z = found.value();
    std::string vtz = "BEGIN:VCALENDAR\r\n" + write_vtimezone(z, 2025, 2030) + "END:VCALENDAR\r\n";
    IcsComponent cal = parse_ics(vtz);
    VTimezone reader(*cal.children_named("VTIMEZONE")[0], 2024, 2031);
    INFO(name << " " << posix_rule_of(name));
    int64_t t = at("2025-01-01T00:00:00Z").seconds;
    const int64_t end = at("2031-01-01T00:00:00Z").seconds;
    REQUIRE(reader.offset_at(t) == z.offset_at(Instant{t}));
    int changes = 0;
    for (; t < end; t += 86400) {
      int before = z.offset_at(Instant{t});
      if (z.offset_at(Instant{t + 86400}) == before) continue;
      int64_t lo = t, hi = t + 86400;  // offset(lo) == before != offset(hi)
      while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        (z.offset_at(Instant{mid}) == before ? lo : hi) = mid;
      }
      CHECK(reader.offset_at(lo) == z.offset_at(Instant{lo}));
      CHECK(reader.offset_at(hi) == z.offset_at(Instant{hi}));
      ++changes;
    }
    if (changes > 0) ++zones_with_dst;
    CHECK(reader.offset_at(at("2027-07-15T12:00:00Z").seconds) ==
          z.offset_at(at("2027-07-15T12:00:00Z")));
  }
  CHECK(zones_with_dst > 100);
}

TEST_CASE("ics: VTIMEZONE shapes: RRULE, shifted weekday, RDATE, no DST") {
  auto vtz = [](const char* name) { return write_vtimezone(zone(name), 2026, 2027); };
  std::string ny = vtz("America/New_York");
  CHECK(ny.find("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n") != std::string::npos);
  CHECK(ny.find("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n") != std::string::npos);
  CHECK(ny.find("DTSTART:19700308T020000\r\n") != std::string::npos);
  CHECK(ny.find("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT") != std::string::npos);
  // Nuuk: "M3.5.0/-1" is 23:00 on the Saturday before the last Sunday of March.
  std::string nuuk = vtz("America/Nuuk");
  CHECK(nuuk.find("BYDAY=SA;BYMONTHDAY=-8,-7,-6,-5,-4,-3,-2") != std::string::npos);
  // Cairo: "the day after the last Thursday of October" may be November 1st: RDATEs.
  std::string cairo = vtz("Africa/Cairo");
  CHECK(cairo.find("RDATE:") != std::string::npos);
  std::string kathmandu = vtz("Asia/Kathmandu");
  CHECK(kathmandu.find("BEGIN:DAYLIGHT") == std::string::npos);
  CHECK(kathmandu.find("TZOFFSETFROM:+0545\r\nTZOFFSETTO:+0545\r\n") != std::string::npos);
  CHECK(kathmandu.find("RRULE") == std::string::npos);
}

TEST_CASE("ics: request and cancel carry METHOD, STATUS, UID and SEQUENCE") {
  TimeZone ny = zone("America/New_York");
  IcsEvent e = event(at("2026-03-09T10:00:00-04:00"), at("2026-03-09T11:00:00-04:00"));
  IcsComponent req = parse_ics(write_ics({IcsMethod::kRequest, ny, {e}, ""}));
  e.sequence = 2;
  e.stamp = at("2026-02-01T08:00:00Z");
  IcsComponent cancel = parse_ics(write_ics({IcsMethod::kCancel, ny, {e}, ""}));
  const IcsComponent& r = *req.children_named("VEVENT")[0];
  const IcsComponent& c = *cancel.children_named("VEVENT")[0];
  CHECK(req.required("METHOD").value == "REQUEST");
  CHECK(cancel.required("METHOD").value == "CANCEL");
  CHECK(req.required("VERSION").value == "2.0");
  CHECK(req.count("PRODID") == 1);
  CHECK(r.required("STATUS").value == "CONFIRMED");
  CHECK(c.required("STATUS").value == "CANCELLED");
  CHECK(r.required("UID").value == "bk_123@book.example.com");
  CHECK(c.required("UID").value == r.required("UID").value);
  CHECK(r.required("SEQUENCE").value == "0");
  CHECK(c.required("SEQUENCE").value == "2");
  CHECK(r.required("DTSTAMP").value == "20260115T120000Z");
  CHECK(c.required("DTSTAMP").value == "20260201T080000Z");
  CHECK(r.required("ORGANIZER").value == "mailto:salon@example.com");
  CHECK(r.required("ORGANIZER").params.at("CN") == "Salon Zoë");
  CHECK(r.required("ATTENDEE").value == "mailto:jo@example.com");
  CHECK(r.required("ATTENDEE").params.at("PARTSTAT") == "ACCEPTED");

  // A feed (no METHOD) takes each event's own status.
  IcsEvent gone = e;
  gone.booking_id = "bk_124";
  gone.cancelled = true;
  IcsComponent feed = parse_ics(write_ics({IcsMethod::kNone, ny, {e, gone}, "Salon bookings"}));
  CHECK(feed.count("METHOD") == 0);
  CHECK(unescape_text(feed.required("X-WR-CALNAME").value) == "Salon bookings");
  auto events = feed.children_named("VEVENT");
  REQUIRE(events.size() == 2);
  CHECK(events[0]->required("STATUS").value == "CONFIRMED");
  CHECK(events[1]->required("STATUS").value == "CANCELLED");
}

TEST_CASE("ics: text is escaped and comes back unchanged") {
  TimeZone tz = zone("Europe/London");
  IcsEvent e = event(at("2026-05-01T10:00:00+01:00"), at("2026-05-01T11:00:00+01:00"));
  e.summary = "Cut, wash; dry \\ done";
  e.location = "1 High St, London; rear door";
  e.description = "Line one\nLine two, with comma; and semicolon\\backslash\r\nLine three";
  e.url = "https://book.example.com/manage?t=abc.def";
  IcsComponent cal = parse_ics(write_ics({IcsMethod::kRequest, tz, {e}, ""}));
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(unescape_text(ev.required("SUMMARY").value) == "Cut, wash; dry \\ done");
  CHECK(ev.required("SUMMARY").value == "Cut\\, wash\\; dry \\\\ done");
  CHECK(unescape_text(ev.required("LOCATION").value) == "1 High St, London; rear door");
  CHECK(unescape_text(ev.required("DESCRIPTION").value) ==
        "Line one\nLine two, with comma; and semicolon\\backslash\nLine three");
  CHECK(ev.required("URL").value == "https://book.example.com/manage?t=abc.def");
}

TEST_CASE("ics: injected line breaks add no property - unsafe values are left out") {
  TimeZone tz = zone("Europe/London");
  IcsEvent e = event(at("2026-05-01T10:00:00+01:00"), at("2026-05-01T11:00:00+01:00"));
  e.summary = "Haircut\r\nATTENDEE:mailto:evil@example.com";
  e.attendee.name = "Jo\"; ROLE=CHAIR:mailto:evil@example.com";
  e.organizer.email = "salon@example.com\r\nATTENDEE:mailto:evil@example.com";
  e.url = "javascript:alert(1)";
  e.location = "\x01\x02";
  IcsComponent cal = parse_ics(write_ics({IcsMethod::kRequest, tz, {e}, ""}));
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(ev.count("ATTENDEE") == 1);
  CHECK(ev.required("ATTENDEE").value == "mailto:jo@example.com");
  CHECK(ev.required("ATTENDEE").params.count("ROLE") == 1);
  CHECK(ev.required("ATTENDEE").params.at("ROLE") == "REQ-PARTICIPANT");
  CHECK(ev.required("ATTENDEE").params.at("CN") == "Jo'; ROLE=CHAIR:mailto:evil@example.com");
  CHECK(ev.count("ORGANIZER") == 0);  // not a plain address: left out
  CHECK(ev.count("URL") == 0);
  CHECK(ev.count("LOCATION") == 0);
  CHECK(unescape_text(ev.required("SUMMARY").value) == "Haircut ATTENDEE:mailto:evil@example.com");
}

TEST_CASE("ics: folding keeps lines within 75 octets and never splits a character") {
  for (std::string unit : {"a", "é", "日", "😀", "a日😀é"}) {
    for (int n = 1; n < 120; n += 7) {
      std::string text;
      for (int i = 0; i < n; ++i) text += unit;
      std::string folded = fold_ics_line("SUMMARY:" + text);
      // Unfold by hand and check each physical line.
      std::string unfolded;
      size_t start = 0;
      bool first = true;
      while (start < folded.size()) {
        size_t end = folded.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        std::string line = folded.substr(start, end - start);
        CHECK(line.size() <= 75);
        CHECK(sanitize_utf8(line) == line);
        if (!first) {
          REQUIRE(line.starts_with(" "));
          line.erase(0, 1);
        }
        unfolded += line;
        first = false;
        start = end + 2;
      }
      CHECK(unfolded == "SUMMARY:" + text);
    }
  }
  // A whole calendar with long multi-byte text passes the strict reader.
  TimeZone tz = zone("Asia/Tokyo");
  IcsEvent e = event(at("2026-05-01T10:00:00+09:00"), at("2026-05-01T11:00:00+09:00"));
  for (int i = 0; i < 50; ++i) e.summary += "予約😀é";
  IcsComponent cal = parse_ics(write_ics({IcsMethod::kRequest, tz, {e}, ""}));
  CHECK(unescape_text(cal.children_named("VEVENT")[0]->required("SUMMARY").value) == e.summary);
}

TEST_CASE("ics: invalid UTF-8 in text is replaced, not passed through") {
  TimeZone tz = zone("UTC");
  IcsEvent e = event(at("2026-05-01T10:00:00Z"), at("2026-05-01T11:00:00Z"));
  e.summary = "Bad \xC3 byte";
  std::string text = write_ics({IcsMethod::kRequest, tz, {e}, ""});
  IcsComponent cal = parse_ics(text);  // the strict reader rejects invalid UTF-8
  CHECK(unescape_text(cal.children_named("VEVENT")[0]->required("SUMMARY").value) ==
        "Bad \xEF\xBF\xBD byte");
}

TEST_CASE("ics: a calendar without a named zone is written in UTC") {
  IcsEvent e = event(at("2026-05-01T10:00:00+01:00"), at("2026-05-01T11:00:00+01:00"));
  IcsComponent cal = parse_ics(write_ics({IcsMethod::kRequest, TimeZone{}, {e}, ""}));
  CHECK(cal.children_named("VTIMEZONE").empty());
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(ev.required("DTSTART").value == "20260501T090000Z");
  CHECK(ev.required("DTEND").value == "20260501T100000Z");
  CHECK(ev.required("DTSTART").params.empty());
}
