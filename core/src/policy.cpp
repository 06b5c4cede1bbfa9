#include "slotpay/policy.hpp"

#include <algorithm>

namespace slotpay {
namespace {

Result<int64_t> fee_of(const RateOrFixed& rule, const Money& paid) {
  if (rule.rate_bps) {
    auto fee = apply_bps(paid, *rule.rate_bps, Rounding::kHalfAwayFromZero, "booking.paid.amount");
    if (!fee.ok()) return fee.error();
    return std::min(fee.value().minor, paid.minor);
  }
  return std::min(rule.fixed.value_or(0), paid.minor);
}

}  // namespace

Result<CancelOutcome> cancellation_outcome(const CancellationPolicy& policy, const Money& paid,
                                           bool was_deposit, Instant start, Instant now) {
  if (paid.minor < 0 || !is_chargeable(paid.minor, paid.currency))
    return make_error(ErrorCode::kInvalidAmount, "booking.paid.amount",
                      "paid amount must be a chargeable amount of the currency");
  CancelOutcome out;
  if (now >= start)
    out.window = CancelWindow::kNoShow;
  else if (start.seconds - now.seconds >= int64_t{policy.free_until_min} * 60)
    out.window = CancelWindow::kFree;
  else
    out.window = CancelWindow::kLate;

  if (was_deposit && !policy.deposit_refundable) {
    out.fee = paid.minor;
  } else if (out.window == CancelWindow::kLate) {
    auto fee = fee_of(policy.fee, paid);
    if (!fee.ok()) return fee.error();
    out.fee = fee.value();
  } else if (out.window == CancelWindow::kNoShow) {
    if (policy.no_show_fee) {
      auto fee = fee_of(*policy.no_show_fee, paid);
      if (!fee.ok()) return fee.error();
      out.fee = fee.value();
    } else {
      out.fee = paid.minor;
    }
  }
  out.refund = paid.minor - out.fee;
  out.refund_application_fee = out.fee == 0;
  return out;
}

std::string_view to_string(CancelWindow w) {
  switch (w) {
    case CancelWindow::kFree:
      return "free";
    case CancelWindow::kLate:
      return "late";
    case CancelWindow::kNoShow:
      return "no_show";
  }
  return "free";
}

}  // namespace slotpay
