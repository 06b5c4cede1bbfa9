// A booking's charges and how a refund is spread over them (issue #11 items 1-4). A
// booking can be paid in several charges: its own PaymentIntent (the deposit, or the
// whole price) and one PaymentIntent per paid pay link (the balance by link, or charged
// off-session after the service, recorded as a link too). Stripe refunds a charge only up
// to what is left on it, so a refund larger than one charge is made as several refunds,
// one per charge. Pure (tests/server/booking_charges_test.cpp); the merchant refund
// (merchant_refund.hpp) and the automatic refund (stripe_sync.cpp) carry the parts out.
//
// Retries: a refund split in two Stripe calls whose second call fails is tried again later
// with the same Idempotency-Keys (part 0, part 1, ...). For Stripe to answer the parts
// already made with the same refunds, the retry must plan the same parts: the plan ignores
// the refunds of its own origin (refund_record.hpp), i.e. those it made itself last time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/booking_store.hpp"
#include "store/pay_link_record.hpp"
#include "store/refund_record.hpp"

namespace slotpay::server {

// Whether `b`'s payments are Connect direct charges: made on the merchant's connected
// account with the platform's key, so that they can carry the platform's application fee
// (none on the platform's own account, none with the merchant's own keys).
bool connect_direct_charge(const BookingRecord& b);

// One charge of a booking, or one part of a refund: a PaymentIntent and an amount.
struct Charge {
  std::string payment_intent_id;
  int64_t amount = 0;
  bool operator==(const Charge&) const = default;
};
using RefundPart = Charge;

// The automatic refund's origin (a cancellation, a no-show's rest, a lost slot).
inline constexpr std::string_view kBookingRefundOrigin = "booking";
// A merchant refund's origin: "merchant:" and the first 32 hex of the sha256 of its
// Idempotency-Key (the same hash as its Stripe key).
std::string merchant_refund_origin(std::string_view idempotency_key);

// The Stripe Idempotency-Key of part `i` of a refund whose first part uses `base`: part 0
// keeps `base` (a refund of one charge asks Stripe exactly as before), part i "<base>_<i>".
std::string refund_part_key(const std::string& base, size_t i);

// The booking's charges, oldest first: its own PaymentIntent for what was paid online less
// what its paid links brought, then each paid link (`paid_links`, oldest payment first).
// A link whose PaymentIntent is the booking's own (a phone booking, or a saved card's first
// charge: lifecycle LinkPaymentSucceeded) is that one charge. Charges of 0, and a
// SetupIntent (seti_, nothing charged), are left out; nothing online gives none. A link
// paid after the booking was cancelled (`late`) is not one of them: it goes back by
// itself (late_refunds_owed), so no other refund is planned on it.
std::vector<Charge> booking_charges(const BookingRecord& b,
                                    const std::vector<PayLinkRecord>& paid_links);

// What has been refunded of each charge, by PaymentIntent: the refunds that did not fail
// (pending, requiring action, succeeded), a refund without a PaymentIntent (rows from
// before it was kept) on the booking's own; what the booking counts as refunded beyond its
// refund rows (Stripe's charge.refunded total before any refund event, its automatic
// refund before Stripe's event: merchant_refund.hpp refunded_so_far) on its own too.
// Refunds whose origin is `ignore_origin` (non-empty) are left out (see the top).
std::map<std::string, int64_t> refunded_by_charge(const BookingRecord& b,
                                                  const std::vector<RefundRecord>& refunds,
                                                  std::string_view ignore_origin = "");

// What can still be refunded of all the charges together (each at least 0).
int64_t charges_remaining(const std::vector<Charge>& charges,
                          const std::map<std::string, int64_t>& refunded);

// `amount` spread over the charges, newest charge first, each part at most what is left
// on its charge; nullopt when `amount` <= 0 or exceeds charges_remaining. Newest first:
// the balance is given back before the deposit, so a partial refund (a cancellation fee,
// a no-show's fee kept) keeps the first charge, which carries the platform's fixed fee and
// what the policy keeps; and the older a charge, the nearer it is to the card network's
// refund window, so the newest is the surest to be refundable.
std::optional<std::vector<RefundPart>> allocate_refund(
    const std::vector<Charge>& charges, const std::map<std::string, int64_t>& refunded,
    int64_t amount);

// The automatic refund's parts (a cancellation, a no-show's rest, a lost slot): `amount`,
// as the lifecycle decided it, over the booking's charges, planned without the automatic
// refund's own earlier parts (origin "booking": a retry plans the same parts). At most what
// is left: a refund made meanwhile elsewhere (the dashboard, the merchant) is not given
// twice. Empty when nothing is left.
std::vector<RefundPart> plan_booking_refund(const BookingRecord& b,
                                            const std::vector<RefundRecord>& refunds,
                                            const std::vector<PayLinkRecord>& paid_links,
                                            int64_t amount);

// A pay link paid after its booking was cancelled, still owed back: what is left on its
// charge (all of it, unless part was refunded elsewhere, e.g. in Stripe's dashboard).
struct LateRefund {
  std::string pay_link_id;
  RefundPart part;
  bool operator==(const LateRefund&) const = default;
};
// The refund's origin (its metadata) and Stripe Idempotency-Key: one refund per link,
// whenever it is asked.
inline constexpr std::string_view kLateRefundOrigin = "late_payment";
std::string late_refund_key(const std::string& pay_link_id);

// The late links of `paid_links` with something left on their charge, oldest first.
std::vector<LateRefund> late_refunds_owed(const BookingRecord& b,
                                          const std::vector<PayLinkRecord>& paid_links,
                                          const std::vector<RefundRecord>& refunds);

}  // namespace slotpay::server
