// CSV for the merchant's exports (RFC 4180), safe to open in a spreadsheet. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace slotpay::server::money {

// Spreadsheets take a UTF-8 file for a legacy code page unless it starts with this.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One cell of text that came from someone else (a customer's name, a coupon code):
// - a cell a spreadsheet would run as a formula (first character = + - @, a tab or a
//   carriage return: OWASP's CSV injection list) gets a leading apostrophe, which
//   spreadsheets show as text and do not evaluate;
// - then, when it holds a comma, a double quote, CR or LF, it is quoted with its quotes
//   doubled (RFC 4180 section 2).
std::string csv_text_cell(std::string_view text);

// An amount in the currency's minor unit written as a decimal number ("-12.50", "1000"
// for exponent 0). Our own digits: never escaped (a leading '-' here is a number, not a
// formula), never quoted.
std::string csv_amount_cell(int64_t minor, int exponent);

// Appends the cells (already made by the two functions above) joined by commas and
// ended by CRLF (RFC 4180's line break).
void append_csv_row(std::string& out, const std::vector<std::string>& cells);

}  // namespace slotpay::server::money
