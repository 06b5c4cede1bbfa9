// StripeSync and the pay links of a cancelled booking. First (lifecycle VoidPayLinks) the
// open links' PaymentIntents are cancelled at Stripe, so that a pay page left open cannot
// take the money any more; best effort, one call per link, each with its own key.
//
// Then the refunds of pay links paid anyway (lifecycle RefundLatePayments; the links marked
// `late`, booking_charges.hpp late_refunds_owed): paid at the moment of the cancel, or on
// a page whose intent could not be cancelled. That payment is not the merchant's to keep.
// Each late link is given back in full, one Stripe refund per link, one after another,
// each with its own Idempotency-Key ("paylink_<id>_refund": the same refund however often
// it is asked). The cancellation's own refund (issue_refund) is not touched: its parts
// were planned and keyed before this payment existed.
//
// A failure Stripe may get over leaves the booking owing (late_refund_pending): the next
// pass asks again, and the links already given back are left out (their refunds are
// recorded). A refusal for good is logged for the merchant to settle by hand and not
// asked again; then LateRefundsSettled clears the booking's flag.
#include "app/log.hpp"
#include "app/merchant_refund.hpp"
#include "app/stripe_sync.hpp"

namespace slotpay::server {

void StripeSync::void_pay_links(const BookingRecord& b, std::function<void()> done) {
  const std::string key = b.id + "/void_links";
  if (!begin(key)) return done();
  auto finish = [this, key, done = std::move(done)] {
    end(key);
    done();
  };
  ctx_.store.read([this, b, finish](StoreReader& r) {
    auto links = std::make_shared<std::vector<PayLinkRecord>>();
    try {
      *links = r.open_pay_links(b.id);
    } catch (const std::exception& e) {
      log_warn("reading a cancelled booking's pay links failed",
               {{"booking", b.id}, {"error", e.what()}});
      return finish();  // its links' payments, if any, go back by themselves
    }
    void_pay_link(b, links, 0, finish);
  });
}

void StripeSync::void_pay_link(const BookingRecord& b,
                               std::shared_ptr<std::vector<PayLinkRecord>> links, size_t i,
                               std::function<void()> done) {
  if (i == links->size()) return done();
  const PayLinkRecord& link = (*links)[i];
  call_for(b, "POST", "/v1/payment_intents/" + link.payment_intent_id + "/cancel",
           nlohmann::ordered_json::object(), "cancel_pay_link_intent",
           "paylink_" + link.id + "_cancel_pi", [this, b, links, i, done](StripeResponse r) {
             // Refused (it succeeded meanwhile: its webhook gives it back) or unreachable:
             // the same, a payment on that page goes back by itself.
             if (!r.ok)
               log_warn("pay link intent cancel failed", {{"booking", b.id},
                                                          {"pay_link", (*links)[i].id},
                                                          {"stripe_status", r.http_status},
                                                          {"stripe_code", r.error.code}});
             void_pay_link(b, links, i + 1, done);
           });
}

struct StripeSync::LateRefundRun {
  BookingRecord booking;
  std::vector<LateRefund> owed;
  std::vector<RefundEvent> made;
  bool retry_later = false;  // a failure Stripe may get over: the booking still owes
  std::function<void()> finish;
};

void StripeSync::refund_late_payments(const BookingRecord& b, std::function<void()> done) {
  const std::string key = b.id + "/late_refund";
  if (!begin(key)) return done();
  auto run = std::make_shared<LateRefundRun>();
  run->booking = b;
  run->finish = [this, key, done = std::move(done)] {
    end(key);
    done();
  };
  ctx_.store.read([this, run](StoreReader& r) {
    try {
      const std::string& id = run->booking.id;
      run->owed = late_refunds_owed(run->booking, r.paid_pay_links(id), r.refunds_of_booking(id));
    } catch (const std::exception& e) {
      log_error("planning a late payment's refund failed",
                {{"booking", run->booking.id}, {"error", e.what()}});
      return run->finish();  // retried by the next pass
    }
    late_refund(run, 0);
  });
}

void StripeSync::late_refund(std::shared_ptr<LateRefundRun> run, size_t i) {
  if (i == run->owed.size()) return settle_late_refunds(run);
  const BookingRecord& b = run->booking;
  const LateRefund& owed = run->owed[i];
  nlohmann::ordered_json params;
  params["payment_intent"] = owed.part.payment_intent_id;
  params["amount"] = owed.part.amount;
  // The platform's fee on a payment that should not have been taken goes back too; an
  // application fee exists only on a Connect direct charge.
  if (connect_direct_charge(b)) params["refund_application_fee"] = true;
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["pay_link"] = owed.pay_link_id;
  params["metadata"]["reason"] = "paid_after_cancel";
  params["metadata"]["origin"] = std::string(kLateRefundOrigin);
  call_for(b, "POST", "/v1/refunds", params, "create_refund", late_refund_key(owed.pay_link_id),
           [this, run, i](StripeResponse r) {
             ctx_.metrics.count("slotpay_refunds_total", std::string("result=\"") +
                                                             (r.ok ? "ok" : "failed") +
                                                             "\",reason=\"paid_after_cancel\"");
             const LateRefund& owed = run->owed[i];
             if (r.ok) {
               if (auto event = accepted_refund(r, run->booking, owed.part, kLateRefundOrigin)) {
                 run->made.push_back(*event);
                 return late_refund(run, i + 1);
               }
               log_error("refund answer has no usable shape", {{"booking", run->booking.id}});
               run->retry_later = true;  // the next pass asks again (same key)
               return settle_late_refunds(run);
             }
             const bool for_good = stripe_refused_for_good(r);
             log_error("late payment refund failed", {{"booking", run->booking.id},
                                                      {"pay_link", owed.pay_link_id},
                                                      {"stripe_status", r.http_status},
                                                      {"stripe_code", r.error.code},
                                                      {"permanent", for_good}});
             if (for_good) return late_refund(run, i + 1);  // the merchant's to settle now
             run->retry_later = true;
             settle_late_refunds(run);
           });
}

void StripeSync::settle_late_refunds(std::shared_ptr<LateRefundRun> run) {
  if (run->retry_later && run->made.empty()) return run->finish();
  // The refunds made are recorded as Stripe's refund.created would record them (the
  // booking's refunded total must not wait for Stripe's events).
  update_booking(
      ctx_, run->booking.id,
      [this, run](BookingTx& tx, const BookingRecord& b) -> std::optional<LifecycleEvent> {
        for (const auto& event : run->made)
          record_refund_event(tx, b.id, event, ctx_.clock.now_ms());
        const int64_t total = refunded_so_far(b, tx.refunds_of_booking(b.id));
        if (run->retry_later) return RefundsTotalled{total};
        return LateRefundsSettled{total};
      },
      [run](const UpdateResult& u) {
        if (!u.write.error.empty())
          log_error("storing a Stripe result failed", {{"error", u.write.error}});
        run->finish();
      });
}

}  // namespace slotpay::server
