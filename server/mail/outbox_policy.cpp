#include "mail/outbox_policy.hpp"

#include <algorithm>

namespace slotpay::mail {

int64_t retry_delay_s(const RetryPolicy& policy, int attempt) {
  int64_t delay = std::max<int64_t>(policy.first_delay_s, 1);
  for (int i = 1; i < attempt && delay < policy.max_delay_s; ++i) delay *= 2;
  return std::min(delay, policy.max_delay_s);
}

bool still_worth_sending(const OutboxEntry& entry, Instant now) {
  return !entry.send_before || now < *entry.send_before;
}

OutboxDecision decide_after_attempt(const RetryPolicy& policy, const OutboxEntry& entry,
                                    const SendResult& result, Instant now) {
  OutboxDecision d;
  std::string code = std::to_string(result.smtp_code);
  switch (result.status) {
    case SendResult::Status::kSent:
      d.kind = OutboxDecision::Kind::kSent;
      return d;
    case SendResult::Status::kPermanentFailure:
      d.kind = OutboxDecision::Kind::kFailed;
      d.reason = "rejected_" + code;
      d.notify_merchant = !entry.to_merchant;
      return d;
    case SendResult::Status::kTemporaryFailure:
      break;
  }
  Instant next = now.plus_seconds(retry_delay_s(policy, entry.attempts + 1));
  if (entry.send_before && next >= *entry.send_before) {
    d.kind = OutboxDecision::Kind::kDropped;
    d.reason = "too_late";
    return d;
  }
  if (next.seconds - entry.queued_at.seconds > policy.give_up_after_s) {
    d.kind = OutboxDecision::Kind::kFailed;
    d.reason = "gave_up_" + code;
    d.notify_merchant = !entry.to_merchant;
    return d;
  }
  d.kind = OutboxDecision::Kind::kRetry;
  d.retry_at = next;
  return d;
}

std::optional<Instant> reminder_due_at(Instant start, Instant confirmed_at, int hours_before,
                                       int64_t min_gap_s) {
  if (hours_before <= 0) return std::nullopt;
  Instant due = start.plus_seconds(-int64_t{hours_before} * 3600);
  if (due.seconds - confirmed_at.seconds < min_gap_s) return std::nullopt;
  return due;
}

}  // namespace slotpay::mail
