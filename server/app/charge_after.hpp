// Issue #11 item 4, charge after the service: when the merchant completes a booking whose
// quote says charge_later, what is still due is charged off-session on the card saved at
// booking; if that fails (the bank wants the customer to authenticate, the card is
// declined, no card was saved) the booking stays completed and a pay link for the balance
// is emailed instead. The decisions are the pure functions below (unit-tested in
// tests/server/charge_after_test.cpp); charge_balance_after_service carries them out.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "store/booking_store.hpp"
#include "stripe/stripe_client.hpp"

namespace slotpay::server {

struct AppContext;
class StripeSync;

// What completing `b` asks of its saved card.
struct BalanceChargePlan {
  enum class Kind {
    kNone,    // nothing to charge: not a charge_later booking, not completed, nothing due
    kCharge,  // charge `amount` off-session
    kNoCard,  // something is due but no card was saved: a pay link instead
  };
  Kind kind = Kind::kNone;
  int64_t amount = 0;
};
BalanceChargePlan plan_balance_charge(const BookingRecord& b);

// The off-session charge's outcome as the merchant sees it (the answer's "charge").
struct ChargeVerdict {
  std::string status;          // "charged" | "pending" | "failed"
  std::string code;            // failed: authentication_required, card_declined, no_saved_card, ...
  std::string message;         // our words, for the merchant (Stripe's stay in the log)
  bool send_pay_link = false;  // the customer is asked to pay the balance by link
};
// Stripe's answer to the off-session confirmation of the balance's PaymentIntent. A card
// refusal, or a request refused for good, sends a pay link; no answer (or 5xx, 409, 429
// after retries) does not, as the charge may yet have gone through (retrying the
// confirmation with its idempotency key is safe).
ChargeVerdict judge_offsession_charge(const StripeResponse& confirmed);
ChargeVerdict no_saved_card_verdict();

// The PaymentIntent create's parameters for charging `amount` of `b` off-session on its
// saved card (not confirmed: its id is stored before the confirmation, so the webhook
// finds it); `application_fee` > 0 only on a Connect direct charge, below the amount.
nlohmann::ordered_json balance_intent_params(const BookingRecord& b, int64_t amount,
                                             int64_t application_fee, const std::string& link_id);

// Carries out the plan for booking `b` just completed: `done` gets the answer's "charge"
// object ({status, amount, currency, code?, message?, payment_intent?, pay_link?}), or
// null when there was nothing to charge. Called once, from any thread.
void charge_balance_after_service(AppContext& ctx, StripeSync& sync, const BookingRecord& b,
                                  std::function<void(nlohmann::ordered_json)> done);

}  // namespace slotpay::server
