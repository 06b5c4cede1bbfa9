#include "mail/message.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "support/mime_reader.hpp"

using namespace slotpay;
using namespace slotpay::mail;
using slotpay::mail::testing::decode_header;
using slotpay::mail::testing::MimePart;
using slotpay::mail::testing::parse_mime;

namespace {

const Sender kSender{"bookings@platform.example", "platform.example"};
const Instant kDate{1772978400};  // 2026-03-08T14:00:00Z, a Sunday

Email sample() {
  Email e;
  e.kind = "booking_confirmed";
  e.to = {"Jo Customer", "jo@example.com"};
  e.reply_to = Mailbox{"Salon", "salon@example.com"};
  e.from_name = "Salon Zoë";
  e.subject = "Booking confirmed: Haircut";
  e.text = "Hi Jo,\nSee you soon.\n";
  e.html = "<p>Hi Jo,</p>";
  return e;
}

BuiltMessage build(const Email& e, std::string_view id = "<abc123@platform.example>") {
  auto m = build_message(e, kSender, kDate, id);
  REQUIRE(m.ok());
  return m.value();
}

// The header names of the top-level entity, as written.
std::multiset<std::string> header_names(const MimePart& m) {
  std::multiset<std::string> names;
  for (const auto& [n, v] : m.headers) names.insert(n);
  return names;
}

}  // namespace

TEST_CASE("message: headers, structure and bodies of a message with a calendar") {
  Email e = sample();
  e.calendar = CalendarPart{"REQUEST", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "booking.ics"};
  BuiltMessage m = build(e);
  CHECK(m.envelope_from == "bookings@platform.example");
  CHECK(m.recipients == std::vector<std::string>{"jo@example.com"});
  CHECK(m.message_id == "<abc123@platform.example>");

  MimePart msg = parse_mime(m.data);  // strict: CRLF, 7-bit, <= 998 octets
  CHECK(msg.one("From") == "=?UTF-8?B?U2Fsb24gWm/Dqw==?= <bookings@platform.example>");
  CHECK(decode_header(msg.one("From")) == "Salon Zoë <bookings@platform.example>");
  CHECK(msg.one("To") == "\"Jo Customer\" <jo@example.com>");
  CHECK(msg.one("Reply-To") == "\"Salon\" <salon@example.com>");
  CHECK(msg.one("Subject") == "Booking confirmed: Haircut");
  CHECK(msg.one("Date") == "Sun, 08 Mar 2026 14:00:00 +0000");
  CHECK(msg.one("Message-ID") == "<abc123@platform.example>");
  CHECK(msg.one("MIME-Version") == "1.0");
  CHECK(msg.one("Auto-Submitted") == "auto-generated");

  REQUIRE(msg.media_type == "multipart/mixed");
  REQUIRE(msg.parts.size() == 2);
  CHECK(msg.parts[0].media_type == "multipart/alternative");
  REQUIRE(msg.parts[0].parts.size() == 2);
  CHECK(msg.parts[0].parts[0].media_type == "text/plain");
  CHECK(msg.parts[0].parts[0].params.at("charset") == "UTF-8");
  CHECK(msg.parts[0].parts[0].body == "Hi Jo,\nSee you soon.\n");
  CHECK(msg.parts[0].parts[1].media_type == "text/html");
  CHECK(msg.parts[0].parts[1].body == "<p>Hi Jo,</p>");
  const MimePart& cal = msg.parts[1];
  CHECK(cal.media_type == "text/calendar");
  CHECK(cal.params.at("method") == "REQUEST");
  CHECK(cal.one("Content-Transfer-Encoding") == "base64");
  CHECK(cal.one("Content-Disposition") == "attachment; filename=\"booking.ics\"");
  CHECK(cal.body == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
}

TEST_CASE("message: without a calendar the message is multipart/alternative") {
  MimePart msg = parse_mime(build(sample()).data);
  CHECK(msg.media_type == "multipart/alternative");
  CHECK(msg.parts.size() == 2);
}

TEST_CASE("message: CR/LF in a display name or subject cannot add a header") {
  Email e = sample();
  e.to.name = "Jo\r\nBcc: victim@example.com";
  e.from_name = "Salon\nBcc: victim@example.com";
  e.reply_to->name = "X\r\n\r\nbody injection";
  e.subject = "Hello\r\nBcc: victim@example.com\r\n\r\nInjected body";
  MimePart msg = parse_mime(build(e).data);
  std::multiset<std::string> names = header_names(msg);
  CHECK(names.count("Bcc") == 0);
  CHECK(names == std::multiset<std::string>{"From", "To", "Reply-To", "Subject", "Date",
                                            "Message-ID", "MIME-Version", "Auto-Submitted",
                                            "Content-Type"});
  CHECK(msg.one("To") == "\"Jo Bcc: victim@example.com\" <jo@example.com>");
  CHECK(decode_header(msg.one("Subject")) == "Hello Bcc: victim@example.com Injected body");
  CHECK(msg.parts[0].body == "Hi Jo,\nSee you soon.\n");
}

TEST_CASE("message: quotes and backslashes in display names are escaped") {
  Email e = sample();
  e.to.name = "Jo \"The Boss\" \\ Co <evil@example.com>, x@y";
  MimePart msg = parse_mime(build(e).data);
  CHECK(msg.one("To") ==
        "\"Jo \\\"The Boss\\\" \\\\ Co <evil@example.com>, x@y\" <jo@example.com>");
}

TEST_CASE("message: non-ASCII names and subjects become encoded-words") {
  Email e = sample();
  e.to.name = "Zoë Ångström";
  e.subject = "Réservation confirmée : coupe, dimanche 8 mars à 9 h 00 — salon « Zoë » 日本語";
  e.text = "Café ☕";
  BuiltMessage m = build(e);
  MimePart msg = parse_mime(m.data);  // would throw on any 8-bit byte
  CHECK(decode_header(msg.one("To")) == "Zoë Ångström <jo@example.com>");
  CHECK(decode_header(msg.one("Subject")) == e.subject);
  CHECK(msg.parts[0].body == "Café ☕");
  size_t start = m.data.find("Subject: ");
  size_t end = m.data.find("\r\nDate: ");
  for (size_t p = start; p < end;) {
    size_t eol = m.data.find("\r\n", p);
    CHECK(eol - p <= 78);
    p = eol + 2;
  }
  // An ASCII text that looks like an encoded-word is encoded too, so it reads back as sent.
  e.subject = "=?UTF-8?B?SGk=?=";
  CHECK(decode_header(parse_mime(build(e).data).one("Subject")) == "=?UTF-8?B?SGk=?=");
}

TEST_CASE("message: long subjects are folded and lines stay short") {
  Email e = sample();
  e.subject.clear();
  for (int i = 0; i < 30; ++i) e.subject += "word" + std::to_string(i) + " ";
  BuiltMessage m = build(e);
  size_t start = 0;
  size_t header_end = m.data.find("\r\n\r\n");
  while (start < header_end) {
    size_t end = m.data.find("\r\n", start);
    CHECK(end - start <= 78);
    start = end + 2;
  }
  std::string subject = parse_mime(m.data).one("Subject");
  CHECK(subject == e.subject.substr(0, e.subject.size() - 1));
}

TEST_CASE("message: a very long subject is cut, not allowed to grow without bound") {
  Email e = sample();
  e.subject = std::string(5000, 'x');
  MimePart msg = parse_mime(build(e).data);
  std::string subject = decode_header(msg.one("Subject"));
  CHECK(subject.size() <= 240);
  CHECK(subject.starts_with("xxxxxxxx"));
  CHECK(subject.ends_with("…"));
}

TEST_CASE("message: addresses that are not plain are refused") {
  for (std::string bad :
       {"", "jo", "jo@", "@x.com", "jo@x@y.com", "jo @x.com", "jo@x.com\r\nBcc: v@x.com",
        "\"jo\"@x.com", "jo..x@x.com", ".jo@x.com", "jo@[127.0.0.1]", "jo@x.com>", "<jo@x.com"}) {
    INFO(bad);
    CHECK_FALSE(is_plain_address(bad));
    Email e = sample();
    e.to.email = bad;
    auto m = build_message(e, kSender, kDate, "<a@b>");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::kInvalidEmail);
    CHECK(m.error().field == "to.email");
  }
  for (std::string good : {"jo@example.com", "jo.o'neil+tag@mail.example.co.uk", "a@b"})
    CHECK(is_plain_address(good));
  Email e = sample();
  e.reply_to->email = "no";
  CHECK(build_message(e, kSender, kDate, "<a@b>").error().field == "reply_to.email");
  CHECK(build_message(sample(), Sender{"no", "x"}, kDate, "<a@b>").error().field ==
        "sender.address");
  for (std::string bad_id : {"", "abc", "<abc>", "<a@b>\r\nBcc: x@y", "<a @b>"})
    CHECK(build_message(sample(), kSender, kDate, bad_id).error().field == "message_id");
}

TEST_CASE("message: ids are unique and well formed - dates are RFC 5322") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(new_message_id("platform.example"));
  CHECK(ids.size() == 1000);
  std::string id = *ids.begin();
  CHECK(id.size() == 1 + 32 + 1 + 16 + 1);
  CHECK(id.ends_with("@platform.example>"));
  CHECK(new_message_id("bad host\r\n").ends_with("@badhost>"));
  CHECK(new_message_id("").ends_with("@localhost>"));
  CHECK(rfc5322_date(Instant{0}) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(Instant{1772978400}) == "Sun, 08 Mar 2026 14:00:00 +0000");
}

TEST_CASE("message: the boundary never occurs in the encoded bodies") {
  Email e = sample();
  e.text = "--=_slotpay_a_abc123platformexample\n--=_slotpay_m_abc123platformexample--";
  e.html = e.text;
  e.calendar = CalendarPart{"CANCEL", e.text, "../../etc/passwd"};
  MimePart msg = parse_mime(build(e).data);
  REQUIRE(msg.parts.size() == 2);
  CHECK(msg.parts[0].parts[0].body == e.text);
  CHECK(msg.parts[1].body == e.text);
  CHECK(msg.parts[1].params.at("method") == "CANCEL");
  CHECK(msg.parts[1].params.at("name") == ".._.._etc_passwd");
}

TEST_CASE("message: http URLs only") {
  CHECK(is_http_url("https://book.example.com/m?t=a.b"));
  CHECK(is_http_url("http://127.0.0.1:8080/m"));
  CHECK_FALSE(is_http_url("javascript:alert(1)"));
  CHECK_FALSE(is_http_url("https://x.example/\"onmouseover=\"alert(1)"));
  CHECK_FALSE(is_http_url("https://x.example/a b"));
  CHECK_FALSE(is_http_url("https://x.example/\r\nBcc:"));
  CHECK_FALSE(is_http_url("data:text/html,<script>"));
  CHECK_FALSE(is_http_url("//x.example"));
}
