// Merchant API keys for programmatic use: "spk_test_" or "spk_live_" + 48 hex digits
// (192 random bits). Shown once when created; only their SHA-256 is stored (a key has
// enough entropy that a fast hash is safe), with a short prefix to recognise it by.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/stripe_keys.hpp"

namespace slotpay::server {

struct NewApiKey {
  std::string id;      // "ak_" + 16 hex: the key's public id (list, revoke)
  std::string secret;  // the key itself: returned once, never stored
  std::string hash;    // api_key_hash(secret)
  std::string prefix;  // "spk_test_1a2b…": shown in lists
};

// Throws std::runtime_error when the random generator fails.
NewApiKey make_api_key(StripeMode mode);

// The mode of a well-formed key (spk_test_/spk_live_ + 48 lowercase hex); nullopt for
// anything else, so malformed keys are refused before any lookup.
std::optional<StripeMode> api_key_mode(std::string_view key);

std::string api_key_hash(std::string_view key);

}  // namespace slotpay::server
