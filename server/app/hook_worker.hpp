// Issue #11 item 7: the webhook delivery worker. On a thread of its own (never an io
// thread, never the database writer), every interval it claims the due deliveries (a
// store write: one writer on SQLite, FOR UPDATE SKIP LOCKED with a lease on PostgreSQL,
// so no delivery is attempted by two instances at once, and per endpoint only the
// earliest pending one: events go out in order), POSTs each through the DeliveryClient
// (an io thread carries the exchange; this thread waits for its answer), and stores what
// hooks::decide_after_delivery decides: delivered, retry later, failed. An endpoint
// whose events keep failing for good is disabled (should_disable_endpoint). Counted as
// slotpay_webhook_deliveries_total{result}.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/clock.hpp"
#include "app/metrics.hpp"
#include "app/periodic_thread.hpp"
#include "hooks/delivery_client.hpp"
#include "hooks/delivery_policy.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

class SecretBox;

struct HookWorkerOptions {
  std::string owner = "hooks";  // the instance id, in the claims
  int64_t interval_ms = 1000;   // between passes when nothing was due
  int batch = 10;               // deliveries one claim takes at most
  // How long a claim lasts: longer than `batch` attempts at their timeout.
  int64_t lease_ms = 5 * 60 * 1000;
  hooks::DeliveryPolicy policy;
  bool allow_loopback = false;  // --allow-loopback-webhooks
};

// The policy with its delays (first, max, give-up) multiplied by `scale` (the tests' and
// demo's --webhook-retry-scale, e.g. 0.01), none below one second. The attempt timeout is
// kept. Pure.
hooks::DeliveryPolicy scaled_policy(const hooks::DeliveryPolicy& policy, double scale);

struct HookPassStats {
  int claimed = 0;
  int delivered = 0;
  int retried = 0;
  int failed = 0;
  int lost = 0;  // outcome not stored: the claim had lapsed
};

class HookWorker {
 public:
  HookWorker(BookingStore& store, const Clock& clock, Metrics& metrics,
             std::shared_ptr<const SecretBox> secrets, hooks::DeliveryClient& client,
             HookWorkerOptions options);
  ~HookWorker();  // stop()

  // One pass now, on the caller's thread (blocks on the store and on the deliveries).
  HookPassStats run_once();
  void start();  // the thread: a pass every interval_ms
  void stop();   // idempotent; waits for the pass in progress

 private:
  void attempt(ClaimedHookDelivery c, HookPassStats& stats);

  BookingStore& store_;
  const Clock& clock_;
  Metrics& metrics_;
  std::shared_ptr<const SecretBox> secrets_;
  hooks::DeliveryClient& client_;
  HookWorkerOptions options_;

  PeriodicThread loop_;
};

}  // namespace slotpay::server
