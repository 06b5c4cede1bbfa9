// Charge after the service (issue #11 item 4): what completing a booking asks of its
// saved card (plan_balance_charge), how Stripe's answer to the off-session confirmation is
// judged (judge_offsession_charge), the balance PaymentIntent's parameters, and the
// lifecycle's part (the card saved by a PaymentIntent or a SetupIntent; a SetupIntent's
// id handing over to the first payment's).
#include "app/charge_after.hpp"

#include <catch2/catch.hpp>

#include "app/lifecycle.hpp"

using namespace slotpay::server;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // ms

// Completed, charge_later, 900 deposit paid, 3600 left, card saved.
BookingRecord completed_deposit() {
  BookingRecord r;
  r.id = "bk_c";
  r.merchant_id = "m1";
  r.status = BookingStatus::kCompleted;
  r.quote.currency = slotpay::find_currency("usd", "").value();
  r.quote.total = 4500;
  r.quote.due_now = 900;
  r.quote.due_later = 3600;
  r.quote.charge_later = true;
  r.payment_mode = "stripe";
  r.amount = 900;
  r.paid_amount = 900;
  r.payment_intent_id = "pi_dep";
  r.stripe_account = "acct_1";
  r.stripe_customer = "cus_1";
  r.saved_payment_method = "pm_1";
  return r;
}

// Awaiting its SetupIntent (nothing due now), hold alive.
BookingRecord awaiting_setup() {
  BookingRecord r = completed_deposit();
  r.status = BookingStatus::kAwaitingPayment;
  r.quote.due_now = 0;
  r.quote.due_later = 4500;
  r.amount = 0;
  r.paid_amount = 0;
  r.payment_intent_id = "seti_1";
  r.saved_payment_method.clear();
  r.hold_expires_at_ms = kNow + 60'000;
  r.slot.start = slotpay::Instant{kNow / 1000 + 86400};
  return r;
}

StripeResponse answer(int status, nlohmann::json body, std::string type = "",
                      std::string code = "") {
  StripeResponse r;
  r.http_status = status;
  r.ok = status >= 200 && status < 300;
  r.body = std::move(body);
  r.error.type = std::move(type);
  r.error.code = std::move(code);
  return r;
}

}  // namespace

TEST_CASE("plan_balance_charge: only a completed charge_later booking owing at least the minimum",
          "[charge_after]") {
  auto p = plan_balance_charge(completed_deposit());
  CHECK(p.kind == BalanceChargePlan::Kind::kCharge);
  CHECK(p.amount == 3600);

  BookingRecord confirmed = completed_deposit();
  confirmed.status = BookingStatus::kConfirmed;
  CHECK(plan_balance_charge(confirmed).kind == BalanceChargePlan::Kind::kNone);

  BookingRecord plain = completed_deposit();
  plain.quote.charge_later = false;
  CHECK(plan_balance_charge(plain).kind == BalanceChargePlan::Kind::kNone);

  BookingRecord paid = completed_deposit();
  paid.paid_amount = 4500;  // paid by link meanwhile
  CHECK(plan_balance_charge(paid).kind == BalanceChargePlan::Kind::kNone);

  BookingRecord little = completed_deposit();
  little.paid_amount = 4460;  // 40 cents left: below Stripe's 50
  CHECK(plan_balance_charge(little).kind == BalanceChargePlan::Kind::kNone);

  BookingRecord no_card = completed_deposit();
  no_card.saved_payment_method.clear();
  auto n = plan_balance_charge(no_card);
  CHECK(n.kind == BalanceChargePlan::Kind::kNoCard);
  CHECK(n.amount == 3600);
  CHECK(no_saved_card_verdict().code == "no_saved_card");
  CHECK(no_saved_card_verdict().send_pay_link);
}

TEST_CASE("judge_offsession_charge: success, card refusals, refusals for good, no answer",
          "[charge_after]") {
  auto ok = judge_offsession_charge(answer(200, {{"id", "pi_b"}, {"status", "succeeded"}}));
  CHECK(ok.status == "charged");
  CHECK_FALSE(ok.send_pay_link);
  CHECK(judge_offsession_charge(answer(200, {{"status", "processing"}})).status == "pending");
  auto action = judge_offsession_charge(answer(200, {{"status", "requires_action"}}));
  CHECK(action.status == "failed");
  CHECK(action.code == "authentication_required");

  auto auth = judge_offsession_charge(answer(402, {}, "card_error", "authentication_required"));
  CHECK(auth.status == "failed");
  CHECK(auth.code == "authentication_required");
  CHECK(auth.send_pay_link);
  CHECK_FALSE(auth.message.empty());
  auto declined = judge_offsession_charge(answer(402, {}, "card_error", "card_declined"));
  CHECK(declined.code == "card_declined");
  CHECK(declined.send_pay_link);
  CHECK(judge_offsession_charge(answer(402, {}, "card_error", "something_new")).code ==
        "card_declined");

  auto bad = judge_offsession_charge(answer(400, {}, "invalid_request_error", "resource_missing"));
  CHECK(bad.code == "stripe_error");
  CHECK(bad.send_pay_link);
  for (int status : {0, 409, 429, 500}) {
    auto transient = judge_offsession_charge(answer(status, {}, "api_error"));
    CHECK(transient.code == "stripe_unavailable");
    CHECK_FALSE(transient.send_pay_link);  // it may have gone through: no second way to pay
  }
}

TEST_CASE("balance_intent_params: the saved card and customer, the fee only below the amount",
          "[charge_after]") {
  auto p = balance_intent_params(completed_deposit(), 3600, 180, "pl_x");
  CHECK(p["amount"] == 3600);
  CHECK(p["currency"] == "usd");
  CHECK(p["customer"] == "cus_1");
  CHECK(p["payment_method"] == "pm_1");
  CHECK(p["application_fee_amount"] == 180);
  CHECK(p["metadata"]["booking_id"] == "bk_c");
  CHECK(p["metadata"]["pay_link"] == "pl_x");
  CHECK_FALSE(p.contains("confirm"));  // confirmed once its id is stored
  CHECK_FALSE(balance_intent_params(completed_deposit(), 3600, 3600, "pl_x")
                  .contains("application_fee_amount"));
  BookingRecord own_keys = completed_deposit();
  own_keys.merchant_keys = true;
  own_keys.stripe_account.clear();
  CHECK_FALSE(
      balance_intent_params(own_keys, 3600, 180, "pl_x").contains("application_fee_amount"));
}

TEST_CASE("lifecycle: a deposit's payment saves the card of a charge_later booking",
          "[charge_after][lifecycle]") {
  BookingRecord r = completed_deposit();
  r.status = BookingStatus::kAwaitingPayment;
  r.paid_amount = 0;
  r.saved_payment_method.clear();
  r.hold_expires_at_ms = kNow + 60'000;
  PaymentSucceeded e{"pi_dep", "acct_1", 900, 900, "usd", false, "pm_saved"};
  auto t = apply_event(r, e, kNow);
  CHECK(t.outcome == Outcome::kConfirmed);
  CHECK(t.record.saved_payment_method == "pm_saved");
  r.quote.charge_later = false;
  CHECK(apply_event(r, e, kNow).record.saved_payment_method.empty());
}

TEST_CASE("lifecycle: setup_intent.succeeded confirms the hold and saves the card",
          "[charge_after][lifecycle]") {
  SetupSucceeded e{"seti_1", "acct_1", "cus_1", "pm_s", false};
  auto t = apply_event(awaiting_setup(), e, kNow);
  CHECK(t.outcome == Outcome::kConfirmed);
  CHECK(t.record.status == BookingStatus::kConfirmed);
  CHECK(t.record.saved_payment_method == "pm_s");
  CHECK(t.record.paid_amount == 0);
  CHECK(t.actions.empty());

  // twice: nothing more
  auto again = apply_event(t.record, e, kNow);
  CHECK(again.outcome == Outcome::kAlreadyConfirmed);
  CHECK_FALSE(again.changed);

  // another account's or another intent's event changes nothing
  CHECK(apply_event(awaiting_setup(), SetupSucceeded{"seti_1", "acct_2", "cus_1", "pm_s", false},
                    kNow)
            .outcome == Outcome::kAccountMismatch);
  CHECK(apply_event(awaiting_setup(), SetupSucceeded{"seti_9", "acct_1", "cus_1", "pm_s", false},
                    kNow)
            .outcome == Outcome::kPaymentIntentMismatch);

  // lapsed hold: confirmed late if the slot is free, else it expires (nothing to refund)
  BookingRecord lapsed = awaiting_setup();
  lapsed.hold_expires_at_ms = kNow - 1;
  CHECK(needs_slot_check(lapsed, kNow));
  SetupSucceeded free_slot = e;
  free_slot.slot_free = true;
  CHECK(apply_event(lapsed, free_slot, kNow).outcome == Outcome::kConfirmedLate);
  auto gone = apply_event(lapsed, e, kNow);
  CHECK(gone.outcome == Outcome::kExpired);
  CHECK(gone.record.status == BookingStatus::kExpired);
  CHECK_FALSE(gone.record.refund_pending);

  // cancelled meanwhile: stays cancelled
  BookingRecord cancelled = awaiting_setup();
  cancelled.status = BookingStatus::kCancelled;
  CHECK(apply_event(cancelled, e, kNow).record.status == BookingStatus::kCancelled);
}

TEST_CASE("lifecycle: the first payment of a card-saved booking becomes its payment",
          "[charge_after][lifecycle]") {
  BookingRecord r = awaiting_setup();
  r.status = BookingStatus::kCompleted;
  r.saved_payment_method = "pm_s";
  auto t = apply_event(r, LinkPaymentSucceeded{"pi_bal", "acct_1", 4500, "usd"}, kNow);
  CHECK(t.outcome == Outcome::kBalancePaid);
  CHECK(t.record.paid_amount == 4500);
  CHECK(t.record.payment_intent_id == "pi_bal");  // refunds go to this charge
  // a deposit booking keeps its deposit's intent
  auto d =
      apply_event(completed_deposit(), LinkPaymentSucceeded{"pi_bal", "acct_1", 3600, "usd"}, kNow);
  CHECK(d.record.payment_intent_id == "pi_dep");
  CHECK(d.record.paid_amount == 4500);
}

TEST_CASE("lifecycle: the SetupIntent's create is recorded with its customer",
          "[charge_after][lifecycle]") {
  BookingRecord held = awaiting_setup();
  held.status = BookingStatus::kHeld;
  held.payment_intent_id.clear();
  held.stripe_customer.clear();
  auto t = apply_event(held, PaymentIntentCreated{"seti_1", "sealed", "cus_9"}, kNow);
  CHECK(t.outcome == Outcome::kAwaitingPayment);
  CHECK(t.record.payment_intent_id == "seti_1");
  CHECK(t.record.stripe_customer == "cus_9");
}
