// Pay-by-link (issue #11 item 3): what is due (balance_due), the platform's fee on a link,
// when a link may be paid, and the lifecycle's LinkPaymentSucceeded (amount paid grows,
// once per link; a closed booking gives it back).
#include "app/pay_links.hpp"

#include <catch2/catch.hpp>

#include "app/lifecycle.hpp"

using namespace slotpay::server;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // ms

// A phone booking: confirmed, 4500 due, nothing paid.
BookingRecord phone() {
  BookingRecord r;
  r.id = "bk_p";
  r.merchant_id = "m1";
  r.status = BookingStatus::kConfirmed;
  r.quote.currency = slotpay::find_currency("usd", "").value();
  r.quote.total = 4500;
  r.quote.due_now = 900;
  r.quote.due_later = 3600;
  r.payment_mode = "stripe";
  r.amount = 0;
  r.stripe_account = "acct_1";
  return r;
}

// A deposit booking: 900 paid online, 3600 left.
BookingRecord deposit_paid() {
  BookingRecord r = phone();
  r.amount = 900;
  r.paid_amount = 900;
  r.payment_intent_id = "pi_dep";
  return r;
}

PayLinkRecord open_link(int64_t amount) {
  PayLinkRecord l;
  l.id = "pl_1";
  l.booking_id = "bk_p";
  l.amount = amount;
  l.currency = "usd";
  l.status = "open";
  l.expires_at_ms = kNow + 3600'000;
  return l;
}

}  // namespace

TEST_CASE("balance_due: total less what was paid, for confirmed or completed bookings only",
          "[pay_links]") {
  CHECK(balance_due(phone()) == 4500);
  CHECK(balance_due(deposit_paid()) == 3600);
  BookingRecord full = deposit_paid();
  full.paid_amount = 4500;
  CHECK(balance_due(full) == 0);
  BookingRecord over = full;
  over.paid_amount = 5000;  // never negative
  CHECK(balance_due(over) == 0);
  BookingRecord done = phone();
  done.status = BookingStatus::kCompleted;
  CHECK(balance_due(done) == 4500);
  for (auto s : {BookingStatus::kHeld, BookingStatus::kAwaitingPayment, BookingStatus::kCancelled,
                 BookingStatus::kExpired, BookingStatus::kPaymentFailed, BookingStatus::kNoShow,
                 BookingStatus::kPendingConfirmation}) {
    BookingRecord b = phone();
    b.status = s;
    CHECK(balance_due(b) == 0);
  }
  BookingRecord free = phone();
  free.quote.payment = slotpay::ChargeMode::kFree;
  CHECK(balance_due(free) == 0);
}

TEST_CASE("pay_link_fee: the catalog's rate on the amount, the fixed fee once, capped",
          "[pay_links]") {
  const FeeSetting fee{500, 30};
  CHECK(pay_link_fee(phone(), fee, 4500) == 255);              // 225 + 30: nothing paid before
  CHECK(pay_link_fee(deposit_paid(), fee, 3600) == 180);       // the deposit carried the fixed fee
  CHECK(pay_link_fee(phone(), FeeSetting{250, 0}, 101) == 3);  // 2.525 -> 3 (half away)
  CHECK(pay_link_fee(phone(), FeeSetting{10000, 100}, 50) == 50);  // never above the amount
  CHECK(pay_link_fee(phone(), FeeSetting{0, 0}, 4500) == 0);
  BookingRecord platform = phone();
  platform.stripe_account.clear();  // the platform's own account: no application fee
  CHECK(pay_link_fee(platform, fee, 4500) == 0);
  BookingRecord keys = phone();
  keys.merchant_keys = true;
  CHECK(pay_link_fee(keys, fee, 4500) == 0);
}

TEST_CASE("pay_link_refusal: used, expired, nothing due, superseded", "[pay_links]") {
  CHECK_FALSE(pay_link_refusal(open_link(4500), phone(), kNow));
  PayLinkRecord paid = open_link(4500);
  paid.status = "paid";
  CHECK(pay_link_refusal(paid, phone(), kNow)->code == "pay_link_used");
  CHECK(pay_link_refusal(open_link(4500), phone(), kNow + 3600'000)->code == "pay_link_expired");
  BookingRecord cancelled = phone();
  cancelled.status = BookingStatus::kCancelled;
  CHECK(pay_link_refusal(open_link(4500), cancelled, kNow)->code == "booking_not_payable");
  // The deposit was paid after the link for the whole price was made.
  CHECK(pay_link_refusal(open_link(4500), deposit_paid(), kNow)->code == "pay_link_superseded");
}

TEST_CASE("pay_link_unavailable: something payable online must be due", "[pay_links]") {
  CHECK_FALSE(pay_link_unavailable(phone()));
  BookingRecord full = deposit_paid();
  full.paid_amount = 4500;
  CHECK(pay_link_unavailable(full)->code == "booking_not_payable");
  BookingRecord tiny = phone();
  tiny.quote.total = 20;  // below USD 0.50
  auto e = pay_link_unavailable(tiny);
  REQUIRE(e);
  CHECK(e->code == "below_minimum_charge");
  CHECK(e->details["min_charge"] == 50);
}

TEST_CASE("lifecycle: a pay link's payment adds to what was paid", "[pay_links][lifecycle]") {
  SECTION("a phone booking takes the link's PaymentIntent as its payment") {
    auto t = apply_event(phone(), LinkPaymentSucceeded{"pi_link", "acct_1", 4500, "usd"}, kNow);
    CHECK(t.outcome == Outcome::kBalancePaid);
    CHECK(t.changed);
    CHECK(t.record.paid_amount == 4500);
    CHECK(t.record.payment_intent_id == "pi_link");
    CHECK(t.record.status == BookingStatus::kConfirmed);
    CHECK(t.actions.empty());
    CHECK(balance_due(t.record) == 0);
  }
  SECTION("a deposit booking keeps its own PaymentIntent; the balance is added") {
    auto t =
        apply_event(deposit_paid(), LinkPaymentSucceeded{"pi_link", "acct_1", 3600, "usd"}, kNow);
    CHECK(t.outcome == Outcome::kBalancePaid);
    CHECK(t.record.paid_amount == 4500);
    CHECK(t.record.payment_intent_id == "pi_dep");
  }
  SECTION("another account's event, another currency or no amount change nothing") {
    CHECK(apply_event(phone(), LinkPaymentSucceeded{"pi_link", "acct_2", 4500, "usd"}, kNow)
              .outcome == Outcome::kAccountMismatch);
    auto t = apply_event(phone(), LinkPaymentSucceeded{"pi_link", "acct_1", 4500, "eur"}, kNow);
    CHECK(t.outcome == Outcome::kAmountMismatch);
    CHECK_FALSE(t.changed);
    CHECK(apply_event(phone(), LinkPaymentSucceeded{"pi_link", "acct_1", 0, "usd"}, kNow).outcome ==
          Outcome::kAmountMismatch);
  }
  SECTION("paid after the booking was cancelled: it all goes back") {
    BookingRecord b = phone();
    b.status = BookingStatus::kCancelled;
    auto t = apply_event(b, LinkPaymentSucceeded{"pi_link", "acct_1", 4500, "usd"}, kNow);
    CHECK(t.outcome == Outcome::kBalancePaidLate);
    CHECK(t.record.refund_pending);
    CHECK(t.record.refund_amount == 4500);
    REQUIRE(t.actions.size() == 1);
    CHECK(std::get<IssueRefund>(t.actions[0]).amount == 4500);
    CHECK_FALSE(t.record.late_refund_pending);
  }
  SECTION("cancelling a booking that still owes voids its open links; one paid in full does not") {
    auto merchant = apply_event(deposit_paid(), MerchantCancel{900}, kNow);
    CHECK(merchant.outcome == Outcome::kCancelled);
    REQUIRE(merchant.actions.size() == 2);
    CHECK(std::holds_alternative<IssueRefund>(merchant.actions[0]));
    CHECK(std::holds_alternative<VoidPayLinks>(merchant.actions[1]));
    // A phone booking, nothing paid: nothing to refund, its link voided.
    auto phone_cancel = apply_event(phone(), CustomerCancel{}, kNow);
    REQUIRE(phone_cancel.actions.size() == 1);
    CHECK(std::holds_alternative<VoidPayLinks>(phone_cancel.actions[0]));
    // Not kept on the record: the pass does not ask again (a payment goes back by itself).
    CHECK(pending_actions(phone_cancel.record).empty());
    BookingRecord full = deposit_paid();
    full.paid_amount = 4500;
    auto paid_cancel = apply_event(full, MerchantCancel{4500}, kNow);
    REQUIRE(paid_cancel.actions.size() == 1);
    CHECK(std::holds_alternative<IssueRefund>(paid_cancel.actions[0]));
  }
  SECTION("the balance paid after a deposit booking was cancelled and refunded goes back alone") {
    // The merchant cancelled: the deposit's refund was decided and made.
    BookingRecord b = deposit_paid();
    b.status = BookingStatus::kCancelled;
    b.refund_amount = 900;
    b.refund_reason = "merchant_cancel";
    b.refund_id = "re_dep";
    b.refunded_amount = 900;
    auto t = apply_event(b, LinkPaymentSucceeded{"pi_link", "acct_1", 3600, "usd"}, kNow);
    CHECK(t.outcome == Outcome::kBalancePaidLate);
    CHECK(t.record.paid_amount == 4500);
    CHECK(t.record.payment_intent_id == "pi_dep");
    // The cancellation's refund stays as it was decided; the payment is owed by itself.
    CHECK(t.record.refund_amount == 900);
    CHECK_FALSE(t.record.refund_pending);
    CHECK(t.record.late_refund_pending);
    REQUIRE(t.actions.size() == 1);
    CHECK(std::holds_alternative<RefundLatePayments>(t.actions[0]));
    CHECK(pending_actions(t.record).size() == 1);
    // Given back: the flag goes, the total follows the refunds.
    auto settled = apply_event(t.record, LateRefundsSettled{4500}, kNow + 1);
    CHECK(settled.outcome == Outcome::kActionSettled);
    CHECK_FALSE(settled.record.late_refund_pending);
    CHECK(settled.record.refunded_amount == 4500);
    CHECK(pending_actions(settled.record).empty());
  }
}
