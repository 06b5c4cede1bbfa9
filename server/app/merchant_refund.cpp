#include "app/merchant_refund.hpp"

#include <algorithm>

#include "app/booking_charges.hpp"
#include "app/crypto.hpp"
#include "app/refunds.hpp"

namespace slotpay::server {
namespace {

ApiError field_error(const char* code, const char* field, std::string message) {
  return ApiError{code, field, std::move(message), nullptr};
}

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

std::variant<MerchantRefundRequest, ApiError> parse_refund_request(
    const nlohmann::json& body, std::string_view idempotency_header) {
  MerchantRefundRequest req;
  if (idempotency_header.empty())
    return field_error("missing_field", "Idempotency-Key",
                       "send an Idempotency-Key header (any unique string per refund) so that a "
                       "repeated request refunds once");
  if (idempotency_header.size() > 255 || !printable_ascii(idempotency_header))
    return field_error("invalid_field", "Idempotency-Key",
                       "the Idempotency-Key must be 1 to 255 printable ASCII characters");
  req.idempotency_key = std::string(idempotency_header);
  if (!body.is_object()) return field_error("invalid_json", "", "the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key == "amount") {
      if (!value.is_number_integer() || value.get<int64_t>() <= 0)
        return field_error("invalid_field", "amount",
                           "amount must be a whole number of the currency's smallest unit, > 0");
      req.amount = value.get<int64_t>();
    } else if (key == "refund_application_fee") {
      if (!value.is_boolean())
        return field_error("invalid_field", "refund_application_fee", "must be true or false");
      req.refund_application_fee = value.get<bool>();
    } else if (key == "reason") {
      static const char* kReasons[] = {"requested_by_customer", "duplicate", "fraudulent"};
      if (!value.is_string() || std::find(std::begin(kReasons), std::end(kReasons),
                                          value.get<std::string>()) == std::end(kReasons))
        return field_error("invalid_field", "reason",
                           "reason must be requested_by_customer, duplicate or fraudulent");
      req.reason = value.get<std::string>();
    } else if (key == "note") {
      if (!value.is_string() || value.get<std::string>().size() > 500)
        return field_error("invalid_field", "note", "note must be text of at most 500 bytes");
      req.note = value.get<std::string>();
    } else {
      return field_error("unknown_field", "", "unknown field '" + key + "'");
    }
  }
  if (req.amount == 0)
    return field_error("missing_field", "amount",
                       "amount is required (the currency's smallest unit, e.g. cents)");
  return req;
}

int64_t refunded_so_far(const BookingRecord& b, const std::vector<RefundRecord>& refunds) {
  if (refunds.empty())
    return std::max(b.refunded_amount, b.refund_id.empty() ? 0 : b.refund_amount);
  int64_t total = refunded_total(refunds);
  const bool automatic_known = b.refund_id.empty() || std::any_of(refunds.begin(), refunds.end(),
                                                                  [&](const RefundRecord& r) {
                                                                    return r.id == b.refund_id;
                                                                  });
  if (!automatic_known) total += b.refund_amount;
  return total;
}

int64_t refundable_amount(const BookingRecord& b, const std::vector<RefundRecord>& refunds) {
  if (b.payment_mode != "stripe") return 0;
  return std::max<int64_t>(0, b.paid_amount - refunded_so_far(b, refunds));
}

std::variant<RefundPlan, ApiError> plan_merchant_refund(
    const BookingRecord& b, const std::vector<RefundRecord>& refunds,
    const std::vector<PayLinkRecord>& paid_links, const MerchantRefundRequest& request) {
  const auto charges = booking_charges(b, paid_links);
  if (b.payment_mode != "stripe" || b.paid_amount <= 0 || charges.empty())
    return ApiError{"nothing_to_refund", "", "nothing was paid online for this booking", nullptr};
  if (b.disputed)
    return ApiError{"booking_disputed", "",
                    "the payment is disputed: Stripe does not refund a disputed charge; the "
                    "dispute decides",
                    nullptr};
  if (b.refund_pending)
    return ApiError{"refund_in_progress", "",
                    "the booking's cancellation refund is still being made; try again shortly",
                    nullptr};
  RefundPlan plan;
  plan.origin = merchant_refund_origin(request.idempotency_key);
  const auto refunded = refunded_by_charge(b, refunds, plan.origin);
  const int64_t left = charges_remaining(charges, refunded);
  if (left <= 0)
    return ApiError{"nothing_to_refund", "", "the payment has been refunded in full", nullptr};
  auto parts = allocate_refund(charges, refunded, request.amount);
  if (!parts)
    return ApiError{"refund_exceeds_remaining", "amount",
                    "at most " + std::to_string(left) + " (" + std::string(b.quote.currency.code) +
                        ", smallest unit) can still be refunded",
                    nlohmann::json{{"refundable", left}}};
  const std::string base =
      "merchant_refund_" + b.id + "_" + sha256_hex(request.idempotency_key).substr(0, 32);
  for (size_t i = 0; i < parts->size(); ++i) {
    RefundCall call;
    call.params["payment_intent"] = (*parts)[i].payment_intent_id;
    call.params["amount"] = (*parts)[i].amount;
    // An application fee exists only on a Connect direct charge.
    if (request.refund_application_fee && connect_direct_charge(b))
      call.params["refund_application_fee"] = true;
    if (!request.reason.empty()) call.params["reason"] = request.reason;
    call.params["metadata"]["booking_id"] = b.id;
    call.params["metadata"]["reason"] = "merchant_refund";
    call.params["metadata"]["origin"] = plan.origin;
    if (!request.note.empty()) call.params["metadata"]["note"] = request.note;
    call.stripe_idempotency_key = refund_part_key(base, i);
    plan.parts.push_back(std::move(call));
  }
  return plan;
}

}  // namespace slotpay::server
