// Widget origins a merchant allows (CORS, the iframe's parent) and the domains that
// wallets (Apple Pay, Google Pay) must be registered for. Pure, unit-tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace slotpay::server {

struct OriginCheck {
  std::string origin;  // normalised: lowercase scheme://host[:port], default port dropped
  std::string error;   // non-empty when refused (then origin is empty)
};

// Accepts "https://host[:port]" (a trailing "/" is dropped); http only for loopback
// hosts (localhost, 127.x.x.x, [::1]) so a developer can test. No user info, path,
// query or fragment; host names of letters, digits, '-' and '.', or an IP literal.
OriginCheck normalize_origin(std::string_view text);

// The host of a normalised origin, without port or IPv6 brackets.
std::string origin_host(std::string_view origin);

// Whether wallets can be registered for this host: a DNS name with a dot, not an IP
// address, not localhost.
bool wallet_domain_ok(std::string_view host);

// At most this many allowed origins per merchant.
inline constexpr size_t kMaxAllowedOrigins = 20;

}  // namespace slotpay::server
