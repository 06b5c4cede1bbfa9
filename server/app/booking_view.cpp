#include "app/booking_view.hpp"

#include "app/clock.hpp"
#include "app/json_text.hpp"
#include "app/lifecycle.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

}  // namespace

std::string booked_slot(const BookingRecord& b, const CatalogEntry* catalog) {
  if (catalog) return slotpay::booking_to_json(b.slot, catalog->loaded.zone);
  std::string out;
  JsonObjectText o(out);
  o.string("service", b.slot.service)
      .string("staff", b.slot.staff)
      .string("start", slotpay::format_rfc3339(b.slot.start, 0))
      .string("end", slotpay::format_rfc3339(b.slot.end, 0))
      .integer("quantity", b.slot.quantity)
      .close();
  return out;
}

std::string booking_view(const BookingRecord& b, const CatalogEntry* catalog, const Merchant* /*m*/,
                         const std::string& publishable_key) {
  std::string out;
  out.reserve(1024);
  JsonObjectText v(out);
  v.string("id", b.id).string("merchant_id", b.merchant_id).string("status", to_string(b.status));
  v.raw("booking", booked_slot(b, catalog));
  {
    JsonObjectText customer = v.object("customer");
    customer.string("name", b.customer.name).string("email", b.customer.email);
    if (b.customer.phone) customer.string("phone", *b.customer.phone);
    customer.close();
  }
  v.raw("quote", slotpay::quote_to_json(b.quote));
  v.string("payment_mode", b.payment_mode).integer("amount", b.amount);
  v.string("currency", b.currency());
  if (b.hold_expires_at_ms > 0 && is_hold(b.status))
    v.string("hold_expires_at", rfc3339_utc(b.hold_expires_at_ms));
  else
    v.null("hold_expires_at");
  v.integer("paid_amount", b.paid_amount)
      .integer("refunded_amount", b.refunded_amount)
      .boolean("refund_pending", b.refund_pending)
      .boolean("disputed", b.disputed);
  if (b.payment_mode == "stripe") {
    JsonObjectText p = v.object("payment");
    if (b.payment_intent_id.empty())
      p.null("payment_intent");
    else
      p.string("payment_intent", b.payment_intent_id);
    // The client secret is handed to the token holder only while payment is possible.
    // A sealed value is never shown (the caller did not open it: with_secret_opened).
    if (b.status == BookingStatus::kAwaitingPayment && !b.client_secret.empty() &&
        !ClientSecretBox::is_sealed(b.client_secret))
      p.string("client_secret", b.client_secret);
    // Issue #11 item 4: the card is saved for a charge after the service; "setup" when
    // nothing is due now (the client secret is a SetupIntent's: confirmSetup).
    if (b.quote.charge_later) {
      p.string("kind", b.payment_intent_id.rfind("seti_", 0) == 0 ? "setup" : "payment");
      p.integer("charge_after_service", b.quote.due_later);
    }
    p.string("publishable_key", publishable_key);
    // The account the PaymentIntent lives on: the booking's, whatever the merchant has
    // connected since ("" for the platform's own account or the merchant's own keys).
    p.string("stripe_account", b.stripe_account);
    p.close();
  }
  v.close();
  return out;
}

BookingRecord with_secret_opened(const BookingRecord& b, const ClientSecretBox& box) {
  BookingRecord out = b;
  out.client_secret = box.open(b.client_secret).value_or("");
  return out;
}

ojson admin_booking_row(const BookingRecord& b, const CatalogEntry* catalog) {
  ojson v;
  v["id"] = b.id;
  v["status"] = to_string(b.status);
  v["booking"] = ojson::parse(booked_slot(b, catalog), nullptr, false);
  v["amount"] = b.amount;
  v["currency"] = b.currency();
  v["payment_intent"] = b.payment_intent_id;
  v["paid_amount"] = b.paid_amount;
  v["refunded_amount"] = b.refunded_amount;
  v["refund_pending"] = b.refund_pending;
  v["pi_cancel_pending"] = b.pi_cancel_pending;
  v["disputed"] = b.disputed;
  if (b.quote.charge_later)
    v["charge_after_service"] = {{"amount", b.quote.due_later},
                                 {"card_saved", !b.saved_payment_method.empty()}};
  return v;
}

}  // namespace slotpay::server
