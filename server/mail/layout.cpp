#include "mail/layout.hpp"

#include "mail/encoding.hpp"
#include "mail/message.hpp"
#include "mail/templates.hpp"

namespace slotpay::mail {
namespace {

// Escaped, with line breaks as <br>.
std::string html_lines(std::string_view text) {
  std::string escaped = html_escape(text);
  std::string out;
  for (char c : escaped) {
    if (c == '\n')
      out += "<br>";
    else
      out += c;
  }
  return out;
}

constexpr std::string_view kBodyStyle =
    "margin:0 auto;max-width:560px;padding:24px;background:#ffffff;color:#18181b;"
    "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;"
    "line-height:1.5";

}  // namespace

Layout::Layout(const MailStrings& strings, std::string_view title)
    : strings_(strings), title_(title) {}

void Layout::paragraph(std::string_view text) {
  std::string clean = sanitize_utf8(text);
  text_ += clean + "\n\n";
  html_ += "<p style=\"margin:0 0 16px\">" + html_lines(clean) + "</p>\n";
}

void Layout::heading(std::string_view text) {
  std::string clean = sanitize_utf8(text);
  text_ += clean + "\n";
  html_ += "<h2 style=\"margin:24px 0 8px;font-size:18px\">" + html_escape(clean) + "</h2>\n";
}

void Layout::fields(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string table;
  for (const auto& [label, value] : rows) {
    if (value.empty()) continue;
    std::string l = sanitize_utf8(label);
    std::string v = sanitize_utf8(value);
    // Continuation lines of a multi-line value are indented under the label.
    std::string indented;
    for (char c : v) indented += c == '\n' ? std::string("\n  ") : std::string(1, c);
    text_ += l + std::string(strings_.label_colon) + indented + "\n";
    // The gap goes between label and value: on the label's right, or its left when the
    // text runs right to left (physical padding: email clients ignore the logical kind).
    std::string_view gap = strings_.dir == "rtl" ? "4px 0 4px 16px" : "4px 16px 4px 0";
    table += "<tr><th style=\"text-align:start;vertical-align:top;padding:" + std::string(gap) +
             ";font-weight:600;white-space:nowrap\">" + html_escape(l) +
             "</th><td style=\"padding:4px 0\">" + html_lines(v) + "</td></tr>\n";
  }
  if (table.empty()) return;
  text_ += "\n";
  html_ += "<table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 16px\">\n" +
           table + "</table>\n";
}

void Layout::button(std::string_view label, std::string_view url, std::string_view text_line) {
  if (!is_http_url(url)) return;
  text_ += sanitize_utf8(text_line) + "\n\n";
  html_ += "<p style=\"margin:0 0 16px\"><a href=\"" + html_escape(url) +
           "\" style=\"display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;"
           "text-decoration:none;border-radius:6px;font-weight:600\">" +
           html_escape(sanitize_utf8(label)) + "</a></p>\n";
}

void Layout::note(std::string_view text) {
  std::string clean = sanitize_utf8(text);
  text_ += clean + "\n\n";
  html_ +=
      "<p style=\"margin:0 0 16px;font-size:14px;color:#52525b\">" + html_lines(clean) + "</p>\n";
}

std::string Layout::html() const {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + html_escape(strings_.tag) + "\" dir=\"" +
                    html_escape(strings_.dir) + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
                    "<meta name=\"viewport\" content=\"width=device-width\">\n<title>" +
                    html_escape(sanitize_utf8(title_)) + "</title>\n</head>\n" +
                    "<body style=\"margin:0;padding:16px;background:#f4f4f5\">\n<div style=\"" +
                    std::string(kBodyStyle) + "\">\n";
  out += html_;
  out += "</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace slotpay::mail
