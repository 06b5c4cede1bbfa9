#include "mail/outbox_policy.hpp"

#include <catch2/catch.hpp>

using namespace slotpay;
using namespace slotpay::mail;
using Kind = OutboxDecision::Kind;

namespace {

const Instant kQueued{1772978400};
SendResult temporary(int code = 451) {
  return {SendResult::Status::kTemporaryFailure, code, "try later"};
}

}  // namespace

TEST_CASE("outbox: backoff doubles from 1 minute and stops at 1 hour") {
  RetryPolicy p;
  std::vector<int64_t> delays;
  for (int attempt = 1; attempt <= 9; ++attempt) delays.push_back(retry_delay_s(p, attempt));
  CHECK(delays == std::vector<int64_t>{60, 120, 240, 480, 960, 1920, 3600, 3600, 3600});
  CHECK(retry_delay_s(p, 1000000) == 3600);  // no overflow on absurd counts
  CHECK(retry_delay_s(p, 0) == 60);
}

TEST_CASE("outbox: sent is final - a permanent failure fails at once") {
  RetryPolicy p;
  OutboxEntry e{kQueued, 0, std::nullopt, false};
  CHECK(decide_after_attempt(p, e, {SendResult::Status::kSent, 250, ""}, kQueued).kind ==
        Kind::kSent);
  OutboxDecision d =
      decide_after_attempt(p, e, {SendResult::Status::kPermanentFailure, 550, "no"}, kQueued);
  CHECK(d.kind == Kind::kFailed);
  CHECK(d.reason == "rejected_550");
  CHECK(d.notify_merchant);
  e.to_merchant = true;
  d = decide_after_attempt(p, e, {SendResult::Status::kPermanentFailure, 550, "no"}, kQueued);
  CHECK(d.kind == Kind::kFailed);
  CHECK_FALSE(d.notify_merchant);  // no notices about notices
}

TEST_CASE("outbox: temporary failures retry with backoff, then give up after 3 days") {
  RetryPolicy p;
  OutboxEntry e{kQueued, 0, std::nullopt, false};
  Instant now = kQueued;
  int retries = 0;
  OutboxDecision d;
  while (true) {
    d = decide_after_attempt(p, e, temporary(), now);
    if (d.kind != Kind::kRetry) break;
    CHECK(d.retry_at.seconds - now.seconds == retry_delay_s(p, e.attempts + 1));
    now = d.retry_at;
    ++e.attempts;
    ++retries;
  }
  CHECK(d.kind == Kind::kFailed);
  CHECK(d.reason == "gave_up_451");
  CHECK(d.notify_merchant);
  // 60+120+...+1920 = 3780 s in 6 retries, then hourly up to 259200 s: 6 + 70 = 76 retries.
  CHECK(retries == 76);
  CHECK(now.seconds - kQueued.seconds <= p.give_up_after_s);
  CHECK(now.seconds - kQueued.seconds > p.give_up_after_s - 3600);
  // No answer at all (code 0) is temporary too.
  e.attempts = 0;
  CHECK(decide_after_attempt(p, e, temporary(0), kQueued).kind == Kind::kRetry);
}

TEST_CASE("outbox: a message past its use is dropped, not retried or sent") {
  RetryPolicy p;
  OutboxEntry reminder{kQueued, 0, kQueued.plus_seconds(90), false};
  CHECK(still_worth_sending(reminder, kQueued));
  CHECK_FALSE(still_worth_sending(reminder, kQueued.plus_seconds(90)));
  // The first retry (60 s) is still in time; the second (120 s later) is not.
  OutboxDecision d = decide_after_attempt(p, reminder, temporary(), kQueued);
  CHECK(d.kind == Kind::kRetry);
  reminder.attempts = 1;
  d = decide_after_attempt(p, reminder, temporary(), d.retry_at);
  CHECK(d.kind == Kind::kDropped);
  CHECK(d.reason == "too_late");
  CHECK_FALSE(d.notify_merchant);
}

TEST_CASE("outbox: reminders 24 h before, unless the booking is too recent or they are off") {
  Instant start{1773000000};
  CHECK(reminder_due_at(start, start.plus_seconds(-7 * 86400)) == start.plus_seconds(-86400));
  CHECK(reminder_due_at(start, start.plus_seconds(-7 * 86400), 2) == start.plus_seconds(-7200));
  // Booked 26 h ahead: the reminder would come 2 h after the confirmation: too soon.
  CHECK_FALSE(reminder_due_at(start, start.plus_seconds(-26 * 3600)));
  // Booked 28 h ahead: 4 h later is fine.
  CHECK(reminder_due_at(start, start.plus_seconds(-28 * 3600)) == start.plus_seconds(-86400));
  CHECK_FALSE(reminder_due_at(start, start.plus_seconds(-7 * 86400), 0));
}
