// Stripe keys as a merchant or the operator types them: trimmed (with a warning when
// something was trimmed), prefixes and test/live modes checked, never mixed. Pure
// functions, unit-tested (tests/server/merchant_rules_test.cpp); no key ever reaches a
// message (messages name the field, not the value).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/api_error.hpp"

namespace slotpay::server {

// Every key, setting and booking belongs to one side of Stripe: test or live.
enum class StripeMode { kTest, kLive };
const char* to_string(StripeMode m);  // "test" | "live"
std::optional<StripeMode> stripe_mode_from(std::string_view s);

// The mode a key of one of the given kinds is in ("sk", "rk", "pk"): kind_test_... or
// kind_live_... followed by at least one of [A-Za-z0-9_]. nullopt otherwise.
std::optional<StripeMode> stripe_key_mode(std::string_view key,
                                          std::initializer_list<std::string_view> kinds);

// ASCII whitespace (spaces, tabs, line breaks) removed from both ends.
std::string trim_ascii(std::string_view s);

struct StripeKeySet {
  std::string publishable_key;  // pk_test_... / pk_live_...
  std::string secret_key;       // sk_... or a restricted rk_...
  std::string webhook_secret;   // whsec_...
};

struct StripeKeySetCheck {
  std::optional<ApiError> error;  // invalid_stripe_key / stripe_mode_mismatch, by field
  StripeKeySet keys;              // trimmed
  StripeMode mode = StripeMode::kTest;
  std::vector<std::string> warnings;  // "secret_key: surrounding whitespace was removed"
};

// Trims the three keys and checks them: pk_ for the publishable key, sk_ or rk_ for the
// secret key, whsec_ for the webhook secret, only [A-Za-z0-9_] inside, publishable and
// secret keys in the same mode. The first problem found is the error.
StripeKeySetCheck check_stripe_keys(const StripeKeySet& raw);

// "…" plus the last 4 characters: enough for a person to recognise a key.
std::string key_hint(std::string_view key);

}  // namespace slotpay::server
