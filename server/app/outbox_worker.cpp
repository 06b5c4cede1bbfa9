#include "app/outbox_worker.hpp"

#include <chrono>

#include "app/log.hpp"

namespace slotpay::server {
namespace {

mail::OutboxEntry entry_of(const OutboxMessage& m) {
  mail::OutboxEntry e;
  e.queued_at = slotpay::Instant{m.queued_at_ms / 1000};
  e.attempts = static_cast<int>(m.attempts);
  if (m.send_before_ms > 0) e.send_before = slotpay::Instant{m.send_before_ms / 1000};
  e.to_merchant = m.to_merchant;
  return e;
}

std::string result_label(const mail::OutboxDecision& d) {
  switch (d.kind) {
    case mail::OutboxDecision::Kind::kSent:
      return "sent";
    case mail::OutboxDecision::Kind::kRetry:
      return "retry";
    case mail::OutboxDecision::Kind::kFailed:
      return "failed";
    case mail::OutboxDecision::Kind::kDropped:
      return "dropped";
  }
  return "unknown";
}

}  // namespace

OutboxWorker::OutboxWorker(BookingStore& store, const Clock& clock, Metrics& metrics, SendFn send,
                           OutboxWorkerOptions options, OnFailed on_failed)
    : store_(store),
      clock_(clock),
      metrics_(metrics),
      send_(std::move(send)),
      options_(std::move(options)),
      on_failed_(std::move(on_failed)) {
  if (options_.batch < 1) options_.batch = 1;
}

OutboxWorker::~OutboxWorker() { stop(); }

OutboxPassStats OutboxWorker::run_once() {
  OutboxPassStats stats;
  for (;;) {
    std::vector<OutboxMessage> claimed;
    const int64_t now = clock_.now_ms();
    auto w = write_now(store_, [&](BookingTx& tx) {
      claimed = tx.claim_messages(now, options_.owner, now + options_.lease_ms, options_.batch);
      return !claimed.empty();
    });
    if (!w.error.empty()) {
      log_error("outbox claim failed", {{"error", w.error}});
      return stats;
    }
    if (!w.committed) return stats;  // nothing due
    stats.claimed += static_cast<int>(claimed.size());
    for (auto& m : claimed) {
      // Stopping: the rest stay claimed until their lease lapses, then are sent by
      // the next life of this instance or another one.
      if (loop_.stopping()) return stats;
      attempt(std::move(m), stats);
    }
    if (static_cast<int>(claimed.size()) < options_.batch) return stats;
  }
}

void OutboxWorker::attempt(OutboxMessage m, OutboxPassStats& stats) {
  const mail::OutboxEntry entry = entry_of(m);
  mail::OutboxDecision decision;
  mail::SendResult result;
  const bool worth = mail::still_worth_sending(entry, slotpay::Instant{clock_.now_ms() / 1000});
  if (!worth) {
    decision.kind = mail::OutboxDecision::Kind::kDropped;
    decision.reason = "too_late";
  } else {
    mail::BuiltMessage built{m.message_id, m.envelope_from, m.recipients, m.data};
    result = send_(built);
    decision = mail::decide_after_attempt(options_.policy, entry, result,
                                          slotpay::Instant{clock_.now_ms() / 1000});
    m.attempts += 1;
    m.last_code = result.smtp_code;
    m.last_error =
        result.status == mail::SendResult::Status::kSent
            ? ""
            : std::string(mail::to_string(result.status)) + ": " + result.detail.substr(0, 300);
  }
  switch (decision.kind) {
    case mail::OutboxDecision::Kind::kSent:
      m.status = OutboxStatus::kSent;
      break;
    case mail::OutboxDecision::Kind::kRetry:
      m.status = OutboxStatus::kQueued;
      m.next_attempt_at_ms = decision.retry_at.seconds * 1000;
      break;
    case mail::OutboxDecision::Kind::kFailed:
      m.status = OutboxStatus::kFailed;
      m.last_error = decision.reason + (m.last_error.empty() ? "" : " (" + m.last_error + ")");
      break;
    case mail::OutboxDecision::Kind::kDropped:
      m.status = OutboxStatus::kDropped;
      m.last_error = decision.reason;
      break;
  }
  bool stored = false;
  auto w = write_now(store_, [&](BookingTx& tx) {
    // A retry keeps the row queued: settle_message releases the claim, and the row is
    // due again at next_attempt_at.
    stored = tx.settle_message(m);
    if (stored && decision.notify_merchant && on_failed_) on_failed_(tx, m);
    return stored;
  });
  const std::string label = result_label(decision);
  metrics_.count("slotpay_emails_total", "kind=\"" + m.kind + "\",result=\"" + label + "\"");
  log_info("email attempt", {{"message", m.id},
                             {"booking", m.booking_id},
                             {"kind", m.kind},
                             {"result", label},
                             {"smtp_code", m.last_code},
                             {"attempts", m.attempts}});
  if (!w.error.empty() || !stored) {
    // Sent (or not) but not recorded: the claim lapsed and another worker holds the
    // message, or the store failed; the message stays queued (it may go out twice only
    // when the store fails right after SMTP accepted it).
    stats.lost++;
    log_error("email outcome not stored", {{"message", m.id}, {"error", w.error}});
    return;
  }
  switch (decision.kind) {
    case mail::OutboxDecision::Kind::kSent:
      stats.sent++;
      break;
    case mail::OutboxDecision::Kind::kRetry:
      stats.retried++;
      break;
    case mail::OutboxDecision::Kind::kFailed:
      stats.failed++;
      break;
    case mail::OutboxDecision::Kind::kDropped:
      stats.dropped++;
      break;
  }
}

void OutboxWorker::start() {
  loop_.start("outbox pass failed", options_.interval_ms, [this] { run_once(); });
}

void OutboxWorker::stop() { loop_.stop(); }

}  // namespace slotpay::server
