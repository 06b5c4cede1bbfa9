#include "app/abuse_limits.hpp"

namespace slotpay::server {

bool hold_caps_enabled(const HoldCaps& caps) {
  return caps.per_client > 0 || caps.per_email > 0 || caps.per_merchant > 0;
}

std::optional<ApiError> hold_cap_refusal(const LiveHolds& live, const HoldCaps& caps) {
  if (caps.per_client > 0 && live.client >= caps.per_client)
    return ApiError{"too_many_holds", "",
                    "too many bookings are waiting for payment from this address; finish or "
                    "cancel one, or wait for it to expire",
                    nullptr};
  if (caps.per_email > 0 && live.email >= caps.per_email)
    return ApiError{"too_many_holds", "booking.customer.email",
                    "too many bookings are waiting for payment for this email; finish or "
                    "cancel one, or wait for it to expire",
                    nullptr};
  if (caps.per_merchant > 0 && live.merchant >= caps.per_merchant)
    return ApiError{"too_many_holds", "",
                    "this business has too many bookings waiting for payment; please try again "
                    "in a few minutes",
                    nullptr};
  return std::nullopt;
}

std::optional<ApiError> coupon_use_refusal(const slotpay::Coupon& coupon, const CouponUses& uses,
                                           bool by_email_known) {
  if (coupon.max_redemptions && uses.total >= *coupon.max_redemptions)
    return ApiError{"coupon_exhausted", "booking.coupon", "this coupon has been used up", nullptr};
  if (by_email_known && coupon.max_per_customer && uses.by_email >= *coupon.max_per_customer)
    return ApiError{"coupon_already_used", "booking.coupon",
                    "this coupon has already been used for this email", nullptr};
  return std::nullopt;
}

}  // namespace slotpay::server
