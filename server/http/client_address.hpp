// Who a request comes from: the one place that decides (rate limits and logs use it).
// Today the TCP peer's address; issue #9 adds --trusted-proxy here (X-Forwarded-For /
// Forwarded believed only from a trusted proxy's address).
#pragma once

#include <string>

#include "http/message.hpp"

namespace slotpay::server::http {

// The peer address as text, IPv4-mapped IPv6 ("::ffff:1.2.3.4") shown as IPv4.
std::string normalize_peer_address(const std::string& peer);

// The client address of a request that arrived from `peer` with `headers`.
std::string client_address(const std::string& peer, const HeaderList& headers);

}  // namespace slotpay::server::http
