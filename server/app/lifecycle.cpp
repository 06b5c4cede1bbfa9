#include "app/lifecycle.hpp"

#include <algorithm>

#include "app/pay_links.hpp"

namespace slotpay::server {

bool is_hold(BookingStatus s) {
  return s == BookingStatus::kHeld || s == BookingStatus::kAwaitingPayment ||
         s == BookingStatus::kPendingConfirmation;
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::kUnchanged:
      return "recorded";
    case Outcome::kHeld:
      return "held";
    case Outcome::kConfirmedAtOnce:
      return "confirmed_at_once";
    case Outcome::kAwaitingPayment:
      return "awaiting_payment";
    case Outcome::kHoldReleased:
      return "hold_released";
    case Outcome::kConfirmed:
      return "confirmed";
    case Outcome::kAlreadyConfirmed:
      return "already_confirmed";
    case Outcome::kConfirmedLate:
      return "confirmed_late";
    case Outcome::kRefundSlotGone:
      return "refund_slot_gone";
    case Outcome::kRefundCancelled:
      return "refund_cancelled";
    case Outcome::kAmountMismatch:
      return "amount_mismatch";
    case Outcome::kAccountMismatch:
      return "account_mismatch";
    case Outcome::kPaymentIntentMismatch:
      return "payment_intent_mismatch";
    case Outcome::kPaymentFailed:
      return "payment_failed";
    case Outcome::kExpired:
      return "expired";
    case Outcome::kRefundRecorded:
      return "refund_recorded";
    case Outcome::kDisputeRecorded:
      return "dispute_recorded";
    case Outcome::kCancelled:
      return "cancelled";
    case Outcome::kAlreadyCancelled:
      return "already_cancelled";
    case Outcome::kNotCancellable:
      return "not_cancellable";
    case Outcome::kActionSettled:
      return "action_settled";
    case Outcome::kMarkedNoShow:
      return "marked_no_show";
    case Outcome::kMarkedCompleted:
      return "marked_completed";
    case Outcome::kAlreadyMarked:
      return "already_marked";
    case Outcome::kNotStarted:
      return "not_started";
    case Outcome::kNotConfirmed:
      return "not_confirmed";
    case Outcome::kPendingConfirmation:
      return "pending_confirmation";
    case Outcome::kNotConfirmable:
      return "not_confirmable";
    case Outcome::kBalancePaid:
      return "balance_paid";
    case Outcome::kBalancePaidLate:
      return "balance_paid_late";
  }
  return "recorded";
}

namespace {

bool hold_alive(const BookingRecord& r, int64_t now_ms) {
  return is_hold(r.status) && r.hold_expires_at_ms > now_ms;
}

// A refund was already decided or made: a later success event changes nothing.
bool refund_decided(const BookingRecord& r) { return r.refund_pending || !r.refund_id.empty(); }

// The checks every payment_intent.* event passes before it may touch the booking:
// the event comes from the booking's connected account and is about its intent.
std::optional<Outcome> mismatch(const BookingRecord& r, const std::string& account,
                                const std::string& payment_intent) {
  if (!r.stripe_account.empty() && account != r.stripe_account) return Outcome::kAccountMismatch;
  if (!r.payment_intent_id.empty() && payment_intent != r.payment_intent_id)
    return Outcome::kPaymentIntentMismatch;
  return std::nullopt;
}

// Everything that was paid goes back, the platform's fee included.
void refund_all(BookingRecord& r, const char* reason) {
  r.refund_pending = true;
  r.refund_amount = r.paid_amount;
  r.refund_application_fee = true;
  r.refund_reason = reason;
}

// Builds one Transition; `mutate` marks the record changed.
class Step {
 public:
  Step(const BookingRecord& r, int64_t now_ms) : now_ms_(now_ms) { t_.record = r; }
  BookingRecord& mutate() {
    t_.changed = true;
    return t_.record;
  }
  const BookingRecord& rec() const { return t_.record; }
  Step& outcome(Outcome o) {
    t_.outcome = o;
    return *this;
  }
  Step& act(Action a) {
    t_.actions.push_back(std::move(a));
    return *this;
  }
  Transition done() {
    if (t_.changed) t_.record.updated_at_ms = now_ms_;
    return std::move(t_);
  }

 private:
  Transition t_;
  int64_t now_ms_;
};

struct Decide {
  const BookingRecord& in;
  int64_t now;

  Transition operator()(const HoldRequested& e) const {
    Step s(in, now);
    BookingRecord& r = s.mutate();
    if (e.online) {
      r.status = BookingStatus::kHeld;
      r.hold_expires_at_ms = now + e.hold_ms;
      // Stored before the call so a retry or a restart replays the same request.
      r.idempotency_key = "booking_" + r.id + "_create_pi";
      return s.outcome(Outcome::kHeld).act(CreatePaymentIntent{}).done();
    }
    r.amount = 0;
    if (e.email_confirmation) {
      // Nothing to pay: the seats are held only as long as the customer has to follow
      // the link, so an anonymous request cannot keep them for good (issue #9).
      r.status = BookingStatus::kPendingConfirmation;
      r.hold_expires_at_ms = now + e.hold_ms;
      return s.outcome(Outcome::kPendingConfirmation).done();
    }
    r.status = BookingStatus::kConfirmed;
    r.hold_expires_at_ms = 0;
    return s.outcome(Outcome::kConfirmedAtOnce).done();
  }

  Transition operator()(const EmailConfirmed&) const {
    Step s(in, now);
    if (in.status == BookingStatus::kConfirmed) return s.outcome(Outcome::kAlreadyConfirmed).done();
    if (in.status != BookingStatus::kPendingConfirmation)
      return s.outcome(Outcome::kNotConfirmable).done();
    BookingRecord& r = s.mutate();
    if (!hold_alive(in, now)) {
      // Lapsed and not yet swept: the seats may be someone else's already.
      r.status = BookingStatus::kExpired;
      return s.outcome(Outcome::kNotConfirmable).done();
    }
    r.status = BookingStatus::kConfirmed;
    r.hold_expires_at_ms = 0;
    return s.outcome(Outcome::kConfirmed).done();
  }

  Transition operator()(const PaymentIntentCreated& e) const {
    Step s(in, now);
    if (in.payment_intent_id.empty() && !e.id.empty()) s.mutate().payment_intent_id = e.id;
    if (in.stripe_customer.empty() && !e.customer.empty()) s.mutate().stripe_customer = e.customer;
    if (in.client_secret.empty() && !e.client_secret.empty())
      s.mutate().client_secret = e.client_secret;
    if (in.status == BookingStatus::kHeld) {
      s.mutate().status = BookingStatus::kAwaitingPayment;
      return s.outcome(Outcome::kAwaitingPayment).done();
    }
    // Expired or cancelled while the create was in flight: now the intent can go.
    if (s.rec().pi_cancel_pending && !s.rec().payment_intent_id.empty())
      s.act(CancelPaymentIntent{});
    return s.done();
  }

  Transition operator()(const PaymentIntentCreateFailed&) const {
    Step s(in, now);
    if (in.status != BookingStatus::kHeld) return s.done();
    // The seat comes back. Had Stripe created the intent after all (a lost answer),
    // nobody holds its client secret; a late success is settled by the webhook.
    s.mutate().status = BookingStatus::kPaymentFailed;
    return s.outcome(Outcome::kHoldReleased).done();
  }

  Transition operator()(const PaymentSucceeded& e) const {
    Step s(in, now);
    if (auto m = mismatch(in, e.account, e.payment_intent)) return s.outcome(*m).done();
    if (e.amount != in.amount || e.currency != in.currency())
      return s.outcome(Outcome::kAmountMismatch).done();
    if (in.status == BookingStatus::kConfirmed || in.status == BookingStatus::kCompleted ||
        in.status == BookingStatus::kNoShow) {
      if (in.payment_intent_id.empty()) s.mutate().payment_intent_id = e.payment_intent;
      if (in.paid_amount == 0) s.mutate().paid_amount = e.amount_received;
      return s.outcome(Outcome::kAlreadyConfirmed).done();
    }
    if (in.status != BookingStatus::kCancelled && refund_decided(in)) return s.done();
    BookingRecord& r = s.mutate();
    if (r.payment_intent_id.empty()) r.payment_intent_id = e.payment_intent;
    if (r.paid_amount == 0) r.paid_amount = e.amount_received;
    if (r.quote.charge_later && r.saved_payment_method.empty())
      r.saved_payment_method = e.payment_method;  // attached to the booking's customer
    r.pi_cancel_pending = false;                  // a paid intent cannot be cancelled any more
    if (hold_alive(in, now)) {
      r.status = BookingStatus::kConfirmed;
      return s.outcome(Outcome::kConfirmed).done();
    }
    if (in.status == BookingStatus::kCancelled) {
      // Cancelled while the payment was in flight: give it all back.
      if (!refund_decided(in)) refund_all(r, "cancelled_before_payment");
      s.outcome(Outcome::kRefundCancelled);
    } else if (e.slot_free) {
      // The hold lapsed (or the intent had failed before) but the slot is still free.
      r.status = BookingStatus::kConfirmed;
      s.outcome(Outcome::kConfirmedLate);
    } else {
      if (is_hold(r.status)) r.status = BookingStatus::kExpired;
      refund_all(r, "slot_gone");
      s.outcome(Outcome::kRefundSlotGone);
    }
    if (r.refund_pending)
      s.act(IssueRefund{r.refund_amount, r.refund_application_fee, r.refund_reason});
    return s.done();
  }

  Transition operator()(const PaymentFailed& e) const {
    Step s(in, now);
    if (auto m = mismatch(in, e.account, e.payment_intent)) return s.outcome(*m).done();
    if (!is_hold(in.status)) return s.done();  // a stale failure after success changes nothing
    BookingRecord& r = s.mutate();
    r.status = BookingStatus::kPaymentFailed;
    if (r.payment_intent_id.empty()) r.payment_intent_id = e.payment_intent;
    // The seat is released: the intent must not be paid later with another card.
    r.pi_cancel_pending = !r.payment_intent_id.empty();
    if (r.pi_cancel_pending) s.act(CancelPaymentIntent{});
    return s.outcome(Outcome::kPaymentFailed).done();
  }

  Transition operator()(const PaymentCanceled& e) const {
    Step s(in, now);
    if (auto m = mismatch(in, e.account, e.payment_intent)) return s.outcome(*m).done();
    if (in.pi_cancel_pending) s.mutate().pi_cancel_pending = false;
    if (!is_hold(in.status)) return s.done();
    s.mutate().status = BookingStatus::kExpired;
    return s.outcome(Outcome::kExpired).done();
  }

  Transition operator()(const ChargeRefunded& e) const {
    Step s(in, now);
    if (e.amount_refunded > in.refunded_amount) s.mutate().refunded_amount = e.amount_refunded;
    return s.outcome(Outcome::kRefundRecorded).done();
  }

  Transition operator()(const RefundsTotalled& e) const {
    Step s(in, now);
    if (e.amount != in.refunded_amount) s.mutate().refunded_amount = e.amount;
    return s.outcome(Outcome::kRefundRecorded).done();
  }

  Transition operator()(const DisputeCreated&) const {
    Step s(in, now);
    if (!in.disputed) s.mutate().disputed = true;
    return s.outcome(Outcome::kDisputeRecorded).done();
  }

  // Cancelling, by the customer or the merchant: a hold lets its PaymentIntent go; a
  // confirmed booking gives `refund` back (reason for the refund's metadata).
  Transition cancel(int64_t refund, bool refund_application_fee, const char* reason) const {
    Step s(in, now);
    switch (in.status) {
      case BookingStatus::kCancelled:
        return s.outcome(Outcome::kAlreadyCancelled).done();
      case BookingStatus::kExpired:
      case BookingStatus::kPaymentFailed:
      case BookingStatus::kCompleted:
      case BookingStatus::kNoShow:
        return s.outcome(Outcome::kNotCancellable).done();
      case BookingStatus::kPendingConfirmation:
        s.mutate().status = BookingStatus::kCancelled;  // nothing was paid or asked of Stripe
        return s.outcome(Outcome::kCancelled).done();
      case BookingStatus::kHeld:
      case BookingStatus::kAwaitingPayment: {
        BookingRecord& r = s.mutate();
        r.status = BookingStatus::kCancelled;
        // Without an id the create may still have reached Stripe: replay it to learn it.
        r.pi_cancel_pending = !r.payment_intent_id.empty() || !r.idempotency_key.empty();
        if (r.pi_cancel_pending) s.act(CancelPaymentIntent{});
        return s.outcome(Outcome::kCancelled).done();
      }
      case BookingStatus::kConfirmed: {
        // Something was still due: a pay link for it may be open.
        const bool links_may_be_open = balance_due(in) > 0;
        BookingRecord& r = s.mutate();
        r.status = BookingStatus::kCancelled;
        if (refund > 0) refund_part(s, refund, refund_application_fee, reason);
        if (links_may_be_open) s.act(VoidPayLinks{});
        return s.outcome(Outcome::kCancelled).done();
      }
    }
    return s.done();
  }

  static void refund_part(Step& s, int64_t amount, bool application_fee, const char* reason) {
    BookingRecord& r = s.mutate();
    r.refund_amount = amount;
    r.refund_application_fee = application_fee;
    r.refund_reason = reason;
    r.refund_pending = true;
    s.act(IssueRefund{r.refund_amount, r.refund_application_fee, r.refund_reason});
  }

  Transition operator()(const CustomerCancel& e) const {
    return e.outcome
               ? cancel(e.outcome->refund, e.outcome->refund_application_fee, "customer_cancel")
               : cancel(0, false, "customer_cancel");
  }

  // The merchant's cancel: no fee; the platform's fee goes back with the payment.
  Transition operator()(const MerchantCancel& e) const {
    return cancel(e.refund, true, "merchant_cancel");
  }

  // No-show and completed: only for a confirmed booking whose start has passed.
  std::optional<Outcome> cannot_mark(BookingStatus target) const {
    if (in.status == target) return Outcome::kAlreadyMarked;
    if (in.status != BookingStatus::kConfirmed) return Outcome::kNotConfirmed;
    if (now / 1000 < in.slot.start.seconds) return Outcome::kNotStarted;
    return std::nullopt;
  }

  Transition operator()(const MarkNoShow& e) const {
    Step s(in, now);
    if (auto refused = cannot_mark(BookingStatus::kNoShow)) return s.outcome(*refused).done();
    s.mutate().status = BookingStatus::kNoShow;
    if (e.refund > 0) refund_part(s, e.refund, e.refund_application_fee, "no_show");
    return s.outcome(Outcome::kMarkedNoShow).done();
  }

  Transition operator()(const MarkCompleted&) const {
    Step s(in, now);
    if (auto refused = cannot_mark(BookingStatus::kCompleted)) return s.outcome(*refused).done();
    s.mutate().status = BookingStatus::kCompleted;
    return s.outcome(Outcome::kMarkedCompleted).done();
  }

  Transition operator()(const HoldExpiryDue&) const {
    Step s(in, now);
    if (!is_hold(in.status) || in.hold_expires_at_ms > now) return s.done();
    BookingRecord& r = s.mutate();
    r.status = BookingStatus::kExpired;
    r.pi_cancel_pending = !r.payment_intent_id.empty() || !r.idempotency_key.empty();
    if (r.pi_cancel_pending) s.act(CancelPaymentIntent{});
    return s.outcome(Outcome::kExpired).done();
  }

  Transition operator()(const RecoveredAfterRestart&) const {
    Step s(in, now);
    // Still `held`: the process stopped between the hold and the end of the create
    // call, so no client got this booking's answer. Let it go, intent included.
    if (in.status != BookingStatus::kHeld) return s.done();
    BookingRecord& r = s.mutate();
    r.status = BookingStatus::kExpired;
    r.pi_cancel_pending = !r.payment_intent_id.empty() || !r.idempotency_key.empty();
    if (r.pi_cancel_pending) s.act(CancelPaymentIntent{});
    return s.outcome(Outcome::kExpired).done();
  }

  Transition operator()(const PaymentIntentRecovered& e) const {
    Step s(in, now);
    if (in.payment_intent_id.empty() && !e.id.empty()) s.mutate().payment_intent_id = e.id;
    if (s.rec().pi_cancel_pending && !s.rec().payment_intent_id.empty())
      s.act(CancelPaymentIntent{});
    return s.outcome(Outcome::kActionSettled).done();
  }

  Transition operator()(const PaymentIntentCancelSettled&) const {
    Step s(in, now);
    if (in.pi_cancel_pending) s.mutate().pi_cancel_pending = false;
    return s.outcome(Outcome::kActionSettled).done();
  }

  Transition operator()(const RefundAccepted& e) const {
    Step s(in, now);
    BookingRecord& r = s.mutate();
    r.refund_pending = false;
    if (!e.refund_id.empty()) r.refund_id = e.refund_id;
    r.refunded_amount = std::max(r.refunded_amount, e.amount > 0 ? e.amount : r.refund_amount);
    return s.outcome(Outcome::kActionSettled).done();
  }

  // A pay link's payment (issue #11 item 3). It adds to what was paid, whatever was paid
  // before (a deposit, or nothing for a phone booking); the webhook handles each event id
  // once and a link is paid once, so the same payment is never added twice. A booking
  // with no PaymentIntent of its own (a phone booking) takes the link's as its payment,
  // so that refunds go to that charge. Paid after the booking was closed (cancelled while
  // the customer was paying, or on a pay page left open): it all goes back, by the
  // booking's own refund when nothing was refunded yet and it is the booking's own
  // charge, else by itself (RefundLatePayments).
  Transition operator()(const LinkPaymentSucceeded& e) const {
    Step s(in, now);
    if (!in.stripe_account.empty() && e.account != in.stripe_account)
      return s.outcome(Outcome::kAccountMismatch).done();
    if (e.currency != in.currency() || e.amount <= 0)
      return s.outcome(Outcome::kAmountMismatch).done();
    BookingRecord& r = s.mutate();
    r.paid_amount += e.amount;
    // A booking whose card was only saved (a SetupIntent, seti_...) takes its first
    // payment's intent as its own, as a phone booking does: refunds go to that charge.
    if (r.payment_intent_id.empty() || r.payment_intent_id.rfind("seti_", 0) == 0)
      r.payment_intent_id = e.payment_intent;
    if (in.status == BookingStatus::kConfirmed || in.status == BookingStatus::kCompleted ||
        in.status == BookingStatus::kNoShow)
      return s.outcome(Outcome::kBalancePaid).done();
    if (r.payment_intent_id == e.payment_intent && !refund_decided(in)) {
      refund_all(r, "cancelled_before_payment");
      s.act(IssueRefund{r.refund_amount, r.refund_application_fee, r.refund_reason});
    } else if (r.payment_intent_id != e.payment_intent) {
      // A charge of its own after the booking's refund was decided (a merchant cancel of a
      // deposit booking whose balance link was open): that decision is not reopened (its
      // parts and Stripe keys were made before this charge existed); this payment goes
      // back by itself, in full.
      r.late_refund_pending = true;
      s.act(RefundLatePayments{});
    }
    return s.outcome(Outcome::kBalancePaidLate).done();
  }

  // The card of a booking with nothing due now was saved (issue #11 item 4): like a
  // payment's success, it confirms the hold; nothing was paid, so a lapsed hold whose slot
  // is gone just expires (nothing to refund).
  Transition operator()(const SetupSucceeded& e) const {
    Step s(in, now);
    if (auto m = mismatch(in, e.account, e.setup_intent)) return s.outcome(*m).done();
    if (!in.quote.charge_later) return s.outcome(Outcome::kPaymentIntentMismatch).done();
    auto save_card = [&](BookingRecord& r) {
      if (r.saved_payment_method.empty()) r.saved_payment_method = e.payment_method;
      if (r.stripe_customer.empty()) r.stripe_customer = e.customer;
    };
    if (in.status == BookingStatus::kConfirmed || in.status == BookingStatus::kCompleted ||
        in.status == BookingStatus::kNoShow) {
      if (in.saved_payment_method.empty()) save_card(s.mutate());
      return s.outcome(Outcome::kAlreadyConfirmed).done();
    }
    if (in.status == BookingStatus::kCancelled) return s.done();
    BookingRecord& r = s.mutate();
    save_card(r);
    r.pi_cancel_pending = false;  // a succeeded SetupIntent cannot be cancelled
    if (hold_alive(in, now)) {
      r.status = BookingStatus::kConfirmed;
      return s.outcome(Outcome::kConfirmed).done();
    }
    if (e.slot_free) {
      r.status = BookingStatus::kConfirmed;
      return s.outcome(Outcome::kConfirmedLate).done();
    }
    if (is_hold(r.status)) r.status = BookingStatus::kExpired;
    return s.outcome(Outcome::kExpired).done();
  }

  Transition operator()(const RefundRefused& e) const {
    Step s(in, now);
    if (in.refund_pending) s.mutate().refund_pending = false;
    if (!e.refund_id.empty() && in.refund_id.empty()) s.mutate().refund_id = e.refund_id;
    if (e.refunded_amount > in.refunded_amount) s.mutate().refunded_amount = e.refunded_amount;
    return s.outcome(Outcome::kActionSettled).done();
  }

  Transition operator()(const LateRefundsSettled& e) const {
    Step s(in, now);
    if (in.late_refund_pending) s.mutate().late_refund_pending = false;
    if (e.refunded_amount > in.refunded_amount) s.mutate().refunded_amount = e.refunded_amount;
    return s.outcome(Outcome::kActionSettled).done();
  }
};

}  // namespace

Transition apply_event(const BookingRecord& record, const LifecycleEvent& event, int64_t now_ms) {
  return std::visit(Decide{record, now_ms}, event);
}

bool needs_slot_check(const BookingRecord& r, int64_t now_ms) {
  return r.status != BookingStatus::kConfirmed && r.status != BookingStatus::kCancelled &&
         r.status != BookingStatus::kCompleted && r.status != BookingStatus::kNoShow &&
         !hold_alive(r, now_ms) && !refund_decided(r);
}

std::vector<Action> pending_actions(const BookingRecord& r) {
  std::vector<Action> out;
  if (r.pi_cancel_pending) out.push_back(CancelPaymentIntent{});
  if (r.refund_pending && r.refund_amount > 0 && !r.payment_intent_id.empty())
    out.push_back(IssueRefund{r.refund_amount, r.refund_application_fee, r.refund_reason});
  if (r.late_refund_pending) out.push_back(RefundLatePayments{});
  return out;
}

}  // namespace slotpay::server
