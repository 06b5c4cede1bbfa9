#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <array>

namespace slotpay::server::http {

std::string normalize_peer_address(const std::string& peer) {
  const std::string mapped = "::ffff:";
  if (peer.size() > mapped.size() && iequals(peer.substr(0, mapped.size()), mapped) &&
      peer.find('.') != std::string::npos)
    return peer.substr(mapped.size());
  return peer;
}

std::string client_key(const std::string& address) {
  if (address.find(':') == std::string::npos) return address;
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return address;
  for (size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, bytes.data(), text, sizeof text)) return address;
  return std::string(text) + "/64";
}

std::string client_address(const std::string& peer, const HeaderList& headers,
                           const std::vector<Cidr>& trusted_proxies) {
  // Forwarding headers are believed only from a trusted proxy: anyone can send them.
  return forwarded_client(normalize_peer_address(peer), headers, trusted_proxies);
}

}  // namespace slotpay::server::http
