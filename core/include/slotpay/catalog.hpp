// A merchant's configuration: services, prices, hours, staff, coupons.
// Parsed strictly from JSON (unknown fields are errors); see shared/CONTRACT.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/time.hpp"

namespace slotpay {

// A percentage (basis points) or a fixed amount; exactly one is set.
struct RateOrFixed {
  std::optional<int64_t> rate_bps;
  std::optional<int64_t> fixed;  // in the merchant currency's amount unit
};

// Open from start_min to end_min, minutes after local midnight. end_min may exceed
// 1440 for hours that cross midnight (["22:00","02:00"] is 1320..1560).
struct TimeRange {
  int start_min = 0;
  int end_min = 0;
  bool operator==(const TimeRange&) const = default;
};
using DayHours = std::vector<TimeRange>;  // sorted, non-overlapping

// Index 0 = Monday ... 6 = Sunday. A day without ranges is closed.
using WeeklyHours = std::array<DayHours, 7>;

struct DateOverride {
  std::string date;  // local "YYYY-MM-DD", validated
  DayHours hours;    // empty = closed that day
};

enum class PaymentMode { kStripe, kExternal, kFree };
enum class MinChargePolicy { kRaiseToMinimum, kReject, kPayAtVenue };

struct PlatformFee {
  int64_t rate_bps = 0;  // of what is charged now
  int64_t fixed = 0;
};

struct Merchant {
  std::string id;
  std::string name;
  std::string timezone;  // IANA name
  Currency currency;
  PlatformFee platform_fee;  // default: none
  MinChargePolicy min_charge_policy = MinChargePolicy::kRaiseToMinimum;
  // A coupon may bring what is due online for a paid service down to 0 (a "100%"
  // coupon). Default false: such a booking is refused (kFullDiscountNotAllowed), so a
  // leaked or mistyped coupon cannot book paid services for nothing.
  bool allow_full_discount = false;
  // Free and external-payment bookings are confirmed at once. Default false: the
  // server keeps them pending until the customer follows the link emailed to them
  // (the core only parses this; the server acts on it).
  bool accept_unconfirmed = false;
  // Optional (issue #12): where the merchant's copies of booking emails go, and the
  // Reply-To of the customer's emails. Empty: no copies.
  std::string contact_email;
  // Issue #12: the customer's reminder email goes out this many hours before the start
  // (0: no reminders). A booking made less than this before its start gets none: its
  // confirmation has just told the customer. 0..168, default 24 (the core only parses
  // this; the server acts on it).
  int reminder_hours = 24;
  // Issue #12, the manage link: a customer may move their booking to another slot until
  // this many minutes before its start (0..43200, default 1440 = 24 h). Later than that
  // the reschedule is refused; cancelling still follows the service's policy (the core
  // only parses this; the server acts on it).
  int reschedule_until_min = 1440;
};

struct Schedule {
  WeeklyHours weekly;                   // default: closed every day
  std::vector<DateOverride> overrides;  // sorted by date
  int slot_interval_min = 15;           // grid of start times, from the start of each range
  int min_notice_min = 0;               // earliest start = now + this
  int max_advance_days = 60;            // latest start = now + this many days
};

struct Staff {
  std::string id;
  std::string name;
  std::vector<std::string> services;    // ids of services this person performs
  std::optional<WeeklyHours> weekly;    // default: the merchant's weekly hours
  std::vector<DateOverride> overrides;  // time off or special hours; on top of the merchant's
};

struct Addon {
  std::string id;
  std::string name;
  int64_t price = 0;     // per unit of quantity
  int duration_min = 0;  // lengthens the booking
};

struct Tax {
  int64_t rate_bps = 0;
  bool inclusive = false;  // true: prices already contain the tax
};

struct CancellationPolicy {
  int free_until_min = 0;          // full refund when cancelled at least this long before start
  RateOrFixed fee;                 // fee inside that window (of what was paid); default 0
  bool deposit_refundable = true;  // false: a deposit is kept even when cancelled early
  std::optional<RateOrFixed> no_show_fee;  // after the start; default: all that was paid
};

// Seats one booking may take when the service sets no max_per_booking: small, so that
// one anonymous request cannot take a whole class.
inline constexpr int kDefaultMaxPerBooking = 10;

struct Service {
  std::string id;
  std::string name;
  int duration_min = 0;
  int64_t price = 0;            // per unit of quantity
  std::optional<int> capacity;  // seats per slot; default 1 per staff member
  // Seats one booking may take (1..10000); default kDefaultMaxPerBooking. More is
  // refused with kQuantityOverLimit at booking.quantity.
  std::optional<int> max_per_booking;
  int buffer_before_min = 0;
  int buffer_after_min = 0;
  PaymentMode payment = PaymentMode::kStripe;
  std::optional<RateOrFixed> deposit;  // default: paid in full now
  CancellationPolicy cancellation;
  std::optional<Tax> tax;
  std::vector<Addon> addons;
  // Issue #11 item 4, "charge after the service": the customer's card is saved at booking
  // (a Stripe Customer on the merchant's account) and what is due later is charged
  // off-session when the merchant marks the booking completed. Only with payment
  // "stripe". Default false.
  bool charge_after_service = false;
};

// valid_from / valid_until are local dates ("YYYY-MM-DD") in the merchant's zone, both
// inclusive: a coupon valid until 2026-12-31 works until 23:59:59 that day where the
// merchant is. They are judged at the moment the booking is made (`now`), not against
// the appointment's date. The redemption caps are counted by the server (from its
// bookings), not by the core.
struct Coupon {
  std::string code;  // matched case-insensitively
  RateOrFixed discount;
  std::optional<LocalDate> valid_from;
  std::optional<LocalDate> valid_until;
  std::optional<int64_t> max_redemptions;   // bookings in all that may use it
  std::optional<int64_t> max_per_customer;  // bookings per customer email
};

struct Catalog {
  Merchant merchant;
  Schedule schedule;
  std::vector<Staff> staff;
  std::vector<Service> services;
  std::vector<Coupon> coupons;

  const Service* find_service(std::string_view id) const;
  const Staff* find_staff(std::string_view id) const;
  const Coupon* find_coupon(std::string_view code) const;
  // Position of a service in `services`, for error paths ("catalog.services[2]").
  size_t index_of(const Service& s) const { return static_cast<size_t>(&s - services.data()); }
};

std::string_view to_string(PaymentMode m);
std::string_view to_string(MinChargePolicy p);

// The most seats one booking of `s` may take.
int max_per_booking(const Service& s);

}  // namespace slotpay
