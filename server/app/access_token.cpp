#include "app/access_token.hpp"

#include "app/crypto.hpp"

namespace slotpay::server {

bool token_grants(const BookingRecord& b, const std::string& token, int64_t now_ms) {
  if (token.empty() || token.size() > 128) return false;
  // Compared first whatever the expiry, so the time taken does not tell either.
  const bool same = constant_time_equal(sha256_hex(token), b.access_token_hash);
  const int64_t expires_ms = b.slot.end.seconds * 1000 + kTokenLifetimeAfterEndMs;
  return same && now_ms < expires_ms;
}

}  // namespace slotpay::server
