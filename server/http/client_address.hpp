// Who a request comes from: the one place that decides (rate limits and logs use it).
// The TCP peer's address, or with --trusted-proxy the client a trusted proxy names in
// X-Forwarded-For / Forwarded (trusted_proxy.hpp).
#pragma once

#include <string>

#include "http/message.hpp"
#include "http/trusted_proxy.hpp"

namespace slotpay::server::http {

// The peer address as text, IPv4-mapped IPv6 ("::ffff:1.2.3.4") shown as IPv4.
std::string normalize_peer_address(const std::string& peer);

// The key limits count a client by: an IPv4 address as is; an IPv6 address by its /64
// ("2001:db8:1:2::/64"), since one customer usually holds a whole /64. Anything that is
// not an address comes back unchanged.
std::string client_key(const std::string& address);

// The client address of a request that arrived from `peer` with `headers`.
std::string client_address(const std::string& peer, const HeaderList& headers,
                           const std::vector<Cidr>& trusted_proxies = {});

}  // namespace slotpay::server::http
