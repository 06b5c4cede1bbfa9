// A dispute (chargeback) on a booking's payment, as Stripe's charge.dispute.* events
// described it (issue #11 item 5). Recorded beside the booking, never part of it: a
// dispute does not change the booking's status or what it occupies.
#pragma once

#include <cstdint>
#include <string>

namespace slotpay::server {

struct DisputeRecord {
  std::string id;  // dp_...
  std::string booking_id;
  std::string charge;  // ch_...
  int64_t amount = 0;  // disputed, in the currency's minor unit
  std::string currency;
  std::string reason;  // Stripe's word: fraudulent, product_not_received, ...
  // Stripe's status: warning_needs_response, warning_under_review, warning_closed,
  // needs_response, under_review, won, lost.
  std::string status;
  int64_t evidence_due_by_s = 0;  // when evidence must be in (Unix seconds); 0 if none
  bool funds_withdrawn = false;   // charge.dispute.funds_withdrawn seen
  bool funds_reinstated = false;  // charge.dispute.funds_reinstated seen
  // The `created` time of the newest event applied (Unix seconds): Stripe does not
  // deliver events in order, so an older event never overwrites a newer one's fields.
  int64_t last_event_created_s = 0;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  bool operator==(const DisputeRecord&) const = default;
};

}  // namespace slotpay::server
