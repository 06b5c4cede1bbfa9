#include "money/report.hpp"

#include <algorithm>

#include "app/disputes.hpp"
#include "money/csv.hpp"
#include "slotpay/time.hpp"

namespace slotpay::server::money {

namespace {

int64_t application_fee_kept(const BookingRecord& b) {
  if (b.paid_amount <= 0) return 0;
  if (b.refund_application_fee && b.refunded_amount >= b.paid_amount) return 0;
  return b.quote.application_fee;
}

void add_to(MoneyTotals& t, const ReportEntry& e) {
  t.bookings += 1;
  t.gross += e.gross;
  t.application_fees += e.application_fee;
  t.refunds += e.refunded;
  t.disputes += e.disputed;
  t.net += e.net();
}

std::vector<std::string> totals_cells(const std::string& section, const std::string& currency,
                                      const std::string& key, const MoneyTotals& t, int exponent) {
  return {csv_text_cell(section),
          csv_text_cell(currency),
          csv_text_cell(key),
          std::to_string(t.bookings),
          csv_amount_cell(t.gross, exponent),
          csv_amount_cell(t.application_fees, exponent),
          csv_amount_cell(t.refunds, exponent),
          csv_amount_cell(t.disputes, exponent),
          csv_amount_cell(t.net, exponent)};
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return s;
}

}  // namespace

ReportEntry report_entry(const BookingRecord& b, const TimeZone& merchant_zone,
                         std::span<const DisputeRecord> disputes) {
  ReportEntry e;
  e.booking_id = b.id;
  e.status = to_string(b.status);
  e.payment_mode = b.payment_mode;
  e.start = merchant_zone.format(b.slot.start);
  e.created = format_rfc3339(Instant{b.created_at_ms / 1000}, 0);
  e.service = b.slot.service;
  e.staff = b.slot.staff;
  e.quantity = b.slot.quantity;
  e.customer_name = b.customer.name;
  e.customer_email = b.customer.email;
  e.coupon = b.coupon;
  e.currency = std::string(b.currency());
  e.exponent = b.quote.currency.exponent;
  e.total = b.quote.total;
  e.gross = std::max<int64_t>(b.paid_amount, 0);
  e.application_fee = application_fee_kept(b);
  e.refunded = std::min(b.refunded_amount, e.gross);
  const int64_t unrefunded = e.gross - e.refunded;
  if (disputes.empty()) {
    e.disputed = b.disputed ? unrefunded : 0;
  } else {
    int64_t at_stake = 0;
    for (const auto& d : disputes)
      if (d.booking_id == b.id && d.currency == e.currency) at_stake += amount_at_stake(d);
    e.disputed = std::min(at_stake, unrefunded);
  }
  return e;
}

void ReportTotals::add(const ReportEntry& e) {
  exponents[e.currency] = e.exponent;
  add_to(by_currency[e.currency], e);
  add_to(by_service[{e.currency, e.service}], e);
  add_to(by_staff[{e.currency, e.staff}], e);
}

std::string csv_entries_header() {
  std::string out;
  append_csv_row(out, {"booking_id", "status", "payment_mode", "start", "created", "service",
                       "staff", "quantity", "customer_name", "customer_email", "coupon", "currency",
                       "total", "gross", "application_fee", "refunded", "disputed", "net"});
  return out;
}

std::string csv_entry_row(const ReportEntry& e) {
  std::string out;
  append_csv_row(
      out,
      {csv_text_cell(e.booking_id), csv_text_cell(e.status), csv_text_cell(e.payment_mode),
       csv_text_cell(e.start), csv_text_cell(e.created), csv_text_cell(e.service),
       csv_text_cell(e.staff), std::to_string(e.quantity), csv_text_cell(e.customer_name),
       csv_text_cell(e.customer_email), csv_text_cell(e.coupon), csv_text_cell(upper(e.currency)),
       csv_amount_cell(e.total, e.exponent), csv_amount_cell(e.gross, e.exponent),
       csv_amount_cell(e.application_fee, e.exponent), csv_amount_cell(e.refunded, e.exponent),
       csv_amount_cell(e.disputed, e.exponent), csv_amount_cell(e.net(), e.exponent)});
  return out;
}

std::string csv_totals(const ReportTotals& totals) {
  std::string out;
  append_csv_row(out, {"section", "currency", "key", "bookings", "gross", "application_fees",
                       "refunds", "disputes", "net"});
  auto exponent_of = [&](const std::string& currency) {
    auto it = totals.exponents.find(currency);
    return it == totals.exponents.end() ? 2 : it->second;
  };
  for (const auto& [currency, t] : totals.by_currency)
    append_csv_row(out, totals_cells("all", upper(currency), "", t, exponent_of(currency)));
  for (const auto& [key, t] : totals.by_service)
    append_csv_row(
        out, totals_cells("service", upper(key.first), key.second, t, exponent_of(key.first)));
  for (const auto& [key, t] : totals.by_staff)
    append_csv_row(out,
                   totals_cells("staff", upper(key.first), key.second, t, exponent_of(key.first)));
  return out;
}

}  // namespace slotpay::server::money
