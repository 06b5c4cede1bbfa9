// Cancellation: what is refunded and what is kept, per the service's policy.
#pragma once

#include <cstdint>
#include <string_view>

#include "slotpay/catalog.hpp"
#include "slotpay/error.hpp"
#include "slotpay/money.hpp"
#include "slotpay/time.hpp"

namespace slotpay {

enum class CancelWindow {
  kFree,    // at least free_until_min before the start
  kLate,    // later than that, but before the start
  kNoShow,  // at or after the start
};

struct CancelOutcome {
  int64_t refund = 0;                   // back to the customer
  int64_t fee = 0;                      // kept by the merchant; refund + fee == paid, always
  bool refund_application_fee = false;  // only on a full refund
  CancelWindow window = CancelWindow::kFree;
};

// Rules, for a payment `paid` (a chargeable amount of the merchant's currency):
// - free window: everything is refunded, except that a deposit (`was_deposit`) is
//   kept in full when the policy says deposit_refundable = false;
// - late window: the fee is `policy.fee` (rate_bps of paid, rounded half away from
//   zero to the chargeable unit; or fixed), never more than paid;
// - no-show: the fee is `policy.no_show_fee` the same way; without one, all is kept.
// A non-refundable deposit is kept in every window. The application fee is refunded
// only when the refund is the whole payment.
Result<CancelOutcome> cancellation_outcome(const CancellationPolicy& policy, const Money& paid,
                                           bool was_deposit, Instant start, Instant now);

std::string_view to_string(CancelWindow w);

}  // namespace slotpay
