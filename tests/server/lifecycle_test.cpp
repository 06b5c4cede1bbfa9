// The booking lifecycle, one case per outcome: hold, PaymentIntent created/failed,
// every webhook outcome, customer cancel, hold expiry, recovery after restart and the
// results of the Stripe actions.
#include "app/lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // ms
constexpr int64_t kHoldMs = 600'000;

BookingRecord fresh() {
  BookingRecord r;
  r.id = "bk_1";
  r.merchant_id = "m1";
  r.quote.currency = slotpay::find_currency("usd", "").value();
  r.quote.due_now = 1072;
  r.amount = 1072;
  r.quote.application_fee = 84;
  r.payment_mode = "stripe";
  r.stripe_account = "acct_1";
  r.created_at_ms = r.updated_at_ms = kNow - 1000;
  return r;
}

// A booking waiting for payment, its hold alive until kNow + 1 minute.
BookingRecord awaiting() {
  BookingRecord r = fresh();
  r.status = BookingStatus::kAwaitingPayment;
  r.hold_expires_at_ms = kNow + 60'000;
  r.idempotency_key = "booking_bk_1_create_pi";
  r.payment_intent_id = "pi_1";
  r.client_secret = "pi_1_secret_x";
  return r;
}

BookingRecord confirmed_paid() {
  BookingRecord r = awaiting();
  r.status = BookingStatus::kConfirmed;
  r.paid_amount = 1072;
  return r;
}

PaymentSucceeded success(bool slot_free = false) {
  return PaymentSucceeded{"pi_1", "acct_1", 1072, 1072, "usd", slot_free, ""};
}

template <class A>
const A* find_action(const Transition& t) {
  for (const auto& a : t.actions)
    if (auto* p = std::get_if<A>(&a)) return p;
  return nullptr;
}

}  // namespace

TEST_CASE("lifecycle: a hold for an online payment asks for a PaymentIntent", "[lifecycle]") {
  auto t = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow);
  CHECK(t.outcome == Outcome::kHeld);
  CHECK(t.changed);
  CHECK(t.record.status == BookingStatus::kHeld);
  CHECK(t.record.hold_expires_at_ms == kNow + kHoldMs);
  CHECK(t.record.idempotency_key == "booking_bk_1_create_pi");
  REQUIRE(t.actions.size() == 1);
  CHECK(std::holds_alternative<CreatePaymentIntent>(t.actions[0]));
}

TEST_CASE("lifecycle: nothing to charge online confirms at once, no Stripe", "[lifecycle]") {
  auto t = apply_event(fresh(), HoldRequested{false, kHoldMs}, kNow);
  CHECK(t.outcome == Outcome::kConfirmedAtOnce);
  CHECK(t.record.status == BookingStatus::kConfirmed);
  CHECK(t.record.amount == 0);
  CHECK(t.record.hold_expires_at_ms == 0);
  CHECK(t.actions.empty());
}

TEST_CASE("lifecycle: PaymentIntent created -> awaiting_payment", "[lifecycle]") {
  auto held = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow).record;
  auto t = apply_event(held, PaymentIntentCreated{"pi_9", "pi_9_secret", ""}, kNow + 5);
  CHECK(t.outcome == Outcome::kAwaitingPayment);
  CHECK(t.record.status == BookingStatus::kAwaitingPayment);
  CHECK(t.record.payment_intent_id == "pi_9");
  CHECK(t.record.client_secret == "pi_9_secret");
  CHECK(t.record.updated_at_ms == kNow + 5);
  CHECK(t.actions.empty());
}

TEST_CASE("lifecycle: PaymentIntent created after the hold was let go -> cancel it",
          "[lifecycle]") {
  auto held = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow).record;
  auto expired = apply_event(held, RecoveredAfterRestart{}, kNow).record;
  REQUIRE(expired.status == BookingStatus::kExpired);
  auto t = apply_event(expired, PaymentIntentCreated{"pi_9", "s", ""}, kNow);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK(t.record.payment_intent_id == "pi_9");
  CHECK(find_action<CancelPaymentIntent>(t));
}

TEST_CASE("lifecycle: PaymentIntent create failed -> the seat comes back", "[lifecycle]") {
  auto held = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow).record;
  auto t = apply_event(held, PaymentIntentCreateFailed{}, kNow);
  CHECK(t.outcome == Outcome::kHoldReleased);
  CHECK(t.record.status == BookingStatus::kPaymentFailed);
  CHECK(t.actions.empty());
  // Only a hold is released.
  auto again = apply_event(awaiting(), PaymentIntentCreateFailed{}, kNow);
  CHECK_FALSE(again.changed);
  CHECK(again.record.status == BookingStatus::kAwaitingPayment);
}

TEST_CASE("lifecycle webhook: succeeded while the hold is alive -> confirmed", "[lifecycle]") {
  auto t = apply_event(awaiting(), success(), kNow);
  CHECK(t.outcome == Outcome::kConfirmed);
  CHECK(std::string(to_string(t.outcome)) == "confirmed");
  CHECK(t.record.status == BookingStatus::kConfirmed);
  CHECK(t.record.paid_amount == 1072);
  CHECK(t.actions.empty());
  CHECK_FALSE(needs_slot_check(awaiting(), kNow));
}

TEST_CASE("lifecycle webhook: succeeded twice -> already confirmed, nothing changes",
          "[lifecycle]") {
  auto t = apply_event(confirmed_paid(), success(), kNow);
  CHECK(t.outcome == Outcome::kAlreadyConfirmed);
  CHECK_FALSE(t.changed);
  CHECK(t.actions.empty());
}

TEST_CASE("lifecycle webhook: succeeded after the hold lapsed, slot still free -> confirmed late",
          "[lifecycle]") {
  BookingRecord r = awaiting();
  r.status = BookingStatus::kExpired;
  r.pi_cancel_pending = true;
  CHECK(needs_slot_check(r, kNow));
  auto t = apply_event(r, success(true), kNow);
  CHECK(t.outcome == Outcome::kConfirmedLate);
  CHECK(t.record.status == BookingStatus::kConfirmed);
  CHECK_FALSE(t.record.pi_cancel_pending);
  CHECK_FALSE(t.record.refund_pending);
  CHECK(t.actions.empty());
}

TEST_CASE("lifecycle webhook: succeeded after the hold lapsed, slot taken -> refunded late",
          "[lifecycle]") {
  // The hold ran out but the expiry pass has not run yet: still awaiting_payment.
  BookingRecord r = awaiting();
  r.hold_expires_at_ms = kNow - 1;
  CHECK(needs_slot_check(r, kNow));
  auto t = apply_event(r, success(false), kNow);
  CHECK(t.outcome == Outcome::kRefundSlotGone);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK(t.record.paid_amount == 1072);
  CHECK(t.record.refund_pending);
  CHECK(t.record.refund_reason == "slot_gone");
  const auto* refund = find_action<IssueRefund>(t);
  REQUIRE(refund);
  CHECK(refund->amount == 1072);
  CHECK(refund->refund_application_fee);
  CHECK(refund->reason == "slot_gone");
  // A second success event (another id) does not decide a second refund or confirm.
  auto again = apply_event(t.record, success(true), kNow);
  CHECK_FALSE(again.changed);
  CHECK(again.actions.empty());
  CHECK_FALSE(needs_slot_check(t.record, kNow));
}

TEST_CASE("lifecycle webhook: succeeded after a payment failure, slot free -> confirmed late",
          "[lifecycle]") {
  BookingRecord r = awaiting();
  r.status = BookingStatus::kPaymentFailed;
  auto t = apply_event(r, success(true), kNow);
  CHECK(t.outcome == Outcome::kConfirmedLate);
  CHECK(t.record.status == BookingStatus::kConfirmed);
}

TEST_CASE("lifecycle webhook: succeeded after the customer cancelled -> refund all",
          "[lifecycle]") {
  auto cancelled = apply_event(awaiting(), CustomerCancel{}, kNow).record;
  REQUIRE(cancelled.status == BookingStatus::kCancelled);
  auto t = apply_event(cancelled, success(), kNow);
  CHECK(t.outcome == Outcome::kRefundCancelled);
  CHECK(t.record.status == BookingStatus::kCancelled);
  CHECK(t.record.refund_reason == "cancelled_before_payment");
  CHECK_FALSE(t.record.pi_cancel_pending);
  const auto* refund = find_action<IssueRefund>(t);
  REQUIRE(refund);
  CHECK(refund->amount == 1072);
}

TEST_CASE("lifecycle webhook: amount or currency mismatch -> recorded and ignored", "[lifecycle]") {
  auto e = success();
  e.amount = 1;
  auto t = apply_event(awaiting(), e, kNow);
  CHECK(t.outcome == Outcome::kAmountMismatch);
  CHECK(std::string(to_string(t.outcome)) == "amount_mismatch");
  CHECK_FALSE(t.changed);
  CHECK(t.record.status == BookingStatus::kAwaitingPayment);
  auto c = success();
  c.currency = "eur";
  CHECK(apply_event(awaiting(), c, kNow).outcome == Outcome::kAmountMismatch);
}

TEST_CASE("lifecycle webhook: another account's event -> recorded and ignored", "[lifecycle]") {
  auto e = success();
  e.account = "acct_other";
  for (LifecycleEvent ev : {LifecycleEvent{e}, LifecycleEvent{PaymentFailed{"pi_1", "acct_other"}},
                            LifecycleEvent{PaymentCanceled{"pi_1", "acct_other"}}}) {
    auto t = apply_event(awaiting(), ev, kNow);
    CHECK(t.outcome == Outcome::kAccountMismatch);
    CHECK_FALSE(t.changed);
  }
}

TEST_CASE("lifecycle webhook: another PaymentIntent's event -> recorded and ignored",
          "[lifecycle]") {
  auto e = success();
  e.payment_intent = "pi_other";
  auto t = apply_event(awaiting(), e, kNow);
  CHECK(t.outcome == Outcome::kPaymentIntentMismatch);
  CHECK_FALSE(t.changed);
  CHECK(apply_event(awaiting(), PaymentFailed{"pi_other", "acct_1"}, kNow).outcome ==
        Outcome::kPaymentIntentMismatch);
}

TEST_CASE("lifecycle webhook: payment_failed -> seat released, intent cancelled", "[lifecycle]") {
  auto t = apply_event(awaiting(), PaymentFailed{"pi_1", "acct_1"}, kNow);
  CHECK(t.outcome == Outcome::kPaymentFailed);
  CHECK(t.record.status == BookingStatus::kPaymentFailed);
  CHECK(t.record.pi_cancel_pending);
  CHECK(find_action<CancelPaymentIntent>(t));
  // A stale failure after the success changes nothing.
  auto stale = apply_event(confirmed_paid(), PaymentFailed{"pi_1", "acct_1"}, kNow);
  CHECK(stale.outcome == Outcome::kUnchanged);
  CHECK_FALSE(stale.changed);
  CHECK(std::string(to_string(stale.outcome)) == "recorded");
}

TEST_CASE("lifecycle webhook: canceled -> a hold expires, the cancel is settled", "[lifecycle]") {
  auto t = apply_event(awaiting(), PaymentCanceled{"pi_1", "acct_1"}, kNow);
  CHECK(t.outcome == Outcome::kExpired);
  CHECK(t.record.status == BookingStatus::kExpired);
  BookingRecord cancelling = awaiting();
  cancelling.status = BookingStatus::kCancelled;
  cancelling.pi_cancel_pending = true;
  auto c = apply_event(cancelling, PaymentCanceled{"pi_1", "acct_1"}, kNow);
  CHECK(c.record.status == BookingStatus::kCancelled);
  CHECK_FALSE(c.record.pi_cancel_pending);
}

TEST_CASE("lifecycle webhook: charge.refunded records the amount, never lowers it", "[lifecycle]") {
  auto t = apply_event(confirmed_paid(), ChargeRefunded{500}, kNow);
  CHECK(t.outcome == Outcome::kRefundRecorded);
  CHECK(t.record.refunded_amount == 500);
  auto lower = apply_event(t.record, ChargeRefunded{100}, kNow);
  CHECK(lower.record.refunded_amount == 500);
  CHECK_FALSE(lower.changed);
}

TEST_CASE("lifecycle webhook: dispute created is recorded", "[lifecycle]") {
  auto t = apply_event(confirmed_paid(), DisputeCreated{}, kNow);
  CHECK(t.outcome == Outcome::kDisputeRecorded);
  CHECK(t.record.disputed);
  CHECK(t.record.status == BookingStatus::kConfirmed);
}

TEST_CASE("lifecycle: customer cancels an unpaid booking -> intent cancelled", "[lifecycle]") {
  auto t = apply_event(awaiting(), CustomerCancel{}, kNow);
  CHECK(t.outcome == Outcome::kCancelled);
  CHECK(t.record.status == BookingStatus::kCancelled);
  CHECK(t.record.pi_cancel_pending);
  CHECK(find_action<CancelPaymentIntent>(t));
  CHECK_FALSE(find_action<IssueRefund>(t));
}

TEST_CASE("lifecycle: customer cancels a paid booking -> refund per the core's policy",
          "[lifecycle]") {
  slotpay::CancelOutcome late{536, 536, false, slotpay::CancelWindow::kLate};
  auto t = apply_event(confirmed_paid(), CustomerCancel{late}, kNow);
  CHECK(t.outcome == Outcome::kCancelled);
  CHECK(t.record.status == BookingStatus::kCancelled);
  CHECK(t.record.refund_pending);
  CHECK(t.record.refund_reason == "customer_cancel");
  const auto* refund = find_action<IssueRefund>(t);
  REQUIRE(refund);
  CHECK(refund->amount == 536);
  CHECK_FALSE(refund->refund_application_fee);
  // Nothing refundable (a no-show keeps all): cancelled, no refund.
  slotpay::CancelOutcome none{0, 1072, false, slotpay::CancelWindow::kNoShow};
  auto kept = apply_event(confirmed_paid(), CustomerCancel{none}, kNow);
  CHECK(kept.record.status == BookingStatus::kCancelled);
  CHECK(kept.actions.empty());
  CHECK_FALSE(kept.record.refund_pending);
}

TEST_CASE("lifecycle: cancelling twice or a dead booking", "[lifecycle]") {
  auto cancelled = apply_event(awaiting(), CustomerCancel{}, kNow).record;
  auto twice = apply_event(cancelled, CustomerCancel{}, kNow);
  CHECK(twice.outcome == Outcome::kAlreadyCancelled);
  CHECK_FALSE(twice.changed);
  CHECK(twice.actions.empty());
  BookingRecord expired = awaiting();
  expired.status = BookingStatus::kExpired;
  auto t = apply_event(expired, CustomerCancel{}, kNow);
  CHECK(t.outcome == Outcome::kNotCancellable);
  CHECK_FALSE(t.changed);
}

TEST_CASE("lifecycle: hold expiry -> expired, intent cancelled, not before its time",
          "[lifecycle]") {
  BookingRecord r = awaiting();
  CHECK_FALSE(apply_event(r, HoldExpiryDue{}, kNow).changed);
  r.hold_expires_at_ms = kNow;
  auto t = apply_event(r, HoldExpiryDue{}, kNow);
  CHECK(t.outcome == Outcome::kExpired);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK(t.record.pi_cancel_pending);
  CHECK(find_action<CancelPaymentIntent>(t));
}

TEST_CASE("lifecycle: recovery after restart lets an interrupted hold go", "[lifecycle]") {
  auto held = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow).record;
  auto t = apply_event(held, RecoveredAfterRestart{}, kNow + 10);
  CHECK(t.outcome == Outcome::kExpired);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK(t.record.pi_cancel_pending);  // no id yet: the create is replayed to learn it
  CHECK(find_action<CancelPaymentIntent>(t));
  // A booking that got its intent is left to the ordinary expiry.
  CHECK_FALSE(apply_event(awaiting(), RecoveredAfterRestart{}, kNow).changed);
}

TEST_CASE("lifecycle: action results settle the pending flags", "[lifecycle]") {
  auto held = apply_event(fresh(), HoldRequested{true, kHoldMs}, kNow).record;
  auto expired = apply_event(held, RecoveredAfterRestart{}, kNow).record;
  auto recovered = apply_event(expired, PaymentIntentRecovered{"pi_7"}, kNow);
  CHECK(recovered.record.payment_intent_id == "pi_7");
  CHECK(find_action<CancelPaymentIntent>(recovered));
  auto settled = apply_event(recovered.record, PaymentIntentCancelSettled{}, kNow);
  CHECK_FALSE(settled.record.pi_cancel_pending);
  CHECK(pending_actions(settled.record).empty());

  auto refunding =
      apply_event(
          confirmed_paid(),
          CustomerCancel{slotpay::CancelOutcome{1072, 0, true, slotpay::CancelWindow::kFree}}, kNow)
          .record;
  REQUIRE(pending_actions(refunding).size() == 1);
  auto accepted = apply_event(refunding, RefundAccepted{"re_1", 1072}, kNow);
  CHECK_FALSE(accepted.record.refund_pending);
  CHECK(accepted.record.refund_id == "re_1");
  CHECK(accepted.record.refunded_amount == 1072);
  auto refused = apply_event(refunding, RefundRefused{}, kNow);
  CHECK_FALSE(refused.record.refund_pending);
  CHECK(refused.record.refunded_amount == 0);
}

// --- the merchant ends a booking (issue #11 item 2) ---

namespace {

// A paid booking whose start is `start_offset_s` seconds from kNow.
BookingRecord paid_starting_in(int64_t start_offset_s) {
  BookingRecord r = confirmed_paid();
  r.slot.start = slotpay::Instant{kNow / 1000 + start_offset_s};
  r.slot.end = r.slot.start.plus_minutes(60);
  return r;
}

}  // namespace

TEST_CASE("lifecycle: the merchant cancels a paid booking -> all that is left refunded",
          "[lifecycle]") {
  auto t = apply_event(paid_starting_in(3600), MerchantCancel{1072}, kNow);
  CHECK(t.outcome == Outcome::kCancelled);
  CHECK(t.record.status == BookingStatus::kCancelled);
  const auto* refund = find_action<IssueRefund>(t);
  REQUIRE(refund);
  CHECK(refund->amount == 1072);
  CHECK(refund->refund_application_fee);
  CHECK(refund->reason == "merchant_cancel");
  CHECK(t.record.refund_pending);
  // A booking refunded in full already: cancelled, nothing more asked of Stripe.
  auto none = apply_event(paid_starting_in(3600), MerchantCancel{0}, kNow);
  CHECK(none.record.status == BookingStatus::kCancelled);
  CHECK(none.actions.empty());
  // An unpaid hold: its PaymentIntent is cancelled, as for the customer.
  auto hold = apply_event(awaiting(), MerchantCancel{0}, kNow);
  CHECK(hold.record.status == BookingStatus::kCancelled);
  CHECK(find_action<CancelPaymentIntent>(hold));
}

TEST_CASE("lifecycle: no-show keeps the fee and refunds the rest, after the start only",
          "[lifecycle]") {
  auto early = apply_event(paid_starting_in(60), MarkNoShow{72, false}, kNow);
  CHECK(early.outcome == Outcome::kNotStarted);
  CHECK_FALSE(early.changed);

  auto t = apply_event(paid_starting_in(-60), MarkNoShow{72, false}, kNow);
  CHECK(t.outcome == Outcome::kMarkedNoShow);
  CHECK(t.record.status == BookingStatus::kNoShow);
  const auto* refund = find_action<IssueRefund>(t);
  REQUIRE(refund);
  CHECK(refund->amount == 72);
  CHECK(refund->reason == "no_show");
  CHECK_FALSE(refund->refund_application_fee);

  auto keep_all = apply_event(paid_starting_in(-60), MarkNoShow{0, false}, kNow);
  CHECK(keep_all.record.status == BookingStatus::kNoShow);
  CHECK(keep_all.actions.empty());

  auto again = apply_event(t.record, MarkNoShow{72, false}, kNow);
  CHECK(again.outcome == Outcome::kAlreadyMarked);
  CHECK(again.actions.empty());
  CHECK_FALSE(again.changed);
}

TEST_CASE("lifecycle: completed after the start, only for confirmed bookings", "[lifecycle]") {
  CHECK(apply_event(paid_starting_in(60), MarkCompleted{}, kNow).outcome == Outcome::kNotStarted);
  auto t = apply_event(paid_starting_in(-60), MarkCompleted{}, kNow);
  CHECK(t.outcome == Outcome::kMarkedCompleted);
  CHECK(t.record.status == BookingStatus::kCompleted);
  CHECK(t.actions.empty());
  CHECK(apply_event(t.record, MarkCompleted{}, kNow).outcome == Outcome::kAlreadyMarked);
  // Neither completed twice into a no-show nor cancelled afterwards.
  CHECK(apply_event(t.record, MarkNoShow{}, kNow).outcome == Outcome::kNotConfirmed);
  CHECK(apply_event(t.record, MerchantCancel{1072}, kNow).outcome == Outcome::kNotCancellable);
  CHECK(apply_event(t.record, CustomerCancel{}, kNow).outcome == Outcome::kNotCancellable);
  auto held = awaiting();
  held.slot.start = slotpay::Instant{kNow / 1000 - 60};
  CHECK(apply_event(held, MarkCompleted{}, kNow).outcome == Outcome::kNotConfirmed);
}

TEST_CASE("lifecycle: a late payment success for a completed booking changes nothing",
          "[lifecycle]") {
  auto done = apply_event(paid_starting_in(-60), MarkCompleted{}, kNow).record;
  CHECK_FALSE(needs_slot_check(done, kNow));
  auto t = apply_event(done, success(), kNow);
  CHECK(t.outcome == Outcome::kAlreadyConfirmed);
  CHECK(t.record.status == BookingStatus::kCompleted);
  CHECK(t.actions.empty());
}

// --- issue #9: the email confirmation of bookings with nothing to pay online ---

namespace {

constexpr int64_t kConfirmHoldMs = 1'800'000;

BookingRecord free_booking() {
  BookingRecord r = fresh();
  r.payment_mode = "free";
  r.quote.due_now = 0;
  r.amount = 0;
  return r;
}

BookingRecord pending() {
  return apply_event(free_booking(), HoldRequested{false, kConfirmHoldMs, true}, kNow).record;
}

}  // namespace

TEST_CASE("lifecycle confirm: nothing to pay online -> pending_confirmation, seats held",
          "[lifecycle][confirm]") {
  auto t = apply_event(free_booking(), HoldRequested{false, kConfirmHoldMs, true}, kNow);
  CHECK(t.outcome == Outcome::kPendingConfirmation);
  CHECK(std::string(to_string(t.outcome)) == "pending_confirmation");
  CHECK(t.changed);
  CHECK(t.record.status == BookingStatus::kPendingConfirmation);
  CHECK(std::string(to_string(t.record.status)) == "pending_confirmation");
  CHECK(t.record.hold_expires_at_ms == kNow + kConfirmHoldMs);
  CHECK(t.record.amount == 0);
  CHECK(t.record.idempotency_key.empty());  // nothing is asked of Stripe
  CHECK(t.actions.empty());
  CHECK(is_hold(t.record.status));
  CHECK(pending_actions(t.record).empty());
}

TEST_CASE("lifecycle confirm: the link followed while held confirms once, again changes nothing",
          "[lifecycle][confirm]") {
  auto t = apply_event(pending(), EmailConfirmed{}, kNow + 60'000);
  CHECK(t.outcome == Outcome::kConfirmed);
  CHECK(t.changed);
  CHECK(t.record.status == BookingStatus::kConfirmed);
  CHECK(t.record.hold_expires_at_ms == 0);
  CHECK(t.record.updated_at_ms == kNow + 60'000);
  CHECK(t.actions.empty());
  auto again = apply_event(t.record, EmailConfirmed{}, kNow + 120'000);
  CHECK(again.outcome == Outcome::kAlreadyConfirmed);
  CHECK_FALSE(again.changed);
  CHECK(again.record.status == BookingStatus::kConfirmed);
}

TEST_CASE("lifecycle confirm: unfollowed, the hold lapses like an unpaid one",
          "[lifecycle][confirm]") {
  auto before = apply_event(pending(), HoldExpiryDue{}, kNow + kConfirmHoldMs - 1);
  CHECK_FALSE(before.changed);
  CHECK(before.record.status == BookingStatus::kPendingConfirmation);
  auto t = apply_event(pending(), HoldExpiryDue{}, kNow + kConfirmHoldMs);
  CHECK(t.outcome == Outcome::kExpired);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK_FALSE(t.record.pi_cancel_pending);  // no PaymentIntent to cancel
  CHECK(t.actions.empty());
  // The link followed afterwards confirms nothing.
  auto late = apply_event(t.record, EmailConfirmed{}, kNow + kConfirmHoldMs + 5);
  CHECK(late.outcome == Outcome::kNotConfirmable);
  CHECK_FALSE(late.changed);
  CHECK(late.record.status == BookingStatus::kExpired);
}

TEST_CASE("lifecycle confirm: the link followed after the hold lapsed, before the sweep -> expired",
          "[lifecycle][confirm]") {
  auto t = apply_event(pending(), EmailConfirmed{}, kNow + kConfirmHoldMs);
  CHECK(t.outcome == Outcome::kNotConfirmable);
  CHECK(t.changed);
  CHECK(t.record.status == BookingStatus::kExpired);
  CHECK(t.actions.empty());
}

TEST_CASE("lifecycle confirm: the customer cancels a pending booking, then the link is refused",
          "[lifecycle][confirm]") {
  auto t = apply_event(pending(), CustomerCancel{}, kNow + 10);
  CHECK(t.outcome == Outcome::kCancelled);
  CHECK(t.record.status == BookingStatus::kCancelled);
  CHECK(t.actions.empty());
  CHECK_FALSE(t.record.pi_cancel_pending);
  auto late = apply_event(t.record, EmailConfirmed{}, kNow + 20);
  CHECK(late.outcome == Outcome::kNotConfirmable);
  CHECK(late.record.status == BookingStatus::kCancelled);
}

TEST_CASE(
    "lifecycle confirm: a booking confirmed at once or paid online is not confirmable by link",
    "[lifecycle][confirm]") {
  auto at_once = apply_event(free_booking(), HoldRequested{false, kConfirmHoldMs, false}, kNow);
  CHECK(at_once.outcome == Outcome::kConfirmedAtOnce);
  CHECK(at_once.record.status == BookingStatus::kConfirmed);
  CHECK(at_once.record.hold_expires_at_ms == 0);
  // An online payment ignores the flag: it is held for its PaymentIntent.
  auto online = apply_event(fresh(), HoldRequested{true, kHoldMs, true}, kNow);
  CHECK(online.record.status == BookingStatus::kHeld);
  auto t = apply_event(awaiting(), EmailConfirmed{}, kNow);
  CHECK(t.outcome == Outcome::kNotConfirmable);
  CHECK_FALSE(t.changed);
  CHECK(t.record.status == BookingStatus::kAwaitingPayment);
}
