#include "http/demo_outbox.hpp"

#include "app/clock.hpp"
#include "mail/templates.hpp"

namespace slotpay::server::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string esc(std::string_view s) { return mail::html_escape(s); }

}  // namespace

std::string quoted_printable_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {
      i += 1;
      continue;
    }
    int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      out += c;
      continue;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::optional<std::string> html_body_of(std::string_view data) {
  size_t type = data.find("Content-Type: text/html");
  if (type == std::string_view::npos) return std::nullopt;
  size_t body = data.find("\r\n\r\n", type);
  if (body == std::string_view::npos) return std::nullopt;
  body += 4;
  // The part ends at the next boundary line ("\r\n--").
  size_t end = data.find("\r\n--", body);
  if (end == std::string_view::npos) end = data.size();
  return quoted_printable_decode(data.substr(body, end - body));
}

std::string outbox_list_page(const std::vector<OutboxMessage>& messages) {
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Slotpay demo: "
      "outbox</title><style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:"
      "collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head><body>"
      "<h1>Outbox</h1><p>The emails booking changes queued (without an SMTP server "
      "they stay here). Newest first.</p><table><thead><tr><th>Queued "
      "(UTC)</th><th>Status</th><th>Kind</th>"
      "<th>To</th><th>Subject</th><th>Booking</th><th></th></tr></thead><tbody>";
  for (const auto& m : messages) {
    std::string to;
    for (const auto& r : m.recipients) to += (to.empty() ? "" : ", ") + r;
    out += "<tr><td>" + esc(rfc3339_utc(m.queued_at_ms)) + "</td><td>" + esc(to_string(m.status)) +
           "</td><td>" + esc(m.kind) + "</td><td>" + esc(to) + "</td><td><a href=\"/demo/outbox/" +
           esc(m.id) + "\">" + esc(m.subject) + "</a></td><td>" + esc(m.booking_id) +
           "</td><td><a href=\"/demo/outbox/" + esc(m.id) + "/source\">source</a></td></tr>";
  }
  if (messages.empty()) out += "<tr><td colspan=\"7\">No messages yet.</td></tr>";
  out += "</tbody></table></body></html>\n";
  return out;
}

}  // namespace slotpay::server::http
