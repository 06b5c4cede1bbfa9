// Which URLs a merchant may register as a webhook endpoint, and which addresses a
// delivery may connect to. The server makes these requests itself, so an endpoint is a
// way to make it call anything the merchant names: without these checks a merchant could
// reach the machine's own services or a cloud metadata address (server-side request
// forgery). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slotpay::server::hooks {

struct EndpointUrl {
  std::string host;  // lowercase; an IPv6 literal without its brackets
  int port = 443;
  std::string target;  // path and query, "/" at least
};

struct EndpointUrlError {
  std::string code;     // "invalid_url" | "https_required" | "forbidden_host"
  std::string message;  // for the merchant
};

struct EndpointRules {
  // Tests and the demo deliver to a receiver on 127.0.0.1 over plain HTTP.
  bool allow_loopback_http = false;
};

// Parses and checks an endpoint: https (http only to loopback when allowed), a host, no
// user:password part, no fragment, at most 2,048 characters, a port in 1..65535; a host
// that is an IP literal must be a public address (see is_public_address); "localhost"
// counts as loopback.
struct ParsedEndpoint {
  std::optional<EndpointUrl> url;
  std::optional<EndpointUrlError> error;
};
ParsedEndpoint parse_endpoint_url(std::string_view text, const EndpointRules& rules);

// Whether a delivery may connect to `address` (an IPv4 or IPv6 literal, as resolved):
// false for loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
// (169.254/16 with the cloud metadata address, fe80::/10), carrier-grade NAT (100.64/10),
// "this network" (0/8), multicast, broadcast and reserved ranges, documentation ranges,
// and IPv4-mapped/compatible IPv6 forms of any of these. Unparseable text is not public.
bool is_public_address(std::string_view address);

}  // namespace slotpay::server::hooks
