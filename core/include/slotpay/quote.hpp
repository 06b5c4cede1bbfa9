// Pricing: what a booking costs, what is due now, and the platform's fee.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay {

struct QuoteLine {
  std::string kind;        // "service" | "addon" | "discount" | "tax" | "tip"
  std::string id;          // service/add-on id; coupon code for a discount
  int64_t amount = 0;      // negative for a discount
  int64_t rate_bps = 0;    // tax lines
  bool inclusive = false;  // tax lines: already contained in the prices
};

// How what is due now is collected.
enum class ChargeMode {
  kStripe,      // due_now is charged online
  kExternal,    // paid outside Slotpay
  kFree,        // nothing to pay
  kPayAtVenue,  // would be online, but below Stripe's minimum under pay_at_venue
};

struct MinChargeVerdict {
  int64_t amount = 0;     // Stripe's minimum for the merchant's currency
  bool ok = true;         // due_now can be charged online (or nothing is due)
  bool adjusted = false;  // due_now was raised to the minimum
};

struct Quote {
  Currency currency;
  std::vector<QuoteLine> lines;
  int64_t subtotal = 0;  // services and add-ons before discount and tax
  int64_t discount = 0;  // >= 0
  int64_t tax = 0;       // exclusive: added to the total; inclusive: contained in it
  int64_t tip = 0;
  int64_t total = 0;  // subtotal - discount + exclusive tax + tip
  ChargeMode payment = ChargeMode::kStripe;
  int64_t due_now = 0;                         // charged now (deposit or full, plus the tip)
  int64_t due_later = 0;                       // total - due_now
  int64_t application_fee = 0;                 // platform fee on due_now; 0 when none
  std::optional<MinChargeVerdict> min_charge;  // for online payment only
  // The service's charge_after_service applies: the card is saved now and due_later (> 0)
  // is charged off-session when the booking is completed.
  bool charge_later = false;
};

// Prices `booking` against `catalog`. Rules (all roundings half away from zero to
// the currency's chargeable unit):
// - service and add-on prices are per unit of quantity; a fixed coupon is once per
//   booking and never exceeds the subtotal;
// - exclusive tax is on the discounted subtotal; inclusive tax is the part of it
//   that is tax (amount * rate / (10000 + rate));
// - the deposit (rate of the total before tip, or fixed per unit of quantity,
//   never above it) is due now; the tip is always paid in full now;
// - below Stripe's minimum the merchant's min_charge_policy applies;
// - application_fee = rate of due_now + fixed, never above due_now;
// - charge_after_service (payment "stripe"): due now is the deposit (plus the tip) if the
//   service has one, else 0 (the card is only saved; the tip goes with the later charge);
//   the rest is due later and charge_later is set. Both charges must reach Stripe's
//   minimum: a remainder below it is taken now with the deposit (due_later 0, no later
//   charge); the min_charge_policy applies to what is charged now as for any booking
//   (pay_at_venue: nothing is charged online, no later charge either). The later charge's
//   platform fee is not in the quote: the server computes it when it charges.
// Refused: a quantity above the service's max_per_booking (kQuantityOverLimit at
// booking.quantity); a coupon that brings what is due online for a paid service to 0
// unless the merchant sets allow_full_discount (kFullDiscountNotAllowed at
// booking.coupon). Coupon dates need a clock: see coupon_window_error.
// Errors carry the path of the field at fault (booking.addons[1], booking.coupon...).
Result<Quote> compute_quote(const Catalog& catalog, const BookingRequest& booking,
                            const std::string& booking_path = "booking");

// Whether `coupon` may be used at `now`: its valid_from and valid_until are local dates
// in `zone`, both inclusive. nullopt when it may; else kCouponNotYetValid or
// kCouponExpired at `field`.
std::optional<Error> coupon_window_error(const Coupon& coupon, const TimeZone& zone, Instant now,
                                         const std::string& field);

std::string_view to_string(ChargeMode m);

}  // namespace slotpay
