// Internal to the templates: one email body written twice, as plain text and as HTML,
// from the same calls, so the two never say different things. Every string handed to a
// Layout is text; it is escaped on the way into the HTML.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mail/strings.hpp"

namespace slotpay::mail {

class Layout {
 public:
  Layout(const MailStrings& strings, std::string_view title);

  void paragraph(std::string_view text);  // newlines become line breaks
  void heading(std::string_view text);
  // Label/value rows; rows with an empty value are left out.
  void fields(const std::vector<std::pair<std::string, std::string>>& rows);
  // A call to action: a button in HTML; in text, `text_line` (which names the URL).
  // Nothing at all when the URL is not an http(s) URL.
  void button(std::string_view label, std::string_view url, std::string_view text_line);
  void note(std::string_view text);  // smaller print

  std::string text() const { return text_; }
  std::string html() const;

 private:
  const MailStrings& strings_;
  std::string title_;
  std::string text_;
  std::string html_;
};

}  // namespace slotpay::mail
