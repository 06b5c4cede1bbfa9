#include "money/csv.hpp"

#include <stdexcept>

namespace slotpay::server::money {

namespace {

bool starts_like_a_formula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

bool needs_quotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

std::string csv_text_cell(std::string_view text) {
  std::string cell;
  if (starts_like_a_formula(text)) cell += '\'';
  cell += text;
  if (!needs_quotes(cell)) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_amount_cell(int64_t minor, int exponent) {
  if (exponent < 0 || exponent > 18) throw std::invalid_argument("csv_amount_cell: exponent");
  // The magnitude as unsigned, so INT64_MIN does not overflow when negated.
  const bool negative = minor < 0;
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (exponent > 0) {
    if (digits.size() <= static_cast<size_t>(exponent))
      digits.insert(0, static_cast<size_t>(exponent) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(exponent), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += cells[i];
  }
  out += "\r\n";
}

}  // namespace slotpay::server::money
