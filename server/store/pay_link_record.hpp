// A pay-by-link link (issue #11 item 3): what is still due on one booking, payable once
// through the page the signed link opens (pay.html). The token in the URL names this
// record's id (mail::LinkPurpose::kPay); the record says whether it was paid, and which
// PaymentIntent it pays with, so that the same link always gets the same intent.
#pragma once

#include <cstdint>
#include <string>

namespace slotpay::server {

struct PayLinkRecord {
  std::string id;  // pl_...
  std::string booking_id;
  std::string merchant_id;
  int64_t amount = 0;  // what the link charges, in the currency's minor unit
  std::string currency;
  int64_t application_fee = 0;  // the platform's fee on `amount` (0: none)
  std::string status = "open";  // "open" | "paid"
  std::string idempotency_key;  // the PaymentIntent create's, stored before the call
  std::string payment_intent_id;
  std::string client_secret;  // sealed (client_secret_box), as the booking's
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
  int64_t paid_at_ms = 0;
  // Paid after its booking was cancelled: not one of the booking's charges (no merchant
  // or cancellation refund is made on it); it goes back in full on its own
  // (StripeSync, booking.late_refund_pending).
  bool late = false;
  bool operator==(const PayLinkRecord&) const = default;
};

}  // namespace slotpay::server
