#include "app/pay_links.hpp"

#include <algorithm>

#include "app/booking_charges.hpp"

namespace slotpay::server {

int64_t balance_due(const BookingRecord& b) {
  if (b.status != BookingStatus::kConfirmed && b.status != BookingStatus::kCompleted) return 0;
  if (b.quote.payment == slotpay::ChargeMode::kFree) return 0;
  return std::max<int64_t>(0, b.quote.total - b.paid_amount);
}

int64_t pay_link_fee(const BookingRecord& b, const FeeSetting& fee, int64_t amount) {
  if (!connect_direct_charge(b) || amount <= 0) return 0;
  if (fee.rate_bps <= 0 && fee.fixed <= 0) return 0;
  // amount <= Stripe's largest charge (12 digits) and rate <= 10000: no overflow.
  int64_t f = (amount * fee.rate_bps + 5000) / 10000;
  if (b.paid_amount == 0) f += fee.fixed;
  return std::min(f, amount);
}

std::optional<ApiError> pay_link_refusal(const PayLinkRecord& link, const BookingRecord& b,
                                         int64_t now_ms) {
  if (link.status == "paid")
    return ApiError{"pay_link_used", "token", "this link has already been paid", nullptr};
  if (now_ms >= link.expires_at_ms)
    return ApiError{"pay_link_expired", "token",
                    "this payment link has expired; ask the business for a new one", nullptr};
  const int64_t due = balance_due(b);
  if (due == 0)
    return ApiError{"booking_not_payable", "",
                    "nothing is due on this booking any more (paid, cancelled or ended)", nullptr};
  if (due != link.amount || link.currency != b.currency())
    return ApiError{"pay_link_superseded", "token",
                    "the amount due has changed; ask the business for a new link", nullptr};
  return std::nullopt;
}

std::optional<ApiError> pay_link_unavailable(const BookingRecord& b) {
  const int64_t due = balance_due(b);
  if (due == 0)
    return ApiError{"booking_not_payable", "",
                    "nothing is due on this booking (paid in full, free, cancelled or ended)",
                    nullptr};
  if (due < b.quote.currency.min_charge)
    return ApiError{"below_minimum_charge", "",
                    "what is due is below the payment provider's minimum charge",
                    nlohmann::json{{"amount", due}, {"min_charge", b.quote.currency.min_charge}}};
  return std::nullopt;
}

}  // namespace slotpay::server
