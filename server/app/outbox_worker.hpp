// Issue #12: the outbox worker. On a thread of its own (SMTP blocks: never an io thread,
// never the database writer), every interval it claims the due messages (a store
// operation: one writer on SQLite, FOR UPDATE SKIP LOCKED with a lease on PostgreSQL, so
// no message is handed to SMTP by two workers), sends each, and stores what
// mail/outbox_policy decides (sent, retry later, failed, dropped). Counted in the
// metrics as slotpay_emails_total{kind,result}.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "app/clock.hpp"
#include "app/metrics.hpp"
#include "app/periodic_thread.hpp"
#include "mail/outbox_policy.hpp"
#include "mail/smtp_sender.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct OutboxWorkerOptions {
  std::string owner = "outbox";  // the instance id, in the claims
  int64_t interval_ms = 1000;    // between passes when nothing was due
  int batch = 10;                // messages one claim takes at most
  // How long a claim lasts: longer than `batch` SMTP transactions at their timeouts,
  // so a worker that is slow but alive keeps its messages.
  int64_t lease_ms = 15 * 60 * 1000;
  mail::RetryPolicy policy;
};

// What a pass did.
struct OutboxPassStats {
  int claimed = 0;
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int dropped = 0;
  int lost = 0;  // outcome not stored: the claim had lapsed (another worker took it)
};

class OutboxWorker {
 public:
  // Sends one message (SmtpSender::send in production; a fake in tests). Blocking.
  using SendFn = std::function<mail::SendResult(const mail::BuiltMessage&)>;
  // Runs in the transaction that records a message failed for good (a customer's
  // address bounces): the merchant's bounce notice is queued there.
  using OnFailed = std::function<void(BookingTx&, const OutboxMessage&)>;

  OutboxWorker(BookingStore& store, const Clock& clock, Metrics& metrics, SendFn send,
               OutboxWorkerOptions options, OnFailed on_failed = {});
  ~OutboxWorker();  // stop()

  // One pass now, on the caller's thread (blocks on the store and on SMTP): claims and
  // sends until nothing more is due or a claim comes back empty.
  OutboxPassStats run_once();

  void start();  // the thread: a pass every interval_ms
  void stop();   // idempotent; waits for the pass in progress

 private:
  // Sends one claimed message and stores the outcome.
  void attempt(OutboxMessage m, OutboxPassStats& stats);

  BookingStore& store_;
  const Clock& clock_;
  Metrics& metrics_;
  SendFn send_;
  OutboxWorkerOptions options_;
  OnFailed on_failed_;

  PeriodicThread loop_;
};

}  // namespace slotpay::server
