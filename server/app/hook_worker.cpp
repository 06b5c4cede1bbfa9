#include "app/hook_worker.hpp"

#include <algorithm>
#include <chrono>
#include <future>

#include "app/log.hpp"
#include "app/merchant_webhooks.hpp"
#include "app/secret_box.hpp"
#include "hooks/signature.hpp"

namespace slotpay::server {

hooks::DeliveryPolicy scaled_policy(const hooks::DeliveryPolicy& policy, double scale) {
  hooks::DeliveryPolicy p = policy;
  auto scaled = [scale](int64_t s) {
    return std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(s) * scale));
  };
  p.first_delay_s = scaled(policy.first_delay_s);
  p.max_delay_s = scaled(policy.max_delay_s);
  p.give_up_after_s = scaled(policy.give_up_after_s);
  return p;
}

HookWorker::HookWorker(BookingStore& store, const Clock& clock, Metrics& metrics,
                       std::shared_ptr<const SecretBox> secrets, hooks::DeliveryClient& client,
                       HookWorkerOptions options)
    : store_(store),
      clock_(clock),
      metrics_(metrics),
      secrets_(std::move(secrets)),
      client_(client),
      options_(std::move(options)) {
  if (options_.batch < 1) options_.batch = 1;
}

HookWorker::~HookWorker() { stop(); }

HookPassStats HookWorker::run_once() {
  HookPassStats stats;
  // Until a claim comes back empty: a delivery that went out may have let the next one
  // of its endpoint go (a backlog drains in one pass). Each round settles what it claimed
  // (delivered, or due again no sooner than a second later), so the rounds end.
  for (int round = 0; round < 1000; ++round) {
    std::vector<ClaimedHookDelivery> claimed;
    const int64_t now = clock_.now_ms();
    auto w = write_now(store_, [&](BookingTx& tx) {
      claimed =
          tx.claim_webhook_deliveries(now, options_.owner, now + options_.lease_ms, options_.batch);
      return !claimed.empty();
    });
    if (!w.error.empty()) {
      log_error("webhook claim failed", {{"error", w.error}});
      return stats;
    }
    if (!w.committed) return stats;
    stats.claimed += static_cast<int>(claimed.size());
    for (auto& c : claimed) {
      if (loop_.stopping()) return stats;  // the rest wait for their lease to lapse
      attempt(std::move(c), stats);
    }
  }
  return stats;
}

void HookWorker::attempt(ClaimedHookDelivery c, HookPassStats& stats) {
  HookDelivery& d = c.delivery;
  hooks::DeliveryAttempt result;
  std::string body;
  std::optional<std::string> secret;
  if (secrets_)
    secret = secrets_->open(c.endpoint.secret_sealed, endpoint_secret_context(c.endpoint.id));
  if (!secret) {
    result.transport_error = "secret_unavailable";
  } else {
    hooks::DeliveryRequest req;
    req.url = c.endpoint.url;
    req.body = c.event.payload;
    req.timeout_ms = options_.policy.attempt_timeout_s * 1000;
    req.allow_loopback = options_.allow_loopback;
    req.headers = {
        {"Content-Type", "application/json"},
        {std::string(hooks::kSignatureHeader),
         hooks::sign_delivery(c.event.payload, *secret, clock_.now_ms() / 1000)},
        {"Slotpay-Event-Id", c.event.id},
    };
    auto answer = std::make_shared<std::promise<hooks::DeliveryResponse>>();
    auto future = answer->get_future();
    client_.post(std::move(req),
                 [answer](hooks::DeliveryResponse r) { answer->set_value(std::move(r)); });
    // The client's own deadline ends the exchange; this one only guards against a
    // callback that never comes.
    if (future.wait_for(std::chrono::seconds(options_.policy.attempt_timeout_s + 30)) ==
        std::future_status::ready) {
      auto r = future.get();
      result.status = r.status;
      result.transport_error = r.transport_error;
      body = r.body;
      if (r.status == 0)
        log_warn("webhook attempt failed",
                 {{"delivery", d.id}, {"error", r.transport_error}, {"detail", r.detail}});
    } else {
      result.transport_error = "timeout";
    }
  }
  const int64_t now = clock_.now_ms();
  hooks::DeliveryState state;
  // A resend has its own three days, from when the merchant asked for it.
  state.event_created = Instant{(d.manual ? d.created_at_ms : c.event.created_at_ms) / 1000};
  state.attempts = static_cast<int>(d.attempts);
  auto decision = hooks::decide_after_delivery(options_.policy, state, result, Instant{now / 1000});
  d.attempts += 1;
  d.last_status = result.status;
  d.last_outcome = decision.outcome;
  d.last_response = hooks::response_excerpt(body);
  d.last_attempt_at_ms = now;
  std::string label;
  switch (decision.kind) {
    case hooks::DeliveryDecision::Kind::kDelivered:
      d.state = "delivered";
      label = "delivered";
      break;
    case hooks::DeliveryDecision::Kind::kRetry:
      d.state = "pending";
      d.next_at_ms = decision.retry_at.seconds * 1000;
      label = "retry";
      break;
    case hooks::DeliveryDecision::Kind::kFailed:
      d.state = "failed";
      label = "failed";
      break;
  }
  bool stored = false;
  bool disabled = false;
  auto w = write_now(store_, [&](BookingTx& tx) {
    stored = tx.settle_webhook_delivery(d);
    if (!stored || d.manual || d.state == "pending") return stored;
    // Whether the endpoint's events keep failing for good (resends do not count).
    auto e = tx.webhook_endpoint(d.endpoint_id);
    if (!e) return stored;
    if (d.state == "delivered") {
      if (e->failed_events == 0) return stored;
      e->failed_events = 0;
    } else {
      e->failed_events += 1;
      if (e->enabled &&
          hooks::should_disable_endpoint(options_.policy, static_cast<int>(e->failed_events))) {
        e->enabled = false;
        e->disabled_reason = "failing";
        disabled = true;
      }
    }
    e->updated_at_ms = now;
    tx.save_webhook_endpoint(*e);
    return stored;
  });
  metrics_.count("slotpay_webhook_deliveries_total", "result=\"" + label + "\"");
  log_info("webhook attempt", {{"delivery", d.id},
                               {"event", d.event_id},
                               {"endpoint", d.endpoint_id},
                               {"result", label},
                               {"outcome", d.last_outcome},
                               {"attempts", d.attempts}});
  if (disabled) log_warn("webhook endpoint disabled", {{"endpoint", d.endpoint_id}});
  if (!w.error.empty() || !stored) {
    stats.lost++;
    log_error("webhook outcome not stored", {{"delivery", d.id}, {"error", w.error}});
    return;
  }
  if (label == "delivered")
    stats.delivered++;
  else if (label == "retry")
    stats.retried++;
  else
    stats.failed++;
}

void HookWorker::start() {
  loop_.start("webhook pass failed", options_.interval_ms, [this] { run_once(); });
}

void HookWorker::stop() { loop_.stop(); }

}  // namespace slotpay::server
