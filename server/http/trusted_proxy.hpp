// Issue #9: --trusted-proxy. Behind a TLS proxy every request arrives from the proxy's
// address; the client's comes in X-Forwarded-For / Forwarded, which anyone can also
// send. These pure functions believe those headers only from a trusted peer, and only
// up to the rightmost hop that is not itself a trusted proxy (hops to its left were
// written by the client and prove nothing).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace slotpay::server::http {

// An IPv4 or IPv6 network. IPv4 is kept as its IPv4-mapped IPv6 form (::ffff:a.b.c.d,
// prefix + 96), so one comparison serves both and a mapped peer matches an IPv4 range.
struct Cidr {
  std::array<uint8_t, 16> bytes{};
  int prefix = 128;
};

// "10.0.0.0/8", "2001:db8::/32", or a single address ("127.0.0.1" = /32, "::1" = /128).
// nullopt for anything else (bad address, prefix out of range, junk after it).
std::optional<Cidr> parse_cidr(std::string_view text);

// An address as 16 bytes (IPv4 as IPv4-mapped IPv6); nullopt when not an address.
std::optional<std::array<uint8_t, 16>> parse_ip(std::string_view text);

bool cidr_contains(const Cidr& net, const std::array<uint8_t, 16>& ip);
bool is_trusted(const std::vector<Cidr>& trusted, std::string_view address);

// The hops of a forwarding header value, left to right, as written: X-Forwarded-For
// ("a, b") or Forwarded ("for=a;proto=https, for=\"[2001:db8::1]:443\""); for Forwarded
// the node of each element's for= (quotes, brackets and a port removed; "unknown" and
// obfuscated nodes kept, they are not addresses). An empty list for a value with no hop.
std::vector<std::string> forwarded_for_hops(std::string_view value);
std::vector<std::string> x_forwarded_for_hops(std::string_view value);

// The client address: `peer` unless it is trusted; then the rightmost hop of
// X-Forwarded-For (or, without it, Forwarded; all instances of the header in order)
// that is not trusted. A hop that is not an address stops the walk: the hop to its
// right (the last one vouched for) is the client. All hops trusted: the leftmost.
std::string forwarded_client(const std::string& peer, const HeaderList& headers,
                             const std::vector<Cidr>& trusted);

}  // namespace slotpay::server::http
