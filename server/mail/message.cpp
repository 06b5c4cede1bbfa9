#include "mail/message.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "mail/encoding.hpp"

namespace slotpay::mail {
namespace {

constexpr size_t kMaxDisplayNameBytes = 120;
constexpr size_t kMaxSubjectBytes = 240;

bool atext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

// dot-atom: atext runs separated by single dots, no dot at either end.
bool dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!atext(s[i])) {
      return false;
    }
  }
  return true;
}

std::string safe_filename(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 64)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "attachment" : out;
}

// Folds an ASCII header line at spaces so lines stay within 78 characters where a
// space allows it (a longer word is left whole; the hard limit is 998).
std::string fold_ascii(std::string_view line) {
  std::string result;
  size_t start = 0;                       // where the current physical line begins
  size_t space = std::string_view::npos;  // the last space after it: a place to break
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ' && i > start) space = i;
    if (i - start >= 78 && space != std::string_view::npos) {
      result.append(line.substr(start, space - start));
      result += "\r\n";
      start = space;  // the space begins the continuation line
      space = std::string_view::npos;
    }
  }
  result.append(line.substr(start));
  return result;
}

std::string boundary_token(std::string_view message_id) {
  std::string t;
  for (char c : message_id)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) t += c;
  return t.substr(0, 40);
}

std::string text_part(std::string_view subtype, std::string_view body) {
  std::string out = "Content-Type: text/" + std::string(subtype) + "; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += quoted_printable_encode(sanitize_utf8(body));
  out += "\r\n";
  return out;
}

}  // namespace

bool is_plain_address(std::string_view email) {
  if (email.size() > 254) return false;
  size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  return local.size() <= 64 && dot_atom(local) && dot_atom(domain);
}

bool is_http_url(std::string_view url) {
  if (!(url.starts_with("https://") || url.starts_with("http://")) || url.size() > 2048)
    return false;
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`')
      return false;
  }
  return true;
}

std::string format_mailbox(const Mailbox& m) {
  std::string name = truncate_utf8(one_line(sanitize_utf8(m.name)), kMaxDisplayNameBytes);
  if (name.empty()) return m.email;
  if (!is_ascii(name) || name.find("=?") != std::string::npos)
    return encode_header_words(name) + " <" + m.email + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + m.email + ">";
}

std::string rfc5322_date(Instant t) {
  static constexpr const char* kDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  LocalDateTime u = LocalDateTime::from_local_seconds(t.seconds);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[weekday_index(u.date)], u.date.day, kMonths[u.date.month - 1], u.date.year,
                u.minute_of_day / 60, u.minute_of_day % 60, u.second);
  return buf;
}

std::string header_field(std::string_view name, std::string_view value) {
  std::string v = one_line(sanitize_utf8(value));
  if (!is_ascii(v) || v.find("=?") != std::string::npos)
    return std::string(name) + ": " + encode_header_words(v) + "\r\n";
  return fold_ascii(std::string(name) + ": " + v) + "\r\n";
}

std::string new_message_id(std::string_view host) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "<";
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  std::string h;
  for (char c : host)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-')
      h += c;
  return id + "@" + (h.empty() ? "localhost" : h) + ">";
}

Result<BuiltMessage> build_message(const Email& email, const Sender& sender, Instant date,
                                   std::string_view message_id) {
  if (!is_plain_address(sender.address))
    return make_error(ErrorCode::kInvalidEmail, "sender.address",
                      "the sender address is not a plain address");
  if (!is_plain_address(email.to.email))
    return make_error(ErrorCode::kInvalidEmail, "to.email",
                      "the recipient address is not a plain address");
  if (email.reply_to && !is_plain_address(email.reply_to->email))
    return make_error(ErrorCode::kInvalidEmail, "reply_to.email",
                      "the reply-to address is not a plain address");
  if (message_id.size() < 5 || message_id.size() > 250 || message_id.front() != '<' ||
      message_id.back() != '>' || message_id.find('@') == std::string_view::npos ||
      !is_ascii(message_id) || one_line(message_id) != message_id ||
      message_id.find(' ') != std::string_view::npos)
    return make_error(ErrorCode::kInvalidField, "message_id", "a message id is <x@y>");

  BuiltMessage out;
  out.message_id = std::string(message_id);
  out.envelope_from = sender.address;
  out.recipients = {email.to.email};

  std::string token = boundary_token(message_id);
  // "=_" cannot occur in Base64 or quoted-printable text, so no body line matches.
  std::string mixed = "=_slotpay_m_" + token;
  std::string alt = "=_slotpay_a_" + token;

  std::string& d = out.data;
  d += "From: " + format_mailbox({email.from_name, sender.address}) + "\r\n";
  d += "To: " + format_mailbox(email.to) + "\r\n";
  if (email.reply_to) d += "Reply-To: " + format_mailbox(*email.reply_to) + "\r\n";
  d += header_field("Subject",
                    truncate_utf8(one_line(sanitize_utf8(email.subject)), kMaxSubjectBytes));
  d += "Date: " + rfc5322_date(date) + "\r\n";
  d += "Message-ID: " + out.message_id + "\r\n";
  d += "MIME-Version: 1.0\r\n";
  // RFC 3834: keeps vacation responders from answering a booking robot.
  d += "Auto-Submitted: auto-generated\r\n";

  std::string alternative =
      "Content-Type: multipart/alternative;\r\n boundary=\"" + alt + "\"\r\n\r\n";
  alternative += "--" + alt + "\r\n" + text_part("plain", email.text);
  alternative += "--" + alt + "\r\n" + text_part("html", email.html);
  alternative += "--" + alt + "--\r\n";

  if (!email.calendar) {
    d += alternative;
    return out;
  }
  const CalendarPart& cal = *email.calendar;
  std::string method = cal.method == "CANCEL" ? "CANCEL" : "REQUEST";
  std::string filename = safe_filename(cal.filename);
  d += "Content-Type: multipart/mixed;\r\n boundary=\"" + mixed + "\"\r\n\r\n";
  d += "This is a multi-part message in MIME format.\r\n";
  d += "--" + mixed + "\r\n" + alternative;
  d += "--" + mixed + "\r\n";
  d += "Content-Type: text/calendar; charset=UTF-8; method=" + method + ";\r\n name=\"" + filename +
       "\"\r\n";
  d += "Content-Disposition: attachment;\r\n filename=\"" + filename + "\"\r\n";
  d += "Content-Transfer-Encoding: base64\r\n\r\n";
  d += base64_encode_lines(cal.ics);
  d += "--" + mixed + "--\r\n";
  return out;
}

}  // namespace slotpay::mail
