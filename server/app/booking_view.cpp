#include "app/booking_view.hpp"

#include "app/clock.hpp"
#include "app/lifecycle.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

}  // namespace

ojson booked_slot(const BookingRecord& b, const CatalogEntry* catalog) {
  if (catalog) {
    ojson parsed =
        ojson::parse(slotpay::booking_to_json(b.slot, catalog->loaded.zone), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  ojson o;
  o["service"] = b.slot.service;
  o["staff"] = b.slot.staff;
  o["start"] = slotpay::format_rfc3339(b.slot.start, 0);
  o["end"] = slotpay::format_rfc3339(b.slot.end, 0);
  o["quantity"] = b.slot.quantity;
  return o;
}

ojson booking_view(const BookingRecord& b, const CatalogEntry* catalog, const Merchant* /*m*/,
                   const std::string& publishable_key) {
  ojson v;
  v["id"] = b.id;
  v["merchant_id"] = b.merchant_id;
  v["status"] = to_string(b.status);
  v["booking"] = booked_slot(b, catalog);
  ojson customer;
  customer["name"] = b.customer.name;
  customer["email"] = b.customer.email;
  if (b.customer.phone) customer["phone"] = *b.customer.phone;
  v["customer"] = customer;
  v["quote"] = ojson::parse(slotpay::quote_to_json(b.quote), nullptr, false);
  v["payment_mode"] = b.payment_mode;
  v["amount"] = b.amount;
  v["currency"] = b.currency();
  v["hold_expires_at"] = b.hold_expires_at_ms > 0 && is_hold(b.status)
                             ? ojson(rfc3339_utc(b.hold_expires_at_ms))
                             : ojson(nullptr);
  v["paid_amount"] = b.paid_amount;
  v["refunded_amount"] = b.refunded_amount;
  v["refund_pending"] = b.refund_pending;
  v["disputed"] = b.disputed;
  if (b.payment_mode == "stripe") {
    ojson p;
    p["payment_intent"] = b.payment_intent_id.empty() ? ojson(nullptr) : ojson(b.payment_intent_id);
    // The client secret is handed to the token holder only while payment is possible.
    if (b.status == BookingStatus::kAwaitingPayment && !b.client_secret.empty())
      p["client_secret"] = b.client_secret;
    p["publishable_key"] = publishable_key;
    // The account the PaymentIntent lives on: the booking's, whatever the merchant has
    // connected since ("" for the platform's own account or the merchant's own keys).
    p["stripe_account"] = b.stripe_account;
    v["payment"] = p;
  }
  return v;
}

ojson admin_booking_row(const BookingRecord& b, const CatalogEntry* catalog) {
  ojson v;
  v["id"] = b.id;
  v["status"] = to_string(b.status);
  v["booking"] = booked_slot(b, catalog);
  v["amount"] = b.amount;
  v["currency"] = b.currency();
  v["payment_intent"] = b.payment_intent_id;
  v["paid_amount"] = b.paid_amount;
  v["refunded_amount"] = b.refunded_amount;
  v["refund_pending"] = b.refund_pending;
  v["pi_cancel_pending"] = b.pi_cancel_pending;
  v["disputed"] = b.disputed;
  return v;
}

}  // namespace slotpay::server
