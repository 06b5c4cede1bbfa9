#include "app/stripe_sync.hpp"

#include <algorithm>
#include <memory>

#include "app/booking_charges.hpp"
#include "app/json_fields.hpp"
#include "app/log.hpp"
#include "app/merchant_refund.hpp"
#include "app/refunds.hpp"
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

std::optional<RefundEvent> accepted_refund(const StripeResponse& r, const BookingRecord& b,
                                           const RefundPart& part, std::string_view origin) {
  const int64_t created = r.body.is_object() ? r.body.value("created", int64_t{0}) : 0;
  if (auto event = refund_event_from("refund.created", r.body, created)) return event;
  const std::string id = str_or(r.body, "id");
  if (id.empty()) return std::nullopt;
  return RefundEvent{id,
                     int_or(r.body, "amount", part.amount),
                     std::string(b.currency()),
                     "pending",
                     part.payment_intent_id,
                     std::string(origin),
                     created};
}

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
  if (connect_direct_charge(b) && b.quote.application_fee > 0 && b.quote.application_fee < b.amount)
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
               if (connect_direct_charge(b) && b.quote.application_fee > 0 &&
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
    } else if (std::holds_alternative<RefundLatePayments>(action)) {
      refund_late_payments(record, one_done);
    } else if (std::holds_alternative<VoidPayLinks>(action)) {
      // Best effort, and nothing in the answer depends on it: the cancel's answer does not
      // wait for Stripe here (drain() still does).
      void_pay_links(record, [] {});
      one_done();
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

// The automatic refund, one Stripe refund per charge it reaches (booking_charges.hpp),
// one after another: part 0 with the key "booking_<id>_refund" (as before), part i with
// "_<i>" appended. RefundAccepted once every part is; a part refused for good ends it
// (RefundRefused, with the parts made); any other failure leaves it owed, and the next
// pass plans the same parts again (its own refunds ignored), so Stripe answers the parts
// already made with the same refunds and the rest is tried.
struct StripeSync::RefundRun {
  BookingRecord booking;
  IssueRefund refund;
  std::vector<RefundPart> parts;
  std::vector<RefundEvent> made;
  std::function<void()> finish;
};

void StripeSync::issue_refund(const BookingRecord& b, const IssueRefund& refund,
                              std::function<void()> done) {
  const std::string key = b.id + "/refund";
  if (refund.amount <= 0 || !begin(key)) return done();
  auto run = std::make_shared<RefundRun>();
  run->booking = b;
  run->refund = refund;
  run->finish = [this, key, done = std::move(done)] {
    end(key);
    done();
  };
  ctx_.store.read([this, run](StoreReader& r) {
    try {
      run->parts = plan_booking_refund(run->booking, r.refunds_of_booking(run->booking.id),
                                       r.paid_pay_links(run->booking.id), run->refund.amount);
    } catch (const std::exception& e) {
      log_error("planning a refund failed", {{"booking", run->booking.id}, {"error", e.what()}});
      return run->finish();  // retried by the next pass
    }
    if (run->parts.empty()) {
      // Nothing is left on the charges (refunded meanwhile elsewhere): nothing to ask.
      log_warn("refund owed but nothing left to refund", {{"booking", run->booking.id}});
      return settle(run->booking.id, RefundRefused{}, [run](const auto&) { run->finish(); });
    }
    refund_part(run, 0);
  });
}

void StripeSync::refund_part(std::shared_ptr<RefundRun> run, size_t i) {
  if (i == run->parts.size()) return settle_refund(run, std::nullopt);
  const BookingRecord& b = run->booking;
  const IssueRefund& refund = run->refund;
  ojson params;
  params["payment_intent"] = run->parts[i].payment_intent_id;
  params["amount"] = run->parts[i].amount;
  params["refund_application_fee"] = refund.refund_application_fee;
  if (refund.reason == "customer_cancel") params["reason"] = "requested_by_customer";
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["reason"] = refund.reason;
  params["metadata"]["origin"] = std::string(kBookingRefundOrigin);
  // An application fee exists only on a Connect direct charge.
  if (!connect_direct_charge(b)) params.erase("refund_application_fee");
  call_for(b, "POST", "/v1/refunds", params, "create_refund",
           refund_part_key("booking_" + b.id + "_refund", i), [this, run, i](StripeResponse r) {
             ctx_.metrics.count("slotpay_refunds_total",
                                std::string("result=\"") + (r.ok ? "ok" : "failed") +
                                    "\",reason=\"" + run->refund.reason + "\"");
             if (r.ok) {
               auto event = accepted_refund(r, run->booking, run->parts[i], kBookingRefundOrigin);
               if (event) {
                 run->made.push_back(*event);
                 return refund_part(run, i + 1);
               }
               log_error("refund answer has no usable shape", {{"booking", run->booking.id}});
               return settle_refund(run, false);  // the next pass asks again (same keys)
             }
             const bool for_good = stripe_refused_for_good(r);
             log_error("refund failed", {{"booking", run->booking.id},
                                         {"part", static_cast<int64_t>(i)},
                                         {"stripe_status", r.http_status},
                                         {"stripe_code", r.error.code},
                                         {"permanent", for_good}});
             settle_refund(run, for_good);
           });
}

// `refused_for_good`: nullopt when every part was made; true when Stripe refused one for
// good; false when one failed otherwise (retried by the next pass).
void StripeSync::settle_refund(std::shared_ptr<RefundRun> run,
                               std::optional<bool> refused_for_good) {
  if (refused_for_good == false && run->made.empty()) return run->finish();
  if (refused_for_good == true && run->made.empty())
    return settle(run->booking.id, RefundRefused{}, [run](const auto&) { run->finish(); });
  // The parts made are recorded as Stripe's refund.created would record them (the
  // booking's refunded amount must not drop while Stripe's events are on their way).
  update_booking(
      ctx_, run->booking.id,
      [this, run, refused_for_good](BookingTx& tx,
                                    const BookingRecord& b) -> std::optional<LifecycleEvent> {
        for (const auto& event : run->made)
          record_refund_event(tx, b.id, event, ctx_.clock.now_ms());
        const auto refunds = tx.refunds_of_booking(b.id);
        const std::string first = run->made.front().refund_id;
        BookingRecord after = b;
        after.refund_id = first;
        const int64_t total = refunded_so_far(after, refunds);
        if (!refused_for_good) return RefundAccepted{first, total};
        if (*refused_for_good) return RefundRefused{first, total};
        // Still owed: only the total moves (the parts made are known by their rows).
        return RefundsTotalled{refunded_so_far(b, refunds)};
      },
      [run](const UpdateResult& u) {
        if (!u.write.error.empty())
          log_error("storing a Stripe result failed", {{"error", u.write.error}});
        run->finish();
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
