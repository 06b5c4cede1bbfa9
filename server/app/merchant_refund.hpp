// A merchant's refund of a booking (issue #11 item 1), as pure decisions: the request
// read from the body and the Idempotency-Key header, how much is left to refund, and
// what to ask Stripe. The use case (merchant_money.cpp) carries it out and records the
// Refund Stripe returns exactly as a refund.created event would (refunds.hpp), so the
// webhook that follows changes nothing. Unit tests: tests/server/merchant_refund_test.cpp.
//
// Idempotency: the Stripe Idempotency-Keys are derived from the booking and the merchant's
// key, so the same request sent twice (a double click, a retry after a timeout) reaches
// Stripe with the same keys and the same parameters, and Stripe answers with the refunds it
// already made. Stripe itself refuses a refund beyond what is left on a charge, so two
// different requests racing each other cannot refund more than was paid either. A refund
// larger than one charge (a deposit, then the balance by link) is made on each charge in
// turn (booking_charges.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/api_error.hpp"
#include "store/booking_store.hpp"
#include "store/pay_link_record.hpp"
#include "store/refund_record.hpp"

namespace slotpay::server {

struct MerchantRefundRequest {
  int64_t amount = 0;  // in the booking currency's minor unit, > 0
  // Give the platform's application fee back in proportion (Connect direct charges).
  bool refund_application_fee = false;
  std::string reason;           // "" | "requested_by_customer" | "duplicate" | "fraudulent"
  std::string note;             // the merchant's words, kept in the refund's metadata
  std::string idempotency_key;  // the Idempotency-Key header, 1..255 printable characters
};

// Body: {"amount": int, "refund_application_fee"?: bool, "reason"?: string, "note"?: string}.
// Errors: missing_field / invalid_field (field amount, reason, note, Idempotency-Key),
// unknown_field.
std::variant<MerchantRefundRequest, ApiError> parse_refund_request(
    const nlohmann::json& body, std::string_view idempotency_header);

// What the customer has been given back so far: the refunds Stripe told of that did not
// fail, plus the booking's own automatic refund (a cancellation) while Stripe's event for
// it has not arrived; before any refund event, Stripe's charge.refunded total.
int64_t refunded_so_far(const BookingRecord& b, const std::vector<RefundRecord>& refunds);

// What can still be refunded (paid online, less refunded_so_far; never negative).
int64_t refundable_amount(const BookingRecord& b, const std::vector<RefundRecord>& refunds);

// One POST /v1/refunds: its form and its Stripe Idempotency-Key.
struct RefundCall {
  nlohmann::ordered_json params;
  std::string stripe_idempotency_key;
};

// The refund as Stripe calls, one per charge it reaches (booking_charges.hpp), newest charge
// first. Part 0's key is "merchant_refund_<booking>_<hash of the key>" (a refund of one
// charge asks Stripe as before), part i's the same with "_<i>"; each carries
// metadata.origin "merchant:<hash>" so that a retry plans the same parts.
struct RefundPlan {
  std::vector<RefundCall> parts;
  std::string origin;
};

// `paid_links`: the booking's paid pay links (store paid_pay_links), its other charges.
// Errors: 409 nothing_to_refund (nothing paid online, or all of it refunded),
// 409 booking_disputed (Stripe refuses refunds of a disputed charge; the dispute decides),
// 409 refund_in_progress (the booking's automatic refund is not settled yet),
// 422 refund_exceeds_remaining (field amount; the message says how much is left).
// What is left is counted without this request's own earlier refunds (its origin): the
// same request again plans the same parts, and Stripe answers them with the same refunds.
std::variant<RefundPlan, ApiError> plan_merchant_refund(
    const BookingRecord& b, const std::vector<RefundRecord>& refunds,
    const std::vector<PayLinkRecord>& paid_links, const MerchantRefundRequest& request);

}  // namespace slotpay::server
