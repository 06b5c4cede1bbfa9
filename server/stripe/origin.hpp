// The Stripe API base URL the client talks to, split into what a connection needs.
#pragma once

#include <optional>
#include <string>

namespace slotpay::server {

struct Origin {
  bool tls = true;          // https
  std::string host;         // DNS name or IP literal, without brackets
  std::string port;         // "443" / "80" when the URL names none
  std::string host_header;  // Host: value (host, [v6], plus :port when not the default)
  bool host_is_ip = false;  // no SNI for IP literals (RFC 6066 3)
};

// "https://api.stripe.com", "http://127.0.0.1:12111/", "https://[::1]:8443". Only a
// scheme, a host and an optional port (a path, query, fragment or user info is refused:
// request paths are absolute). nullopt when the URL is not of that form.
std::optional<Origin> parse_origin(const std::string& base_url);

}  // namespace slotpay::server
