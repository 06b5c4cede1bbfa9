// What the outbox does with a message after a send attempt, and when reminders go out.
// Pure functions of their arguments (no clock): the outbox worker passes `now`.
//
// The outbox (wired later) keeps one row per message with an id, so each message is
// handed to SMTP by one worker at a time and marked sent once; this file only decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mail/smtp_sender.hpp"
#include "slotpay/time.hpp"

namespace slotpay::mail {

struct RetryPolicy {
  int64_t first_delay_s = 60;        // after the first temporary failure
  int64_t max_delay_s = 3600;        // the doubling stops here
  int64_t give_up_after_s = 259200;  // 3 days after the message was queued
};

// Where a message stands in the outbox.
struct OutboxEntry {
  Instant queued_at;
  int attempts = 0;  // send attempts made before this one
  // After this instant the message is pointless (a reminder once the appointment has
  // started, a pay link once it expired): it is dropped instead of retried or sent.
  std::optional<Instant> send_before;
  bool to_merchant = false;  // the message is addressed to the merchant
};

struct OutboxDecision {
  enum class Kind {
    kSent,     // done: mark sent (never sent again)
    kRetry,    // try again at `retry_at`
    kFailed,   // give up: mark failed with `reason`
    kDropped,  // not sent: too late to be of use (send_before passed)
  };
  Kind kind = Kind::kSent;
  Instant retry_at;    // kRetry only
  std::string reason;  // kFailed / kDropped: "rejected_550", "gave_up_451", "too_late"
  // A customer's message failed for good (the address bounces, or it never got through
  // in 3 days): tell the merchant, who may reach the customer another way. Never set for
  // a message to the merchant (no loop of notices about notices).
  bool notify_merchant = false;
};

// Delay before retry number `attempt` (1 = after the first failure): first_delay_s
// doubled each time, at most max_delay_s. 60 s, 120 s, ... 3840 s -> 3600 s by default.
int64_t retry_delay_s(const RetryPolicy& policy, int attempt);

// The decision after an attempt made at `now` that ended with `result`.
// - sent: kSent;
// - permanent failure (5xx): kFailed at once, "rejected_<code>";
// - temporary failure (4xx, no answer, timeout): kRetry after retry_delay_s, unless that
//   lands past queued_at + give_up_after_s ("gave_up_<code>", kFailed) or past
//   send_before ("too_late", kDropped).
OutboxDecision decide_after_attempt(const RetryPolicy& policy, const OutboxEntry& entry,
                                    const SendResult& result, Instant now);

// Whether a queued message should still be attempted at `now` (false once send_before
// has passed: the worker then records kDropped without calling SMTP).
bool still_worth_sending(const OutboxEntry& entry, Instant now);

// When the reminder for a booking starting at `start` is due: `hours_before` before it
// (the merchant's setting, 24 by default). No reminder when that moment is less than
// `min_gap_s` after the confirmation (a booking made the day before already has its
// confirmation fresh in the inbox), or when hours_before <= 0 (reminders off).
std::optional<Instant> reminder_due_at(Instant start, Instant confirmed_at, int hours_before = 24,
                                       int64_t min_gap_s = 3 * 3600);

}  // namespace slotpay::mail
