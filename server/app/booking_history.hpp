// One booking as the merchant's dashboard details it (issue #13): the customer as stored,
// and the booking's payment history assembled from what the store records beside it
// (payments, refunds, disputes, pay links), in time order. Also the bookings list's
// customer search. Pure: records in, JSON out (tests/server/booking_history_test.cpp);
// the use cases (merchant_bookings.hpp) read the records and answer.
//
// What the store does not record is said, not invented:
//   - the booking's own online payment has no time of its own: it is placed at the
//     booking's creation (the customer pays within the hold), "at_source":"booking_created";
//   - a refund other than the booking's own cancellation refund was made by the merchant
//     (the dashboard's refund button or the API) or in Stripe's dashboard: the refund
//     record does not say which, nor its reason or whether the platform's fee went back
//     ("by":"merchant_or_stripe_dashboard", reason and application_fee_refunded null);
//   - Slotpay keeps no customer notes: the customer is name, email and phone.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/api_error.hpp"
#include "slotpay/timezone.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// A booking and what the store keeps beside it.
struct BookingRecords {
  BookingRecord booking;
  std::vector<RefundRecord> refunds;    // the booking's (refunds_of_booking)
  std::vector<DisputeRecord> disputes;  // the booking's (others are ignored)
  // The booking's pay links the store can name: its newest, and the one whose
  // PaymentIntent the booking took as its own (a phone booking paid by link). A link is
  // listed once whatever its number of mentions; other bookings' links are ignored. A link
  // is only made while something is due and a paid one leaves nothing due, so an older,
  // superseded link is never a paid one.
  std::vector<PayLinkRecord> pay_links;
};

// {"name","email","phone"} as stored (phone null when none was given).
nlohmann::ordered_json customer_view(const BookingRecord& b);

// The history, oldest first (ties: payments, pay links, refunds, disputes, then by id).
// Entries, every one with "type", "at" (RFC 3339 in `zone`, UTC without one), "amount"
// and "currency":
//   payment  {payment_intent, for: "booking" | "deposit" | "balance", pay_link (id | null),
//             at_source: "recorded" | "booking_created" | "link_created"}
//   refund   {id (null when Stripe's id is not known yet), status, reason (null: not
//             recorded), application_fee_refunded (null: not recorded),
//             by: "customer_cancel" | "merchant" | "slotpay" | "merchant_or_stripe_dashboard"
//             | "unknown"}
//   dispute  {id, reason, status, evidence_due_by (RFC 3339 | null), amount_at_stake}
//   pay_link {id, status ("open" | "paid"), used, expires_at, paid_at (RFC 3339 | null)}
nlohmann::ordered_json payment_history(const BookingRecords& records,
                                       const slotpay::TimeZone* zone);

// The list's customer search (`q`): trimmed, ASCII letters lowercased; at most 100 bytes
// (400 invalid_field, field q). "" searches nothing (every booking matches).
std::optional<ApiError> search_needle(std::string_view q, std::string& needle);

// Whether the customer's name or email contains `needle` (search_needle's form), ASCII
// letters compared without case.
bool customer_matches(const BookingRecord& b, std::string_view needle);

}  // namespace slotpay::server
