#include "http/client_address.hpp"

namespace slotpay::server::http {

std::string normalize_peer_address(const std::string& peer) {
  const std::string mapped = "::ffff:";
  if (peer.size() > mapped.size() && iequals(peer.substr(0, mapped.size()), mapped) &&
      peer.find('.') != std::string::npos)
    return peer.substr(mapped.size());
  return peer;
}

std::string client_address(const std::string& peer, const HeaderList& /*headers*/) {
  // Forwarding headers are ignored: anyone can send them (issue #9 trusts a proxy's).
  return normalize_peer_address(peer);
}

}  // namespace slotpay::server::http
