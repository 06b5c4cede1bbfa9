#include "hooks/signature.hpp"

#include "app/crypto.hpp"

namespace slotpay::server::hooks {

std::string new_endpoint_secret() { return "spwhsec_" + random_hex(32); }

std::string sign_delivery(std::string_view body, std::string_view secret, int64_t timestamp_s) {
  return sign_stripe_payload(body, secret, timestamp_s);
}

SignatureVerdict verify_delivery(std::string_view body, std::string_view header,
                                 std::string_view secret, int64_t now_s) {
  return verify_stripe_signature(body, header, secret, now_s, kSignatureToleranceSeconds);
}

}  // namespace slotpay::server::hooks
