// The signature on Slotpay's deliveries to a merchant's webhook endpoint (issue #11 item
// 7): `Slotpay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
// the scheme of Stripe's own Stripe-Signature, so a merchant verifies it the way they
// verify Stripe's (and our verifier of Stripe's header checks ours: one implementation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stripe/webhook_signature.hpp"

namespace slotpay::server::hooks {

inline constexpr std::string_view kSignatureHeader = "Slotpay-Signature";
// How old a delivery's timestamp may be when the receiver checks it (as Stripe's).
inline constexpr int64_t kSignatureToleranceSeconds = 300;

// A new endpoint secret: "spwhsec_" + 64 hex characters (256 random bits). Shown to the
// merchant once; stored as given (it is needed to sign, so it cannot be hashed).
std::string new_endpoint_secret();

// The header value for `body` sent at `timestamp_s`.
std::string sign_delivery(std::string_view body, std::string_view secret, int64_t timestamp_s);

// The receiver's check (used by the tests' receiver, and documented for merchants).
SignatureVerdict verify_delivery(std::string_view body, std::string_view header,
                                 std::string_view secret, int64_t now_s);

}  // namespace slotpay::server::hooks
