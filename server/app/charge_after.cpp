// Issue #11 item 4: the balance of a completed charge_later booking, charged off-session.
// The charge is kept as a pay-link record of its own (status "charging": it is never a
// link anyone can open) so that the webhook's payment_intent.succeeded adds the payment to
// the booking exactly as for a pay link (webhook.cpp, LinkPaymentSucceeded). Its
// PaymentIntent is created first and its id stored, then confirmed off-session: the
// webhook only ever finds a booking by an id the server stored.
#include "app/charge_after.hpp"

#include <memory>

#include "app/booking_charges.hpp"
#include "app/crypto.hpp"
#include "app/json_fields.hpp"
#include "app/log.hpp"
#include "app/pay_by_link.hpp"
#include "app/pay_links.hpp"
#include "app/use_cases.hpp"
#include "slotpay/time.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ChargeVerdict failed(std::string code, std::string message, bool send_link) {
  return ChargeVerdict{"failed", std::move(code), std::move(message), send_link};
}

ChargeVerdict card_refusal(const std::string& code) {
  if (code == "authentication_required")
    return failed(code,
                  "the customer's bank asks the customer to authenticate this payment, which "
                  "cannot be done off-session",
                  true);
  if (code == "card_declined" || code == "expired_card" || code == "insufficient_funds" ||
      code == "incorrect_cvc" || code == "processing_error")
    return failed(code, "the customer's saved card was declined", true);
  return failed("card_declined", "the customer's saved card was declined", true);
}

// What the record of one off-session charge carries through the steps.
struct Charging {
  BookingRecord booking;
  PayLinkRecord record;
  std::string payment_intent;
  std::function<void(ojson)> done;
};

ojson pay_link_json(const AppContext& ctx, const PayLinkRecord& l, bool emailed) {
  ojson j;
  j["id"] = l.id;
  j["url"] = pay_url(ctx.config.mail, l);
  j["amount"] = l.amount;
  j["currency"] = l.currency;
  j["expires_at"] = slotpay::format_rfc3339(slotpay::Instant{l.expires_at_ms / 1000}, 0);
  j["status"] = l.status;
  j["emailed"] = emailed;
  return j;
}

// The answer's "charge", and for a failure the pay link sent instead (in one transaction
// with the charge record marked failed).
void finish(AppContext& ctx, std::shared_ptr<Charging> c, ChargeVerdict v) {
  ctx.metrics.count("slotpay_offsession_charges_total",
                    "result=\"" + v.status + "\",code=\"" + v.code + "\"");
  auto charge = std::make_shared<ojson>();
  (*charge)["status"] = v.status;
  (*charge)["amount"] = c->record.amount;
  (*charge)["currency"] = std::string(c->booking.currency());
  if (!c->payment_intent.empty()) (*charge)["payment_intent"] = c->payment_intent;
  if (v.status == "failed") {
    (*charge)["code"] = v.code;
    (*charge)["message"] = v.message;
  }
  if (!v.send_pay_link) return c->done(*charge);
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [&ctx, c, charge, now](BookingTx& tx) {
        if (!c->record.id.empty()) {
          c->record.status = "failed";
          tx.save_pay_link(c->record);
        }
        auto fresh = tx.booking(c->booking.id);
        if (!fresh) return true;
        auto issued = issue_pay_link(ctx, tx, *fresh, /*send_email=*/true, now);
        if (auto* ok = std::get_if<PayLinkIssued>(&issued))
          (*charge)["pay_link"] = pay_link_json(ctx, ok->link, ok->emailed);
        else
          (*charge)["pay_link_error"] = std::get<ApiError>(issued).code;
        return true;
      },
      [c, charge](const WriteResult& w) {
        if (!w.error.empty()) {
          log_error("storing the pay link after an off-session charge failed",
                    {{"booking", c->booking.id}, {"error", w.error}});
          (*charge)["pay_link_error"] = "database_unavailable";
        }
        c->done(*charge);
      });
}

void log_stripe(const char* what, const std::string& booking, const StripeResponse& r) {
  log_warn(what, {{"booking", booking},
                  {"stripe_status", r.http_status},
                  {"stripe_type", r.error.type},
                  {"stripe_code", r.error.code},
                  {"stripe_message", r.error.message.substr(0, 300)}});
}

void confirm_off_session(AppContext& ctx, StripeSync& sync, std::shared_ptr<Charging> c) {
  ojson params;
  params["off_session"] = true;
  params["payment_method"] = c->booking.saved_payment_method;
  sync.call_for(c->booking, "POST", "/v1/payment_intents/" + c->payment_intent + "/confirm", params,
                "confirm_balance_off_session", "booking_" + c->booking.id + "_balance_confirm",
                [&ctx, c](StripeResponse r) {
                  if (!r.ok) log_stripe("off-session charge refused", c->booking.id, r);
                  finish(ctx, c, judge_offsession_charge(r));
                });
}

}  // namespace

BalanceChargePlan plan_balance_charge(const BookingRecord& b) {
  BalanceChargePlan p;
  if (!b.quote.charge_later || b.status != BookingStatus::kCompleted) return p;
  const int64_t due = balance_due(b);
  // Below Stripe's minimum (the core keeps due_later above it; a partial payment by link
  // could leave less): nothing can be charged, by card or by link.
  if (due <= 0 || due < b.quote.currency.min_charge) return p;
  p.amount = due;
  p.kind = b.saved_payment_method.empty() || b.stripe_customer.empty()
               ? BalanceChargePlan::Kind::kNoCard
               : BalanceChargePlan::Kind::kCharge;
  return p;
}

ChargeVerdict no_saved_card_verdict() {
  return failed("no_saved_card", "no card was saved for this booking", true);
}

ChargeVerdict judge_offsession_charge(const StripeResponse& r) {
  if (r.ok) {
    const std::string status = str_or(r.body, "status");
    if (status == "succeeded") return ChargeVerdict{"charged", "", "", false};
    if (status == "processing") return ChargeVerdict{"pending", "", "", false};
    // requires_action and the like: the bank wants the customer.
    return card_refusal("authentication_required");
  }
  if (r.error.type == "card_error") return card_refusal(r.error.code);
  if (stripe_refused_for_good(r))
    return failed("stripe_error", "Stripe refused to charge the saved card", true);
  return failed("stripe_unavailable",
                "Stripe could not be reached; the charge may still go through: check the "
                "booking's payment before asking the customer",
                false);
}

ojson balance_intent_params(const BookingRecord& b, int64_t amount, int64_t application_fee,
                            const std::string& link_id) {
  ojson p;
  p["amount"] = amount;
  p["currency"] = std::string(b.currency());
  if (connect_direct_charge(b) && application_fee > 0 && application_fee < amount)
    p["application_fee_amount"] = application_fee;
  p["customer"] = b.stripe_customer;
  p["payment_method"] = b.saved_payment_method;
  p["description"] = "Slotpay booking " + b.id + " (after the service)";
  p["metadata"]["booking_id"] = b.id;
  p["metadata"]["merchant_id"] = b.merchant_id;
  p["metadata"]["pay_link"] = link_id;
  return p;
}

void charge_balance_after_service(AppContext& ctx, StripeSync& sync, const BookingRecord& b,
                                  std::function<void(ojson)> done) {
  const BalanceChargePlan plan = plan_balance_charge(b);
  if (plan.kind == BalanceChargePlan::Kind::kNone) return done(nullptr);
  auto c = std::make_shared<Charging>();
  c->booking = b;
  c->done = std::move(done);
  c->record.amount = plan.amount;
  if (plan.kind == BalanceChargePlan::Kind::kNoCard) {
    c->record.id.clear();  // no charge record: only the link
    return finish(ctx, c, no_saved_card_verdict());
  }
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [&ctx, c, now](BookingTx& tx) {
        auto m = tx.merchant(c->booking.merchant_id);
        if (!m) return false;
        PayLinkRecord& l = c->record;
        l.id = "pl_" + random_hex(12);
        l.booking_id = c->booking.id;
        l.merchant_id = c->booking.merchant_id;
        l.currency = std::string(c->booking.currency());
        l.application_fee = pay_link_fee(c->booking, effective_fee(ctx, *m), l.amount);
        l.status = "charging";
        l.idempotency_key = "booking_" + c->booking.id + "_balance";
        l.created_at_ms = now;
        l.expires_at_ms = now;  // never a link: nothing can open it
        tx.save_pay_link(l);
        return true;
      },
      [&ctx, &sync, c](const WriteResult& w) {
        if (!w.committed) {
          c->record.id.clear();
          return finish(ctx, c,
                        failed("stripe_unavailable", "the charge could not be started", false));
        }
        sync.call_for(c->booking, "POST", "/v1/payment_intents",
                      balance_intent_params(c->booking, c->record.amount, c->record.application_fee,
                                            c->record.id),
                      "create_balance_intent", c->record.idempotency_key,
                      [&ctx, &sync, c](StripeResponse created) {
                        c->payment_intent = str_or(created.body, "id");
                        if (!created.ok || c->payment_intent.empty()) {
                          log_stripe("balance intent create refused", c->booking.id, created);
                          return finish(ctx, c, judge_offsession_charge(created));
                        }
                        c->record.payment_intent_id = c->payment_intent;
                        ctx.store.write(
                            [c](BookingTx& tx) {
                              tx.save_pay_link(c->record);
                              return true;
                            },
                            [&ctx, &sync, c](const WriteResult& w2) {
                              // Not stored: confirming now would let the webhook miss the payment.
                              if (!w2.committed)
                                return finish(ctx, c,
                                              failed("stripe_unavailable",
                                                     "the charge could not be started", false));
                              confirm_off_session(ctx, sync, c);
                            });
                      });
      });
}

}  // namespace slotpay::server
