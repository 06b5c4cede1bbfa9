#include "hooks/endpoint_url.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdint>

namespace slotpay::server::hooks {

namespace {

constexpr size_t kMaxUrlLength = 2048;

ParsedEndpoint fail(std::string code, std::string message) {
  return ParsedEndpoint{std::nullopt, EndpointUrlError{std::move(code), std::move(message)}};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == prefix;
}

// a.b.c.d as a 32-bit number, or nullopt.
std::optional<uint32_t> parse_ipv4(std::string_view text) {
  in_addr a{};
  if (inet_pton(AF_INET, std::string(text).c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view text) {
  in6_addr a{};
  if (inet_pton(AF_INET6, std::string(text).c_str(), &a) != 1) return std::nullopt;
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < 16; ++i) bytes[i] = a.s6_addr[i];
  return bytes;
}

bool in_v4(uint32_t ip, uint32_t net, int prefix) {
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (ip & mask) == (net & mask);
}

constexpr uint32_t v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d;
}

bool is_public_v4(uint32_t ip) {
  struct Range {
    uint32_t net;
    int prefix;
  };
  static constexpr Range kNotPublic[] = {
      {v4(0, 0, 0, 0), 8},      {v4(10, 0, 0, 0), 8},     {v4(100, 64, 0, 0), 10},
      {v4(127, 0, 0, 0), 8},    {v4(169, 254, 0, 0), 16}, {v4(172, 16, 0, 0), 12},
      {v4(192, 0, 0, 0), 24},   {v4(192, 0, 2, 0), 24},   {v4(192, 88, 99, 0), 24},
      {v4(192, 168, 0, 0), 16}, {v4(198, 18, 0, 0), 15},  {v4(198, 51, 100, 0), 24},
      {v4(203, 0, 113, 0), 24}, {v4(224, 0, 0, 0), 4},    {v4(240, 0, 0, 0), 4},
  };
  for (const Range& r : kNotPublic)
    if (in_v4(ip, r.net, r.prefix)) return false;
  return true;
}

uint32_t v4_at(const std::array<uint8_t, 16>& b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
         b[at + 3];
}

bool all_zero(const std::array<uint8_t, 16>& b, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i)
    if (b[i] != 0) return false;
  return true;
}

bool is_public_v6(const std::array<uint8_t, 16>& b) {
  // IPv4-mapped ::ffff:a.b.c.d and the old IPv4-compatible ::a.b.c.d (incl. :: and ::1).
  if (all_zero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff) return is_public_v4(v4_at(b, 12));
  if (all_zero(b, 0, 12)) return false;
  // NAT64 64:ff9b::/96 carries an IPv4 address in its last 32 bits.
  static constexpr std::array<uint8_t, 12> kNat64 = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::equal(kNat64.begin(), kNat64.end(), b.begin())) return is_public_v4(v4_at(b, 12));
  // Only 2000::/3 is global unicast (multicast ff00::/8, unique local fc00::/7,
  // link-local fe80::/10 and the rest are outside it).
  if ((b[0] & 0xe0) != 0x20) return false;
  // 6to4 2002::/16 carries an IPv4 address in bytes 2..5.
  if (b[0] == 0x20 && b[1] == 0x02) return is_public_v4(v4_at(b, 2));
  // 2001::/23 holds Teredo (2001::/32), benchmarking and ORCHID blocks; 2001:db8::/32
  // is documentation.
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;
  return true;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"))) return true;
  if (auto ip = parse_ipv4(host)) return in_v4(*ip, v4(127, 0, 0, 0), 8);
  if (auto ip = parse_ipv6(host)) {
    std::array<uint8_t, 16> one{};
    one[15] = 1;
    return *ip == one;
  }
  return false;
}

bool valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  return host.front() != '.' && host.front() != '-';
}

}  // namespace

bool is_public_address(std::string_view address) {
  if (auto ip = parse_ipv4(address)) return is_public_v4(*ip);
  if (auto ip = parse_ipv6(address)) return is_public_v6(*ip);
  return false;
}

ParsedEndpoint parse_endpoint_url(std::string_view text, const EndpointRules& rules) {
  if (text.empty() || text.size() > kMaxUrlLength)
    return fail("invalid_url", "an endpoint URL has 1 to 2,048 characters");
  for (char c : text)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return fail("invalid_url", "an endpoint URL has no spaces or control characters");
  if (text.find('#') != std::string_view::npos)
    return fail("invalid_url", "an endpoint URL has no #fragment");

  bool https = false;
  std::string_view rest;
  if (starts_with_ci(text, "https://")) {
    https = true;
    rest = text.substr(8);
  } else if (starts_with_ci(text, "http://")) {
    rest = text.substr(7);
  } else {
    return fail("https_required", "an endpoint URL starts with https://");
  }

  const size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::string_view path =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  // "/" when there is no path; "/?q" for "host?q".
  std::string target;
  if (path.empty() || path.front() == '?') target.push_back('/');
  target.append(path);
  if (authority.find('@') != std::string_view::npos)
    return fail("invalid_url", "an endpoint URL carries no user name or password");

  EndpointUrl url;
  url.target = target;
  url.port = https ? 443 : 80;
  std::string_view host_part = authority;
  std::string_view port_part;
  bool ip6_literal = false;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("invalid_url", "an unclosed [IPv6] host");
    host_part = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return fail("invalid_url", "a malformed host");
    if (!after.empty()) port_part = after.substr(1);
    ip6_literal = true;
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host_part = authority.substr(0, colon);
    port_part = authority.substr(colon + 1);
  }
  url.host = lower(host_part);
  if (ip6_literal ? !parse_ipv6(url.host) : !(parse_ipv4(url.host) || valid_host_name(url.host)))
    return fail("invalid_url", "the endpoint's host is not a valid name or address");
  if (!port_part.empty() || authority.ends_with(":")) {
    if (port_part.empty() || port_part.size() > 5) return fail("invalid_url", "a malformed port");
    int port = 0;
    for (char c : port_part) {
      if (c < '0' || c > '9') return fail("invalid_url", "a malformed port");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return fail("invalid_url", "a port is 1 to 65535");
    url.port = port;
  }

  const bool loopback = is_loopback_host(url.host);
  if (loopback) {
    if (!rules.allow_loopback_http)
      return fail("forbidden_host", "an endpoint cannot be on this machine");
    return ParsedEndpoint{std::move(url), std::nullopt};
  }
  if (!https) return fail("https_required", "an endpoint URL starts with https://");
  const bool ip_literal = ip6_literal || parse_ipv4(url.host).has_value();
  if (ip_literal && !is_public_address(url.host))
    return fail("forbidden_host", "an endpoint must be on the public internet");
  return ParsedEndpoint{std::move(url), std::nullopt};
}

}  // namespace slotpay::server::hooks
