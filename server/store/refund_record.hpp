// A refund of a booking's payment, as Stripe's refund.* events described it (issue #11
// item 1). Kept one row per refund beside the booking, so that the booking's refunded
// amount is the sum of its live refunds whatever order the events come in, and goes
// back down when a refund fails, including refunds made in the Stripe dashboard.
#pragma once

#include <cstdint>
#include <string>

namespace slotpay::server {

struct RefundRecord {
  std::string id;  // re_...
  std::string booking_id;
  int64_t amount = 0;  // in the currency's minor unit
  std::string currency;
  // Stripe's status: pending, requires_action, succeeded, failed, canceled.
  std::string status;
  int64_t last_event_created_s = 0;  // the newest event applied (order guard)
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  // The PaymentIntent whose charge it gives back (the refund's `payment_intent`): a
  // booking has one charge per payment (its own, each paid link). "" on rows from before
  // it was kept: the booking's own PaymentIntent.
  std::string payment_intent_id;
  // Who asked for it, from the metadata the server sets: "booking" (the automatic refund
  // of a cancellation, no-show or lost slot), "merchant:<32 hex>" (a merchant refund, by
  // its Idempotency-Key's hash), "reschedule"; "" for refunds made elsewhere (the Stripe
  // dashboard). A retried refund is planned without its own origin's earlier parts.
  std::string origin;
  bool operator==(const RefundRecord&) const = default;
};

}  // namespace slotpay::server
