// Verification of the Stripe-Signature header on a webhook's raw body, as
// stripe-node's Webhooks.signature.verifyHeader does (shared/stripe/FACTS.md 2.1, 2.2):
//   - the header is split on ',' and each item on the first '='; "t" is the timestamp,
//     every "v1" is a candidate signature; other schemes (v0) are ignored, so a
//     downgrade to v0 fails; no whitespace trimming;
//   - expected = lowercase hex HMAC-SHA256 keyed with the whole secret string
//     (including "whsec_") over "<t>.<raw body>";
//   - any v1 equal to it (length check + CRYPTO_memcmp, constant time) matches;
//   - age = now - t; rejected when tolerance > 0 and age > tolerance.
// Future timestamps are accepted, like stripe-node (a vector pins this): a
// signature cannot be forged without the secret and a replayed event changes
// nothing because every event id is recorded once. The server always uses a
// tolerance of 300 s.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slotpay::server {

inline constexpr int64_t kWebhookToleranceSeconds = 300;

struct SignatureVerdict {
  bool ok = false;
  std::string error;  // stripe-node's message when !ok
};

// tolerance_s = 0 disables the age check (verifyHeader semantics); callers that
// want stripe-node's constructEvent semantics pass kWebhookToleranceSeconds.
SignatureVerdict verify_stripe_signature(std::string_view raw_body, std::string_view header,
                                         std::string_view secret, int64_t now_s,
                                         int64_t tolerance_s);

// "t=<timestamp>,v1=<hex>" for tests and the demo: the same string as
// stripe-node's generateTestHeaderString.
std::string sign_stripe_payload(std::string_view raw_body, std::string_view secret,
                                int64_t timestamp_s);

// Lowercase hex HMAC-SHA256.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace slotpay::server
