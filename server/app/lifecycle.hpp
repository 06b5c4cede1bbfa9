// The booking lifecycle as data: one pure function decides every transition,
//   (record, event, now) -> (record, actions, outcome),
// and the use cases carry out the actions (Stripe calls) and store the record. Nothing
// here does I/O, reads a clock or throws, so every outcome has a unit test
// (tests/server/lifecycle_test.cpp).
//
// States only move forward (store/booking_store.hpp). What has to happen at Stripe is
// also kept on the record (pi_cancel_pending, refund_pending, late_refund_pending) so
// that a crash or a failed call is retried by the next background pass:
// pending_actions(record) gives the actions a record still owes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "slotpay/policy.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// --- Events -------------------------------------------------------------------

// A new record was validated and priced (status and Stripe fields are set here).
// online: what is due now is charged through Stripe. Otherwise email_confirmation: the
// booking waits (pending_confirmation, holding its seats for hold_ms) for the customer to
// follow the link emailed to them (issue #9); without it, it is confirmed at once.
struct HoldRequested {
  bool online = false;
  int64_t hold_ms = 0;
  bool email_confirmation = false;
};
// Stripe answered the PaymentIntent create (or, for a charge_later booking with nothing
// due now, the SetupIntent create: id seti_...; customer: the Stripe Customer made first).
struct PaymentIntentCreated {
  std::string id;
  std::string client_secret;
  std::string customer;
};
// The create failed after the client's retries (transient or for good alike: the
// customer gets an error and the seat comes back).
struct PaymentIntentCreateFailed {};

// Webhook payment_intent.succeeded. slot_free: the booking's slot still has room for
// it (the use case asks the core when needs_slot_check() says so; else ignored).
struct PaymentSucceeded {
  std::string payment_intent;
  std::string account;  // the event's `account` ("" for the platform's own)
  int64_t amount = 0;
  int64_t amount_received = 0;
  std::string currency;
  bool slot_free = false;
  std::string payment_method;  // saved for later when the booking's quote.charge_later
};
// Webhook setup_intent.succeeded: the card of a charge_later booking with nothing due now
// is saved (issue #11 item 4); slot_free as for PaymentSucceeded.
struct SetupSucceeded {
  std::string setup_intent;
  std::string account;
  std::string customer;
  std::string payment_method;
  bool slot_free = false;
};
struct PaymentFailed {  // payment_intent.payment_failed
  std::string payment_intent;
  std::string account;
};
struct PaymentCanceled {  // payment_intent.canceled
  std::string payment_intent;
  std::string account;
};
struct ChargeRefunded {  // charge.refunded
  int64_t amount_refunded = 0;
};
// The sum of the booking's refunds as Stripe reported them (refunds.hpp: refunded_total):
// the refunded amount becomes exactly this, down as well as up (a refund that failed
// gave nothing back). Once a booking has refund records, charge.refunded's running
// total is not used (it may be older than a refund.failed delivered before it).
struct RefundsTotalled {
  int64_t amount = 0;
};
struct DisputeCreated {};  // charge.dispute.created

// The customer cancels. outcome: the core's cancellation policy verdict for a paid,
// confirmed booking (absent when nothing was paid online).
struct CustomerCancel {
  std::optional<CancelOutcome> outcome;
};
// The customer followed the confirmation link (a valid, unexpired token for this booking).
struct EmailConfirmed {};
// The merchant ends a booking (issue #11 item 2). `refund` is what goes back: for a
// cancel, all that is left to refund; for a no-show, the core's no-show verdict (its fee
// kept), in both cases capped by the use case at what earlier refunds left.
struct MerchantCancel {
  int64_t refund = 0;
};
struct MarkNoShow {
  int64_t refund = 0;
  bool refund_application_fee = false;
};
struct MarkCompleted {};
// Issue #11 item 3: payment_intent.succeeded for a pay link's PaymentIntent (found by the
// link, not the booking): what is still due was paid on the same booking.
struct LinkPaymentSucceeded {
  std::string payment_intent;
  std::string account;  // the event's `account`
  int64_t amount = 0;   // amount_received
  std::string currency;
};

// The background pass found the hold past its expiry.
struct HoldExpiryDue {};
// At startup: a booking still `held` lost its PaymentIntent create to a crash.
struct RecoveredAfterRestart {};

// Results of the actions, reported back.
struct PaymentIntentRecovered {  // the replayed create told us the intent's id
  std::string id;
};
struct PaymentIntentCancelSettled {};  // Stripe cancelled it, or refused for good
struct RefundAccepted {
  std::string refund_id;
  int64_t amount = 0;
};
// Refused for good: nothing more to try. A refund spread over several charges may have
// had parts made before the refusal: the first one's id and the refunded total then.
struct RefundRefused {
  std::string refund_id;
  int64_t refunded_amount = 0;
};
// The late link payments (RefundLatePayments) were all given back, or refused for good:
// the booking's refunded total as its refund rows now say.
struct LateRefundsSettled {
  int64_t refunded_amount = 0;
};

using LifecycleEvent =
    std::variant<HoldRequested, PaymentIntentCreated, PaymentIntentCreateFailed, PaymentSucceeded,
                 PaymentFailed, PaymentCanceled, ChargeRefunded, RefundsTotalled, DisputeCreated,
                 CustomerCancel, EmailConfirmed, MerchantCancel, MarkNoShow, MarkCompleted,
                 HoldExpiryDue, RecoveredAfterRestart, PaymentIntentRecovered,
                 PaymentIntentCancelSettled, RefundAccepted, RefundRefused, LinkPaymentSucceeded,
                 SetupSucceeded, LateRefundsSettled>;

// --- Actions ------------------------------------------------------------------

struct CreatePaymentIntent {};  // with record.idempotency_key
// Cancel record.payment_intent_id; without one, first replay the create with the
// stored idempotency key to learn it (the create may or may not have reached Stripe).
struct CancelPaymentIntent {};
struct IssueRefund {
  int64_t amount = 0;
  bool refund_application_fee = false;
  std::string reason;
};
// Give back, each in full on its own charge, the pay links paid after the booking was
// cancelled (record.late_refund_pending; the links marked `late`). Apart from IssueRefund,
// whose decision (amount, Stripe keys) was made and carried out before the link was paid.
struct RefundLatePayments {};
// Cancel at Stripe the PaymentIntents of the booking's open pay links: what was still due
// is not any more, and a pay page left open must not take the customer's money. Not kept
// on the record (nothing is lost when it fails): a link paid meanwhile, or whose intent
// could not be cancelled, goes back by itself (RefundLatePayments).
struct VoidPayLinks {};
using Action = std::variant<CreatePaymentIntent, CancelPaymentIntent, IssueRefund,
                            RefundLatePayments, VoidPayLinks>;

// --- Outcomes -----------------------------------------------------------------

enum class Outcome {
  kUnchanged,        // nothing to do for this event in this state
  kHeld,             // a hold waiting for its PaymentIntent
  kConfirmedAtOnce,  // nothing to charge online
  kAwaitingPayment,
  kHoldReleased,  // the PaymentIntent could not be created
  kConfirmed,
  kAlreadyConfirmed,
  kConfirmedLate,          // paid after the hold lapsed; the slot was still free
  kRefundSlotGone,         // paid after the hold lapsed; the slot was taken: refund all
  kRefundCancelled,        // paid after the customer cancelled: refund all
  kAmountMismatch,         // amount or currency differ from the booking's: ignored
  kAccountMismatch,        // another connected account's event: ignored
  kPaymentIntentMismatch,  // not the booking's PaymentIntent: ignored
  kPaymentFailed,
  kExpired,
  kRefundRecorded,
  kDisputeRecorded,
  kCancelled,
  kAlreadyCancelled,
  kNotCancellable,  // expired, failed, completed or no-show bookings cannot be cancelled
  kMarkedNoShow,
  kMarkedCompleted,
  kAlreadyMarked,        // the booking already has that end
  kNotStarted,           // no-show and completed are for bookings whose start has passed
  kNotConfirmed,         // only a confirmed booking can be completed or marked a no-show
  kActionSettled,        // a Stripe action's result was recorded
  kPendingConfirmation,  // nothing to charge online: waits for the customer's email link
  kNotConfirmable,       // the confirmation link came after the hold lapsed, or a cancel
  kBalancePaid,          // a pay link's payment was added to what the booking has paid
  kBalancePaidLate,      // ... to a booking no longer confirmed: it goes back (refund)
};
// The webhook answer's "action" label ("confirmed", "refund_slot_gone", ...).
const char* to_string(Outcome o);

struct Transition {
  BookingRecord record;  // the record after the event (== the input when unchanged)
  std::vector<Action> actions;
  Outcome outcome = Outcome::kUnchanged;
  bool changed = false;  // record differs from the input: store it
};

// Decides what `event` does to `record` at `now_ms`. Pure; updated_at_ms is set to
// now_ms whenever the record changes.
Transition apply_event(const BookingRecord& record, const LifecycleEvent& event, int64_t now_ms);

// Whether a payment_intent.succeeded for this record needs to know if its slot is
// still free (the hold lapsed, or the booking had failed): only then does the use
// case ask the core.
bool needs_slot_check(const BookingRecord& record, int64_t now_ms);

// The actions a stored record still owes Stripe (for the background pass).
std::vector<Action> pending_actions(const BookingRecord& record);

// The states that hold seats until hold_expires_at: the payment holds and
// pending_confirmation.
bool is_hold(BookingStatus s);

}  // namespace slotpay::server
