#include "app/api_keys.hpp"

#include "app/crypto.hpp"

namespace slotpay::server {

NewApiKey make_api_key(StripeMode mode) {
  NewApiKey k;
  k.id = "ak_" + random_hex(8);
  k.secret = std::string("spk_") + to_string(mode) + "_" + random_hex(24);
  k.hash = api_key_hash(k.secret);
  k.prefix = k.secret.substr(0, 13) + "…";
  return k;
}

std::optional<StripeMode> api_key_mode(std::string_view key) {
  for (auto mode : {StripeMode::kTest, StripeMode::kLive}) {
    std::string prefix = std::string("spk_") + to_string(mode) + "_";
    if (key.size() != prefix.size() + 48 || key.substr(0, prefix.size()) != prefix) continue;
    for (char c : key.substr(prefix.size()))
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    return mode;
  }
  return std::nullopt;
}

std::string api_key_hash(std::string_view key) { return sha256_hex(key); }

}  // namespace slotpay::server
