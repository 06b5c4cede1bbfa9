// Issue #9's caps against inventory denial and coupon abuse, as pure decisions on the
// counts the store reads inside the booking's write transaction (so two requests cannot
// both pass a cap with one place left).
#pragma once

#include <cstdint>
#include <optional>

#include "app/api_error.hpp"
#include "slotpay/catalog.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// Live holds (bookings waiting for their online payment) allowed at once; 0 = no cap.
struct HoldCaps {
  int64_t per_client = 5;      // per client key (IPv4 address or IPv6 /64) and merchant
  int64_t per_email = 3;       // per customer email and merchant
  int64_t per_merchant = 200;  // per merchant in all
};

// Whether any cap is on. When none is, the live holds need not be counted at all (the
// count scans the merchant's live holds, which only the per-merchant cap bounds).
bool hold_caps_enabled(const HoldCaps& caps);

// Whether one more live hold may be taken given those already live: nullopt when it
// may, else `too_many_holds` (429) naming the cap reached (the email's field when the
// email is at fault).
std::optional<ApiError> hold_cap_refusal(const LiveHolds& live, const HoldCaps& caps);

// Whether `coupon` may be used once more given its uses so far: nullopt when it may,
// else `coupon_exhausted` (max_redemptions reached) or `coupon_already_used`
// (max_per_customer reached for this email), at booking.coupon. Uses by email are only
// judged when `by_email_known` (the quote route prices without a customer).
std::optional<ApiError> coupon_use_refusal(const slotpay::Coupon& coupon, const CouponUses& uses,
                                           bool by_email_known);

}  // namespace slotpay::server
