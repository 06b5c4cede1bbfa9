#include "app/sessions.hpp"

#include "app/crypto.hpp"
#include "stripe/webhook_signature.hpp"

namespace slotpay::server {

std::string new_session_token() { return random_hex(32); }

std::string session_token_hash(std::string_view token) { return sha256_hex(token); }

std::string csrf_token_for(std::string_view token) {
  return hmac_sha256_hex(token, "slotpay-csrf-v1");
}

bool csrf_ok(std::string_view token, std::string_view header_value) {
  if (token.empty() || header_value.empty()) return false;
  return constant_time_equal(csrf_token_for(token), header_value);
}

SessionVerdict session_verdict(const SessionTimes& s, int64_t now_ms, const SessionPolicy& p) {
  if (now_ms >= s.expires_at_ms || now_ms >= s.created_at_ms + p.max_age_ms)
    return SessionVerdict::kExpired;
  if (now_ms >= s.last_seen_at_ms + p.idle_ms) return SessionVerdict::kIdle;
  return SessionVerdict::kValid;
}

bool session_needs_touch(const SessionTimes& s, int64_t now_ms, const SessionPolicy& p) {
  return now_ms - s.last_seen_at_ms >= p.touch_after_ms;
}

bool is_state_changing(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace slotpay::server
