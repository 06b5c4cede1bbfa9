// A booking as a row of typed columns, the same for both stores: the column list, a
// record's values in that order, and a record read back from a row (any row type with
// text(col), i64(col) and is_null(col)).
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/booking_store.hpp"

namespace slotpay::server::row {

// Every column of a booking row, in the order booking_values() and read_booking() use.
inline constexpr const char* kBookingColumns[] = {
    "id",
    "merchant_id",
    "status",
    "catalog_version",
    "service",
    "staff",
    "start_at",
    "end_at",
    "start_day",
    "quantity",
    "addons",
    "coupon",
    "customer_name",
    "customer_email",
    "customer_phone",
    "currency",
    "payment_mode",
    "quote_payment",
    "subtotal",
    "discount",
    "tax",
    "tip",
    "total",
    "due_now",
    "due_later",
    "application_fee",
    "min_charge",
    "min_charge_ok",
    "min_charge_adjusted",
    "quote_lines",
    "amount",
    "hold_expires_at",
    "access_token_hash",
    "stripe_account",
    "idempotency_key",
    "payment_intent_id",
    "client_secret",
    "pi_cancel_pending",
    "paid_amount",
    "refund_pending",
    "refund_amount",
    "refund_application_fee",
    "refund_reason",
    "refund_id",
    "refunded_amount",
    "disputed",
    "created_at",
    "updated_at",
    "claimed_by",
    "claimed_until",
    "client_key",
    "mode",
    "merchant_keys",
    "remind_at",
    "charge_later",
    "stripe_customer",
    "saved_payment_method",
    "reschedule_count",
    "customer_zone",
    "customer_locale",
    "late_refund_pending",
};
inline constexpr int kBookingColumnCount = static_cast<int>(std::size(kBookingColumns));

// "id, merchant_id, ..." (for SELECT and INSERT).
const std::string& column_list();
// The index of a column in kBookingColumns, -1 when there is none.
int column_index(std::string_view name);

// A column value: NULL, an integer or a text.
using Value = std::variant<std::monostate, int64_t, std::string>;

// Every column of `b`, in kBookingColumns order.
std::vector<Value> booking_values(const BookingRecord& b);

// Whether a booking whose columns were `before` occupies its resources differently as
// `after` (what, when, how many, or whether it occupies at all: confirmed always, held
// and awaiting_payment until their expiry). held -> awaiting_payment is no change.
bool occupancy_changed(const std::vector<Value>& before, const std::vector<Value>& after);

// Quote lines as JSON text in the shape the core writes them (kind, id | code,
// rate_bps, inclusive, amount): shown back to the customer, never queried or summed,
// so one text column.
std::string lines_to_json(const std::vector<QuoteLine>& lines);
std::vector<QuoteLine> lines_from_json(const std::string& text);
std::string strings_to_json(const std::vector<std::string>& v);
std::vector<std::string> strings_from_json(const std::string& text);
slotpay::ChargeMode charge_mode_from(const std::string& s);
slotpay::Currency currency_from(const std::string& code);

// The record in a row whose first kBookingColumnCount columns are kBookingColumns.
template <class Row>
BookingRecord read_booking(const Row& q) {
  BookingRecord b;
  int c = 0;
  b.id = q.text(c++);
  b.merchant_id = q.text(c++);
  // An unknown status (a newer server wrote it) reads as cancelled: nothing acts on it.
  b.status = booking_status_from(q.text(c++)).value_or(BookingStatus::kCancelled);
  b.catalog_version = q.i64(c++);
  b.slot.service = q.text(c++);
  b.slot.staff = q.text(c++);
  b.slot.start = Instant{q.i64(c++)};
  b.slot.end = Instant{q.i64(c++)};
  b.start_day = q.text(c++);
  b.slot.quantity = q.i64(c++);
  b.addons = strings_from_json(q.text(c++));
  b.coupon = q.text(c++);
  b.customer.name = q.text(c++);
  b.customer.email = q.text(c++);
  if (!q.is_null(c)) b.customer.phone = q.text(c);
  ++c;
  b.quote.currency = currency_from(q.text(c++));
  b.payment_mode = q.text(c++);
  b.quote.payment = charge_mode_from(q.text(c++));
  b.quote.subtotal = q.i64(c++);
  b.quote.discount = q.i64(c++);
  b.quote.tax = q.i64(c++);
  b.quote.tip = q.i64(c++);
  b.quote.total = q.i64(c++);
  b.quote.due_now = q.i64(c++);
  b.quote.due_later = q.i64(c++);
  b.quote.application_fee = q.i64(c++);
  if (!q.is_null(c))
    b.quote.min_charge = MinChargeVerdict{q.i64(c), q.i64(c + 1) != 0, q.i64(c + 2) != 0};
  c += 3;
  b.quote.lines = lines_from_json(q.text(c++));
  b.amount = q.i64(c++);
  b.hold_expires_at_ms = q.i64(c++);
  b.access_token_hash = q.text(c++);
  b.stripe_account = q.text(c++);
  b.idempotency_key = q.text(c++);
  b.payment_intent_id = q.text(c++);
  b.client_secret = q.text(c++);
  b.pi_cancel_pending = q.i64(c++) != 0;
  b.paid_amount = q.i64(c++);
  b.refund_pending = q.i64(c++) != 0;
  b.refund_amount = q.i64(c++);
  b.refund_application_fee = q.i64(c++) != 0;
  b.refund_reason = q.text(c++);
  b.refund_id = q.text(c++);
  b.refunded_amount = q.i64(c++);
  b.disputed = q.i64(c++) != 0;
  b.created_at_ms = q.i64(c++);
  b.updated_at_ms = q.i64(c++);
  b.claimed_by = q.text(c++);
  b.claimed_until_ms = q.i64(c++);
  b.client_key = q.text(c++);
  b.mode = q.text(c++);
  b.merchant_keys = q.i64(c++) != 0;
  b.remind_at_ms = q.i64(c++);
  b.quote.charge_later = q.i64(c++) != 0;
  b.stripe_customer = q.text(c++);
  b.saved_payment_method = q.text(c++);
  b.reschedule_count = q.i64(c++);
  b.customer_zone = q.text(c++);
  b.customer_locale = q.text(c++);
  b.late_refund_pending = q.i64(c++) != 0;
  return b;
}

}  // namespace slotpay::server::row
