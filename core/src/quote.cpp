#include "slotpay/quote.hpp"

#include <algorithm>

#include "slotpay/money.hpp"

namespace slotpay {
namespace {

constexpr Rounding kLineRounding = Rounding::kHalfAwayFromZero;

// Unwraps a Result<Money> into `out`, or returns its error from the caller.
#define SLOTPAY_TRY_MONEY(out, expr) \
  do {                               \
    auto _r = (expr);                \
    if (!_r.ok()) return _r.error(); \
    (out) = _r.value();              \
  } while (0)

std::string service_path(const Catalog& c, const Service& s) {
  return "catalog.services[" + std::to_string(c.index_of(s)) + "]";
}

}  // namespace

std::string_view to_string(ChargeMode m) {
  switch (m) {
    case ChargeMode::kStripe:
      return "stripe";
    case ChargeMode::kExternal:
      return "external";
    case ChargeMode::kFree:
      return "free";
    case ChargeMode::kPayAtVenue:
      return "pay_at_venue";
  }
  return "stripe";
}

Result<Quote> compute_quote(const Catalog& catalog, const BookingRequest& booking,
                            const std::string& bp) {
  const Currency& cur = catalog.merchant.currency;
  const Service* service = catalog.find_service(booking.service);
  if (service == nullptr)
    return make_error(ErrorCode::kUnknownService, bp + ".service",
                      "no service '" + booking.service.substr(0, 64) + "' in this catalog");
  if (booking.staff != "any") {
    const Staff* staff = catalog.find_staff(booking.staff);
    if (staff == nullptr || std::find(staff->services.begin(), staff->services.end(),
                                      service->id) == staff->services.end())
      return make_error(
          ErrorCode::kUnknownStaff, bp + ".staff",
          "no staff member '" + booking.staff.substr(0, 64) + "' offers " + service->id);
  }
  if (booking.quantity > max_per_booking(*service))
    return make_error(
        ErrorCode::kQuantityOverLimit, bp + ".quantity",
        "at most " + std::to_string(max_per_booking(*service)) + " per booking for this service");
  if (!is_chargeable(booking.tip, cur))
    return make_error(ErrorCode::kInvalidAmount, bp + ".tip",
                      "tip must be a multiple of " + std::to_string(cur.amount_multiple_of));

  Quote q;
  q.currency = cur;
  const std::string where = bp;  // overflow errors are reported against the booking

  Money line{};
  SLOTPAY_TRY_MONEY(line, multiply(Money{service->price, cur}, booking.quantity, bp + ".quantity"));
  q.lines.push_back(QuoteLine{"service", service->id, line.minor});
  Money subtotal = line;
  for (size_t i = 0; i < booking.addons.size(); ++i) {
    const auto& id = booking.addons[i];
    auto it = std::find_if(service->addons.begin(), service->addons.end(),
                           [&](const Addon& a) { return a.id == id; });
    if (it == service->addons.end())
      return make_error(ErrorCode::kUnknownAddon, bp + ".addons[" + std::to_string(i) + "]",
                        "service " + service->id + " has no add-on '" + id + "'");
    SLOTPAY_TRY_MONEY(line, multiply(Money{it->price, cur}, booking.quantity, bp + ".quantity"));
    q.lines.push_back(QuoteLine{"addon", it->id, line.minor});
    SLOTPAY_TRY_MONEY(subtotal, add(subtotal, line, where));
  }
  q.subtotal = subtotal.minor;

  Money discount{0, cur};
  if (booking.coupon) {
    const Coupon* coupon = catalog.find_coupon(*booking.coupon);
    if (coupon == nullptr)
      return make_error(ErrorCode::kUnknownCoupon, bp + ".coupon", "this coupon code is not valid");
    if (coupon->discount.rate_bps) {
      SLOTPAY_TRY_MONEY(discount,
                        apply_bps(subtotal, *coupon->discount.rate_bps, kLineRounding, where));
    } else {
      discount.minor = std::min(*coupon->discount.fixed, subtotal.minor);
    }
    if (discount.minor > 0) q.lines.push_back(QuoteLine{"discount", coupon->code, -discount.minor});
  }
  q.discount = discount.minor;
  Money net{};
  SLOTPAY_TRY_MONEY(net, subtract(subtotal, discount, where));

  Money before_tip = net;
  if (service->tax) {
    Money tax{};
    if (service->tax->inclusive) {
      SLOTPAY_TRY_MONEY(tax, apply_ratio(net, service->tax->rate_bps,
                                         10000 + service->tax->rate_bps, kLineRounding, where));
    } else {
      SLOTPAY_TRY_MONEY(tax, apply_bps(net, service->tax->rate_bps, kLineRounding, where));
      SLOTPAY_TRY_MONEY(before_tip, add(net, tax, where));
    }
    q.tax = tax.minor;
    q.lines.push_back(
        QuoteLine{"tax", "", tax.minor, service->tax->rate_bps, service->tax->inclusive});
  }
  q.tip = booking.tip;
  if (q.tip > 0) q.lines.push_back(QuoteLine{"tip", "", q.tip});
  Money total{};
  SLOTPAY_TRY_MONEY(total, add(before_tip, Money{q.tip, cur}, where));
  q.total = total.minor;

  if (service->payment != PaymentMode::kStripe) {
    q.payment = service->payment == PaymentMode::kFree ? ChargeMode::kFree : ChargeMode::kExternal;
    q.due_now = 0;
    q.due_later = q.total;
    return q;
  }

  // What is due now: the deposit of the total before tip (or all of it), plus the tip.
  Money due = before_tip;
  if (service->deposit) {
    if (service->deposit->rate_bps) {
      SLOTPAY_TRY_MONEY(due,
                        apply_bps(before_tip, *service->deposit->rate_bps, kLineRounding, where));
    } else {
      Money fixed{};
      SLOTPAY_TRY_MONEY(fixed,
                        multiply(Money{*service->deposit->fixed, cur}, booking.quantity, where));
      due.minor = std::min(fixed.minor, before_tip.minor);
    }
  }
  const bool after = service->charge_after_service;
  if (after && !service->deposit)
    due.minor = 0;  // only the card is saved now; everything, tip included, comes later
  else
    SLOTPAY_TRY_MONEY(due, add(due, Money{q.tip, cur}, where));
  // A later charge below Stripe's minimum could not be made: take it now instead.
  const auto fold_small_rest = [&] {
    const int64_t rest = total.minor - due.minor;
    if (after && rest > 0 && rest < cur.min_charge) due.minor = total.minor;
  };
  fold_small_rest();

  MinChargeVerdict verdict{cur.min_charge, true, false};
  if (due.minor > 0 && due.minor < cur.min_charge) {
    const std::string at =
        service_path(catalog, *service) + (service->deposit ? ".deposit" : ".price");
    switch (catalog.merchant.min_charge_policy) {
      case MinChargePolicy::kRaiseToMinimum:
        if (total.minor < cur.min_charge)
          return make_error(
              ErrorCode::kBelowMinimumCharge, service_path(catalog, *service) + ".price",
              "the total " + std::to_string(total.minor) + " is below Stripe's minimum charge of " +
                  std::to_string(cur.min_charge) + " " + std::string(cur.code) +
                  ", so it cannot be paid online");
        due.minor = cur.min_charge;
        verdict.adjusted = true;
        break;
      case MinChargePolicy::kReject:
        return make_error(ErrorCode::kBelowMinimumCharge, at,
                          "the amount due now, " + std::to_string(due.minor) +
                              ", is below Stripe's minimum charge of " +
                              std::to_string(cur.min_charge) + " " + std::string(cur.code) +
                              ": this service cannot be paid online as configured");
      case MinChargePolicy::kPayAtVenue:
        verdict.ok = false;
        q.payment = ChargeMode::kPayAtVenue;
        due.minor = 0;
        break;
    }
  }
  if (q.payment == ChargeMode::kStripe) fold_small_rest();  // raising may have shrunk it
  if (due.minor > cur.max_amount)
    return make_error(ErrorCode::kAmountTooLarge, bp,
                      "the amount due now, " + std::to_string(due.minor) +
                          ", is above Stripe's maximum of " + std::to_string(cur.max_amount) +
                          " for one charge in " + std::string(cur.code));
  q.min_charge = verdict;
  q.due_now = due.minor;
  q.due_later = total.minor - due.minor;
  q.charge_later = after && q.payment == ChargeMode::kStripe && q.due_later > 0;
  if (q.payment == ChargeMode::kStripe && q.due_now == 0 && q.discount > 0 && !q.charge_later &&
      !catalog.merchant.allow_full_discount)
    return make_error(ErrorCode::kFullDiscountNotAllowed, bp + ".coupon",
                      "this coupon would make the booking free, which this business does not "
                      "allow");

  const PlatformFee& fee = catalog.merchant.platform_fee;
  if (q.due_now > 0 && (fee.rate_bps > 0 || fee.fixed > 0)) {
    Money f{};
    SLOTPAY_TRY_MONEY(f, apply_bps(due, fee.rate_bps, kLineRounding, where));
    SLOTPAY_TRY_MONEY(f, add(f, Money{fee.fixed, cur}, where));
    q.application_fee = std::min(f.minor, q.due_now);
  }
  return q;
}

std::optional<Error> coupon_window_error(const Coupon& coupon, const TimeZone& zone, Instant now,
                                         const std::string& field) {
  const LocalDate today = zone.to_local(now).date;
  if (coupon.valid_from && today < *coupon.valid_from)
    return make_error(ErrorCode::kCouponNotYetValid, field,
                      "this coupon is valid from " + format_local_date(*coupon.valid_from));
  if (coupon.valid_until && today > *coupon.valid_until)
    return make_error(ErrorCode::kCouponExpired, field,
                      "this coupon expired on " + format_local_date(*coupon.valid_until));
  return std::nullopt;
}

}  // namespace slotpay
