// One email as bytes (RFC 5322 + MIME): headers that cannot be injected into, a plain
// text and an HTML body (multipart/alternative, quoted-printable) and, when there is
// one, a calendar part (text/calendar; method=..., Base64), all in multipart/mixed.
//
// Header safety: every header value is made one line (CR, LF and other controls become
// spaces) before it is written, so a display name "Jo\r\nBcc: x@y" stays inside the
// To: header as text; non-ASCII display names and subjects are RFC 2047 encoded-words;
// an address that is not a plain addr-spec is refused, never quoted into place.
// Pure functions (new_message_id aside: it draws random bytes); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/error.hpp"
#include "slotpay/time.hpp"

namespace slotpay::mail {

struct Mailbox {
  std::string name;   // display name, any text (may be empty)
  std::string email;  // addr-spec; see is_plain_address
};

struct CalendarPart {
  std::string method;                    // "REQUEST" | "CANCEL" (the ICS's METHOD)
  std::string ics;                       // write_ics() output
  std::string filename = "booking.ics";  // [A-Za-z0-9._-] only; anything else becomes "_"
};

// What a template produces: who it is for and what it says.
struct Email {
  std::string kind;  // "booking_confirmed", ...: for the outbox and metrics, not sent
  Mailbox to;
  std::optional<Mailbox> reply_to;
  std::string from_name;  // display name on the From: line (the merchant's name)
  std::string subject;
  std::string text;  // plain text body (LF line breaks)
  std::string html;  // HTML body, every supplied text already escaped
  std::optional<CalendarPart> calendar;
};

// The server's sending identity: SMTP_FROM's address, the host for Message-IDs.
struct Sender {
  std::string address;  // "bookings@platform.example"
  std::string host;     // Message-ID right-hand side; default: the address's domain
};

struct BuiltMessage {
  std::string message_id;               // "<...@host>", as in the header
  std::string envelope_from;            // MAIL FROM
  std::vector<std::string> recipients;  // RCPT TO
  std::string data;                     // the message, CRLF line ends, lines <= 998 octets
};

// Builds the message. Errors: kInvalidEmail for a recipient, reply-to or sender address
// that is not a plain addr-spec (field "to.email", "reply_to.email", "sender.address"),
// kInvalidField for a message id that is not "<x@y>" ("message_id").
Result<BuiltMessage> build_message(const Email& email, const Sender& sender, Instant date,
                                   std::string_view message_id);

// "<32 random hex digits@host>" (RAND_bytes; throws std::runtime_error if the random
// generator fails). `host` is reduced to [A-Za-z0-9.-]; "localhost" when nothing is left.
std::string new_message_id(std::string_view host);

// An addr-spec of the dot-atom form (no quoted local parts, no comments, no IP literals):
// what the core's email validation lets through, and safe to write after "<" and in
// RCPT TO. At most 254 octets.
bool is_plain_address(std::string_view email);

// An http(s) URL of at most 2048 characters without spaces, quotes, backslashes, angle
// brackets or controls: safe in an href, an ICS URL property and a line of plain text.
// Anything else (javascript:, data:, junk) is not used as a link.
bool is_http_url(std::string_view url);

// `"Name" <email>`, `=?UTF-8?B?...?= <email>` or `email` alone when the name is empty.
// The email must satisfy is_plain_address.
std::string format_mailbox(const Mailbox& m);

// RFC 5322 date-time in UTC: "Sun, 08 Mar 2026 14:00:00 +0000".
std::string rfc5322_date(Instant t);

// A header field "Name: value\r\n", the value made one line, encoded when non-ASCII (or
// when it contains "=?", which a reader would take for an encoded-word) and folded at
// spaces so lines stay within 78 characters where possible.
std::string header_field(std::string_view name, std::string_view value);

}  // namespace slotpay::mail
