#include "app/booking_charges.hpp"

#include <algorithm>

#include "app/crypto.hpp"
#include "app/merchant_refund.hpp"
#include "app/refunds.hpp"

namespace slotpay::server {
namespace {

bool setup_intent(const std::string& id) { return id.rfind("seti_", 0) == 0; }

// A paid link of `b` charged on a PaymentIntent of its own (not the booking's).
bool separate_link_charge(const BookingRecord& b, const PayLinkRecord& l) {
  return l.booking_id == b.id && l.status == "paid" && !l.payment_intent_id.empty() &&
         l.payment_intent_id != b.payment_intent_id;
}

// What is left to refund on charge `c` (never negative).
int64_t left_on(const Charge& c, const std::map<std::string, int64_t>& refunded) {
  auto it = refunded.find(c.payment_intent_id);
  return std::max<int64_t>(0, c.amount - (it == refunded.end() ? 0 : it->second));
}

}  // namespace

bool connect_direct_charge(const BookingRecord& b) {
  return !b.stripe_account.empty() && !b.merchant_keys;
}

std::string merchant_refund_origin(std::string_view idempotency_key) {
  return "merchant:" + sha256_hex(std::string(idempotency_key)).substr(0, 32);
}

std::string refund_part_key(const std::string& base, size_t i) {
  return i == 0 ? base : base + "_" + std::to_string(i);
}

std::vector<Charge> booking_charges(const BookingRecord& b,
                                    const std::vector<PayLinkRecord>& paid_links) {
  std::vector<Charge> links;
  std::vector<std::string_view> seen;  // one PaymentIntent, one charge
  int64_t by_links = 0;  // what the links paid on PaymentIntents other than the booking's own
  for (const auto& l : paid_links) {
    if (!separate_link_charge(b, l) || l.amount <= 0 ||
        std::find(seen.begin(), seen.end(), l.payment_intent_id) != seen.end())
      continue;
    seen.push_back(l.payment_intent_id);
    by_links += l.amount;  // a late link's too: it is not part of the booking's own charge
    if (!l.late) links.push_back({l.payment_intent_id, l.amount});
  }
  std::vector<Charge> out;
  if (b.payment_mode != "stripe") return out;
  const int64_t own = b.paid_amount - by_links;
  if (own > 0 && !b.payment_intent_id.empty() && !setup_intent(b.payment_intent_id))
    out.push_back({b.payment_intent_id, own});
  out.insert(out.end(), links.begin(), links.end());
  return out;
}

std::map<std::string, int64_t> refunded_by_charge(const BookingRecord& b,
                                                  const std::vector<RefundRecord>& refunds,
                                                  std::string_view ignore_origin) {
  std::map<std::string, int64_t> out;
  for (const auto& r : refunds) {
    if (!refund_gives_back(r) || (!ignore_origin.empty() && r.origin == ignore_origin)) continue;
    out[r.payment_intent_id.empty() ? b.payment_intent_id : r.payment_intent_id] += r.amount;
  }
  // Refunded beyond the rows (see the header): Stripe's totals told before its refunds.
  const int64_t beyond = refunded_so_far(b, refunds) - refunded_total(refunds);
  if (beyond > 0) out[b.payment_intent_id] += beyond;
  return out;
}

int64_t charges_remaining(const std::vector<Charge>& charges,
                          const std::map<std::string, int64_t>& refunded) {
  int64_t left = 0;
  for (const auto& c : charges) left += left_on(c, refunded);
  return left;
}

std::optional<std::vector<RefundPart>> allocate_refund(
    const std::vector<Charge>& charges, const std::map<std::string, int64_t>& refunded,
    int64_t amount) {
  if (amount <= 0 || amount > charges_remaining(charges, refunded)) return std::nullopt;
  std::vector<RefundPart> parts;
  int64_t rest = amount;
  for (auto c = charges.rbegin(); c != charges.rend() && rest > 0; ++c) {
    const int64_t take = std::min(left_on(*c, refunded), rest);
    if (take <= 0) continue;
    parts.push_back({c->payment_intent_id, take});
    rest -= take;
  }
  return parts;
}

std::vector<RefundPart> plan_booking_refund(const BookingRecord& b,
                                            const std::vector<RefundRecord>& refunds,
                                            const std::vector<PayLinkRecord>& paid_links,
                                            int64_t amount) {
  const auto charges = booking_charges(b, paid_links);
  const auto refunded = refunded_by_charge(b, refunds, kBookingRefundOrigin);
  auto parts =
      allocate_refund(charges, refunded, std::min(amount, charges_remaining(charges, refunded)));
  return parts ? *parts : std::vector<RefundPart>{};
}

std::string late_refund_key(const std::string& pay_link_id) {
  return "paylink_" + pay_link_id + "_refund";
}

std::vector<LateRefund> late_refunds_owed(const BookingRecord& b,
                                          const std::vector<PayLinkRecord>& paid_links,
                                          const std::vector<RefundRecord>& refunds) {
  std::vector<LateRefund> out;
  if (b.payment_mode != "stripe") return out;
  const auto refunded = refunded_by_charge(b, refunds);
  for (const auto& l : paid_links) {
    if (!l.late || !separate_link_charge(b, l)) continue;
    const Charge charge{l.payment_intent_id, l.amount};
    if (const int64_t left = left_on(charge, refunded); left > 0)
      out.push_back({l.id, {l.payment_intent_id, left}});
  }
  return out;
}

}  // namespace slotpay::server
