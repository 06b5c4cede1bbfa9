#include "http/trusted_proxy.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace slotpay::server::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t at = s.find(sep);
    out.push_back(trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

bool is_v4_mapped(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

// The node of a Forwarded for= value: "1.2.3.4", "1.2.3.4:80", "[2001:db8::1]:443".
std::string node_address(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.front() == '[') {
    size_t close = v.find(']');
    return std::string(close == std::string_view::npos ? v.substr(1) : v.substr(1, close - 1));
  }
  size_t colon = v.find(':');
  // One colon: IPv4 with a port. More: an IPv6 address written without brackets.
  if (colon != std::string_view::npos && v.find(':', colon + 1) == std::string_view::npos)
    v = v.substr(0, colon);
  return std::string(v);
}

std::string to_text(const std::array<uint8_t, 16>& b) {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4_mapped(b)) {
    inet_ntop(AF_INET, b.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, b.data(), text, sizeof text);
  }
  return text;
}

}  // namespace

std::optional<std::array<uint8_t, 16>> parse_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN ||
      text.find('\0') != std::string_view::npos)  // inet_pton would stop at a NUL
    return std::nullopt;
  std::string s(text);
  std::array<uint8_t, 16> b{};
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), b.data() + 12) != 1) return std::nullopt;
    b[10] = b[11] = 0xff;
    return b;
  }
  if (inet_pton(AF_INET6, s.c_str(), b.data()) != 1) return std::nullopt;
  return b;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  size_t slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const bool v4 = is_v4_mapped(*ip) && text.substr(0, slash).find(':') == std::string_view::npos;
  int prefix = v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    auto p = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || prefix < 0 ||
        prefix > (v4 ? 32 : 128))
      return std::nullopt;
  }
  Cidr c{*ip, v4 ? prefix + 96 : prefix};
  // The network's own bits only: "10.1.2.3/8" is 10.0.0.0/8.
  for (int bit = c.prefix; bit < 128; ++bit) c.bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  return c;
}

bool cidr_contains(const Cidr& net, const std::array<uint8_t, 16>& ip) {
  int whole = net.prefix / 8, rest = net.prefix % 8;
  for (int i = 0; i < whole; ++i)
    if (ip[i] != net.bytes[i]) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (ip[whole] & mask) == net.bytes[whole];
}

bool is_trusted(const std::vector<Cidr>& trusted, std::string_view address) {
  if (trusted.empty()) return false;
  auto ip = parse_ip(address);
  if (!ip) return false;
  for (const auto& net : trusted)
    if (cidr_contains(net, *ip)) return true;
  return false;
}

std::vector<std::string> x_forwarded_for_hops(std::string_view value) {
  std::vector<std::string> out;
  for (auto hop : split(value, ','))
    if (!hop.empty()) out.push_back(node_address(hop));
  return out;
}

std::vector<std::string> forwarded_for_hops(std::string_view value) {
  std::vector<std::string> out;
  // Quoted strings may hold ',' or ';' only inside an obfuscated node or a port, which
  // are not addresses anyway: a split that cuts one yields a non-address, which stops
  // the walk (safe).
  for (auto element : split(value, ',')) {
    std::string hop;
    for (auto pair : split(element, ';')) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (iequals(trim(pair.substr(0, eq)), "for")) hop = node_address(trim(pair.substr(eq + 1)));
    }
    out.push_back(hop);  // an element without for=: an empty, non-address hop
  }
  return out;
}

std::string forwarded_client(const std::string& peer, const HeaderList& headers,
                             const std::vector<Cidr>& trusted) {
  if (!is_trusted(trusted, peer)) return peer;
  std::vector<std::string> hops;
  for (const auto& [name, value] : headers)
    if (iequals(name, "X-Forwarded-For"))
      for (auto& h : x_forwarded_for_hops(value)) hops.push_back(std::move(h));
  if (hops.empty())
    for (const auto& [name, value] : headers)
      if (iequals(name, "Forwarded"))
        for (auto& h : forwarded_for_hops(value)) hops.push_back(std::move(h));
  std::string client = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto ip = parse_ip(*it);
    if (!ip) break;  // junk: the last hop vouched for is the client
    client = to_text(*ip);
    if (!is_trusted(trusted, client)) break;
  }
  return client;
}

}  // namespace slotpay::server::http
