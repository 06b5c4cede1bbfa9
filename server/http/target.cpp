#include "http/target.hpp"

namespace slotpay::server::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<Target> parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/') return std::nullopt;
  auto hash = target.find('#');  // never sent by browsers; ignore it if a client does
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  auto q = target.find('?');
  Target t;
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  t.path = std::move(*path);
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    t.query.emplace_back(std::move(*key), std::move(*value));
  }
  return t;
}

}  // namespace slotpay::server::http
