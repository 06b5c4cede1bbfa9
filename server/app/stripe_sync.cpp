#include "app/stripe_sync.hpp"

#include <algorithm>
#include <memory>

#include "app/json_fields.hpp"
#include "app/log.hpp"
#include "app/merchant_refund.hpp"
#include "app/reminders.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

// Calls `done` once every one of `n` parts has reported.
std::function<void()> countdown(size_t n, std::function<void()> done) {
  if (n == 0) {
    if (done) done();
    return [] {};
  }
  auto left = std::make_shared<std::atomic<size_t>>(n);
  return [left, done = std::move(done)] {
    if (--*left == 0 && done) done();
  };
}

}  // namespace

bool stripe_refused_for_good(const StripeResponse& r) {
  return !r.ok && r.http_status >= 400 && r.http_status < 500 && r.http_status != 409 &&
         r.http_status != 429;
}

StripeSync::~StripeSync() { drain(); }

bool StripeSync::begin(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_.insert(key).second;
}

void StripeSync::end(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  busy_.erase(key);
  if (busy_.empty()) idle_.notify_all();
}

void StripeSync::drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [&] { return busy_.empty(); });
}

size_t StripeSync::in_flight() {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_.size();
}

void StripeSync::settle(const std::string& booking_id, LifecycleEvent event,
                        std::function<void(const UpdateResult&)> then) {
  update_booking(ctx_, booking_id, std::move(event), [then = std::move(then)](const auto& r) {
    if (!r.write.error.empty())
      log_error("storing a Stripe result failed", {{"error", r.write.error}});
    if (then) then(r);
  });
}

void StripeSync::create_payment_intent(const BookingRecord& b, StripeCallback done) {
  if (b.quote.charge_later) return create_saving_intent(b, std::move(done));
  ojson params;
  params["amount"] = b.amount;
  params["currency"] = b.currency();
  // A direct charge's fee must be positive and below the amount (FACTS.md 3.2); none on
  // the platform's own account or the merchant's own keys.
  if (!b.stripe_account.empty() && !b.merchant_keys && b.quote.application_fee > 0 &&
      b.quote.application_fee < b.amount)
    params["application_fee_amount"] = b.quote.application_fee;
  params["automatic_payment_methods"]["enabled"] = true;
  params["description"] = "Slotpay booking " + b.id;
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["merchant_id"] = b.merchant_id;
  call_for(b, "POST", "/v1/payment_intents", params, "create_payment_intent", b.idempotency_key,
           std::move(done));
}

// Issue #11 item 4: the card is saved for the charge after the service. A Customer on
// the booking's account first (one per booking: its own idempotency key), then the
// PaymentIntent for what is due now with setup_future_usage=off_session, or a SetupIntent
// when nothing is (usage off_session). Replays (recovery, cancel) give the same objects.
void StripeSync::create_saving_intent(const BookingRecord& b, StripeCallback done) {
  ojson customer;
  if (!b.customer.email.empty()) customer["email"] = b.customer.email;
  if (!b.customer.name.empty()) customer["name"] = b.customer.name;
  customer["metadata"]["booking_id"] = b.id;
  customer["metadata"]["merchant_id"] = b.merchant_id;
  call_for(b, "POST", "/v1/customers", customer, "create_customer", "booking_" + b.id + "_customer",
           [this, b, done = std::move(done)](StripeResponse c) mutable {
             const std::string cus = str_or(c.body, "id");
             if (!c.ok || cus.empty()) return done(std::move(c));
             ojson params;
             if (b.amount > 0) {
               params["amount"] = b.amount;
               params["currency"] = b.currency();
               if (!b.stripe_account.empty() && !b.merchant_keys && b.quote.application_fee > 0 &&
                   b.quote.application_fee < b.amount)
                 params["application_fee_amount"] = b.quote.application_fee;
             }
             params["customer"] = cus;
             if (b.amount > 0)
               params["setup_future_usage"] = "off_session";
             else
               params["usage"] = "off_session";
             params["automatic_payment_methods"]["enabled"] = true;
             params["description"] = "Slotpay booking " + b.id;
             params["metadata"]["booking_id"] = b.id;
             params["metadata"]["merchant_id"] = b.merchant_id;
             call_for(b, "POST", b.amount > 0 ? "/v1/payment_intents" : "/v1/setup_intents", params,
                      b.amount > 0 ? "create_payment_intent" : "create_setup_intent",
                      b.idempotency_key, std::move(done));
           });
}

void StripeSync::call_for(const BookingRecord& b, const std::string& method,
                          const std::string& path, ojson params, std::string operation,
                          std::string idempotency_key, StripeCallback done) {
  booking_stripe_options(ctx_, b, std::move(operation), std::move(idempotency_key),
                         [this, id = b.id, method, path, params = std::move(params),
                          done = std::move(done)](std::optional<StripeRequestOptions> o) mutable {
                           if (!o) {
                             // The merchant's own keys are gone (removed, or no master key):
                             // nothing can be asked of Stripe for this booking now; the record
                             // keeps what it owes.
                             log_error("no Stripe credentials for booking", {{"booking", id}});
                             StripeResponse r;
                             r.error =
                                 StripeError{"authentication_error", "merchant_keys_unavailable",
                                             "the merchant's Stripe keys are not available", "", 0};
                             return done(std::move(r));
                           }
                           ctx_.stripe.request(method, path, params, *o, std::move(done));
                         });
}

void StripeSync::carry_out(const BookingRecord& record, const std::vector<Action>& actions,
                           std::function<void()> done) {
  auto one_done = countdown(actions.size(), std::move(done));
  for (const auto& action : actions) {
    if (std::holds_alternative<CancelPaymentIntent>(action)) {
      cancel_payment_intent(record, one_done);
    } else if (const auto* refund = std::get_if<IssueRefund>(&action)) {
      issue_refund(record, *refund, one_done);
    } else {
      // CreatePaymentIntent belongs to the create use case, which answers the customer.
      one_done();
    }
  }
}

void StripeSync::cancel_payment_intent(const BookingRecord& b, std::function<void()> done) {
  const std::string key = b.id + "/cancel_pi";
  if (!begin(key)) return done();
  auto finish = [this, key, done = std::move(done)] {
    end(key);
    done();
  };
  if (!b.payment_intent_id.empty()) return cancel_known_payment_intent(b, finish);
  if (b.idempotency_key.empty()) return finish();
  // The create may or may not have reached Stripe: replay it with the stored key
  // (Stripe returns the original if there was one), then cancel what comes back.
  create_payment_intent(b, [this, id = b.id, finish](StripeResponse created) {
    if (stripe_refused_for_good(created)) {
      log_warn("payment intent replay refused", {{"booking", id},
                                                 {"stripe_status", created.http_status},
                                                 {"stripe_code", created.error.code}});
      return settle(id, PaymentIntentCancelSettled{}, [finish](const auto&) { finish(); });
    }
    std::string pi = str_or(created.body, "id");
    if (!created.ok || pi.empty()) return finish();  // network trouble: the next pass retries
    settle(id, PaymentIntentRecovered{pi}, [this, finish](const UpdateResult& r) {
      if (!r.transition || r.transition->record.payment_intent_id.empty() ||
          !r.transition->record.pi_cancel_pending)
        return finish();
      cancel_known_payment_intent(r.transition->record, finish);
    });
  });
}

void StripeSync::cancel_known_payment_intent(const BookingRecord& b, std::function<void()> done) {
  // A charge_later booking with nothing due now has a SetupIntent (seti_) instead.
  const bool setup = b.payment_intent_id.rfind("seti_", 0) == 0;
  call_for(
      b, "POST",
      (setup ? "/v1/setup_intents/" : "/v1/payment_intents/") + b.payment_intent_id + "/cancel",
      ojson::object(), "cancel_payment_intent", "booking_" + b.id + "_cancel_pi",
      [this, id = b.id, done = std::move(done)](StripeResponse r) {
        if (!r.ok)
          log_warn(
              "payment intent cancel failed",
              {{"booking", id}, {"stripe_status", r.http_status}, {"stripe_code", r.error.code}});
        // Cancelled, or refused for good (it succeeded or was cancelled meanwhile: the
        // webhook settles that); anything else is retried by the next pass.
        if (!r.ok && !stripe_refused_for_good(r)) return done();
        settle(id, PaymentIntentCancelSettled{}, [done](const auto&) { done(); });
      });
}

void StripeSync::issue_refund(const BookingRecord& b, const IssueRefund& refund,
                              std::function<void()> done) {
  const std::string key = b.id + "/refund";
  if (b.payment_intent_id.empty() || refund.amount <= 0 || !begin(key)) return done();
  ojson params;
  params["payment_intent"] = b.payment_intent_id;
  params["amount"] = refund.amount;
  params["refund_application_fee"] = refund.refund_application_fee;
  if (refund.reason == "customer_cancel") params["reason"] = "requested_by_customer";
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["reason"] = refund.reason;
  // An application fee exists only on a Connect direct charge.
  if (b.merchant_keys || b.stripe_account.empty()) params.erase("refund_application_fee");
  call_for(b, "POST", "/v1/refunds", params, "create_refund", "booking_" + b.id + "_refund",
           [this, key, id = b.id, refund, done = std::move(done)](StripeResponse r) {
             auto finish = [this, key, done](const auto&) {
               end(key);
               done();
             };
             bool for_good = stripe_refused_for_good(r);
             ctx_.metrics.count("slotpay_refunds_total", std::string("result=\"") +
                                                             (r.ok ? "ok" : "failed") +
                                                             "\",reason=\"" + refund.reason + "\"");
             if (r.ok) {
               int64_t amount = r.body.is_object() && r.body.contains("amount") &&
                                        r.body["amount"].is_number_integer()
                                    ? r.body["amount"].get<int64_t>()
                                    : refund.amount;
               // The booking's refunded amount with this refund: refunds the merchant made
               // before are in their records (merchant_refund.hpp), so it must not drop to
               // this refund alone while Stripe's events are on their way.
               std::string refund_id = str_or(r.body, "id");
               return update_booking(
                   ctx_, id,
                   [refund_id, amount](BookingTx& tx,
                                       const BookingRecord& b) -> std::optional<LifecycleEvent> {
                     BookingRecord after = b;
                     after.refund_id = refund_id;
                     after.refund_amount = amount;
                     const int64_t total = refunded_so_far(after, tx.refunds_of_booking(b.id));
                     return RefundAccepted{refund_id, std::max(amount, total)};
                   },
                   [finish](const UpdateResult& u) {
                     if (!u.write.error.empty())
                       log_error("storing a Stripe result failed", {{"error", u.write.error}});
                     finish(u);
                   });
             }
             log_error("refund failed", {{"booking", id},
                                         {"stripe_status", r.http_status},
                                         {"stripe_code", r.error.code},
                                         {"permanent", for_good}});
             if (for_good) return settle(id, RefundRefused{}, finish);
             finish(UpdateResult{});  // retried by the next pass
           });
}

void StripeSync::run_pass(std::function<void()> done) {
  auto owed = std::make_shared<std::vector<std::pair<BookingRecord, std::vector<Action>>>>();
  const int64_t now = ctx_.clock.now_ms();
  ctx_.store.write(
      [this, owed, now](BookingTx& tx) {
        // Claimed for this instance, so no other one does the same work meanwhile.
        auto claimed = tx.claim_work(now, ctx_.config.instance_id, now + ctx_.config.work_lease_ms,
                                     ctx_.config.max_claims_per_pass);
        for (const auto& b : claimed) {
          // Still `held` here means its claim lapsed: the instance creating its
          // PaymentIntent stopped; otherwise a hold past its expiry or owed actions.
          bool abandoned = b.status == BookingStatus::kHeld && b.hold_expires_at_ms > now;
          Transition t = apply_and_save(
              ctx_, tx, b,
              abandoned ? LifecycleEvent(RecoveredAfterRestart{}) : LifecycleEvent(HoldExpiryDue{}),
              now);
          if (t.outcome == Outcome::kExpired) {
            ctx_.metrics.count("slotpay_holds_expired_total", "");
            log_info(abandoned ? "abandoned hold let go" : "hold expired", {{"booking", b.id}});
          }
          auto actions = pending_actions(t.record);
          if (!actions.empty()) owed->emplace_back(t.record, std::move(actions));
        }
        // Issue #12: reminders due now, queued in this transaction.
        const int reminders = queue_due_reminders(ctx_, tx, now, ctx_.config.max_claims_per_pass);
        // The claims are kept even when nothing else changed.
        return !claimed.empty() || reminders > 0;
      },
      [this, owed, done = std::move(done)](const WriteResult& w) {
        if (!w.error.empty()) log_error("background pass failed", {{"error", w.error}});
        if (w.error.empty()) {
          for (auto& [record, actions] : *owed) {
            if (in_flight() >= ctx_.config.max_stripe_actions) break;  // the next pass goes on
            carry_out(record, actions);
          }
        }
        if (done) done();
      });
}

void StripeSync::recover_after_restart(std::function<void()> done) {
  const int64_t now = ctx_.clock.now_ms();
  // A shared store: held bookings may be other instances' creates in flight; the
  // passes let them go once their claims lapse.
  if (!ctx_.config.exclusive_store) return run_pass(std::move(done));
  ctx_.store.write(
      [this, now](BookingTx& tx) {
        bool changed = false;
        for (const auto& b : tx.bookings_with_status(BookingStatus::kHeld)) {
          Transition t = apply_and_save(ctx_, tx, b, RecoveredAfterRestart{}, now);
          if (t.changed) log_info("recovered interrupted booking", {{"booking", b.id}});
          changed = changed || t.changed;
        }
        return changed;
      },
      [this, done = std::move(done)](const WriteResult& w) {
        if (!w.error.empty()) log_error("recovery pass failed", {{"error", w.error}});
        run_pass(done);
      });
}

}  // namespace slotpay::server
