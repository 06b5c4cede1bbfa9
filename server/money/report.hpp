// The merchant's bookings-and-payments report (issue #11 item 6): one entry per booking,
// per-currency totals (gross, application fees, refunds, disputes, net) overall, by
// service and by staff member, and the CSV writing of both. Pure: the route streams
// bookings from the store through these a page at a time, so a year of bookings is never
// held in memory (only the totals are).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "slotpay/timezone.hpp"
#include "store/booking_store.hpp"
#include "store/dispute_record.hpp"

namespace slotpay::server::money {

// One booking as the report shows it. Amounts in the currency's minor unit.
struct ReportEntry {
  std::string booking_id;
  std::string status;        // the booking's status word ("confirmed", ...)
  std::string payment_mode;  // "stripe" | "free" | "external" | "pay_at_venue"
  std::string start;         // RFC 3339 in the merchant's zone, with its offset
  std::string created;       // RFC 3339, UTC
  std::string service;
  std::string staff;  // "" for a merchant-run service
  int64_t quantity = 1;
  std::string customer_name;
  std::string customer_email;
  std::string coupon;
  std::string currency;         // lowercase ISO code, as Stripe writes it
  int exponent = 2;             // the currency's exponent in Stripe's amount unit
  int64_t total = 0;            // the quote's total, however it is paid
  int64_t gross = 0;            // paid online through Stripe
  int64_t application_fee = 0;  // the platform's fee kept on what was paid
  int64_t refunded = 0;
  int64_t disputed = 0;  // under dispute or lost to one

  // What the merchant keeps of the online payment: gross less the platform's fee, the
  // refunds and the disputed amount. Stripe's own processing fee is not known here (it is
  // on the balance transaction) and is not subtracted.
  int64_t net() const { return gross - application_fee - refunded - disputed; }
};

// The entry for `booking`, its start written in `merchant_zone`.
// - gross is what payment_intent.succeeded reported (0 until paid);
// - the application fee counts only once something was paid, and is 0 after a refund
//   that refunded it (the customer-cancel path refunds it only with a full refund);
// - disputed: what its disputes put at stake (disputes.hpp: amount_at_stake, in the
//   booking's currency), at most what was paid and not refunded; without dispute
//   records (none given) a booking flagged disputed counts all that was paid and not
//   refunded.
ReportEntry report_entry(const BookingRecord& booking, const TimeZone& merchant_zone,
                         std::span<const DisputeRecord> disputes = {});

struct MoneyTotals {
  int64_t bookings = 0;
  int64_t gross = 0;
  int64_t application_fees = 0;
  int64_t refunds = 0;
  int64_t disputes = 0;
  int64_t net = 0;
  bool operator==(const MoneyTotals&) const = default;
};

// Totals per currency: amounts in different currencies are never added together.
struct ReportTotals {
  std::map<std::string, MoneyTotals> by_currency;                         // currency
  std::map<std::pair<std::string, std::string>, MoneyTotals> by_service;  // (currency, service)
  std::map<std::pair<std::string, std::string>, MoneyTotals> by_staff;    // (currency, staff)
  std::map<std::string, int> exponents;                                   // currency -> exponent

  void add(const ReportEntry& entry);
};

// CSV rows (cells escaped by csv.hpp; the caller adds kUtf8Bom first if asked).
std::string csv_entries_header();
std::string csv_entry_row(const ReportEntry& entry);
// The totals as CSV: one row per (section, currency, key) with section "all",
// "service" or "staff", in a stable order (currency, then key).
std::string csv_totals(const ReportTotals& totals);

}  // namespace slotpay::server::money
