#include "app/hold_extension.hpp"

#include <algorithm>

#include "app/lifecycle.hpp"

namespace slotpay::server {

int64_t initial_hold_ms(int64_t first_hold_ms, int64_t full_hold_ms) {
  return first_hold_ms > 0 ? std::min(first_hold_ms, full_hold_ms) : full_hold_ms;
}

HoldExtension decide_hold_extension(const BookingRecord& b, int64_t now_ms, int64_t full_hold_ms) {
  // Only a hold waiting for its payment is extended (at the pay step); a booking waiting
  // for its email confirmation has its one hold.
  if (!is_hold(b.status) || b.status == BookingStatus::kPendingConfirmation)
    return {HoldExtensionVerdict::kNotHeld, b.hold_expires_at_ms};
  if (b.hold_expires_at_ms <= now_ms) return {HoldExtensionVerdict::kLapsed, b.hold_expires_at_ms};
  const int64_t full_end = b.created_at_ms + full_hold_ms;
  if (b.hold_expires_at_ms >= full_end)
    return {HoldExtensionVerdict::kAlreadyExtended, b.hold_expires_at_ms};
  return {HoldExtensionVerdict::kExtended, full_end};
}

}  // namespace slotpay::server
