#include "webhook_setup.hpp"

#include "app/log.hpp"

namespace slotpay::server {

bool read_webhook_flag(const std::string& a, const std::function<std::string()>& next,
                       WebhookFlags& flags) {
  if (a == "--allow-loopback-webhooks")
    flags.allow_loopback = true;
  else if (a == "--webhook-retry-scale")
    flags.retry_scale = std::stod(next());
  else if (a == "--webhook-ca-file")
    flags.ca_file = next();
  else
    return false;
  return true;
}

std::optional<std::string> webhook_flags_error(const WebhookFlags& flags, bool demo) {
  if (!(flags.retry_scale > 0 && flags.retry_scale <= 1))
    return "--webhook-retry-scale wants a number in (0, 1]";
  if (flags.retry_scale != 1.0 && !demo)
    return "--webhook-retry-scale is for tests and the demo: it needs --demo";
  return std::nullopt;
}

WebhookDeliveries make_webhook_deliveries(boost::asio::io_context& io, const WebhookFlags& flags,
                                          BookingStore& store, const Clock& clock, Metrics& metrics,
                                          std::shared_ptr<const SecretBox> secrets,
                                          const std::string& owner) {
  WebhookDeliveries out;
  out.client = hooks::make_delivery_client(io, flags.ca_file);
  HookWorkerOptions o;
  o.owner = owner;
  o.allow_loopback = flags.allow_loopback;
  o.policy = scaled_policy(o.policy, flags.retry_scale);
  // Scaled down (tests, demo): passes often enough for retries a second apart.
  if (flags.retry_scale < 1.0) o.interval_ms = 200;
  if (flags.allow_loopback)
    log_warn("webhooks may be sent to loopback addresses over http (--allow-loopback-webhooks)");
  out.worker =
      std::make_unique<HookWorker>(store, clock, metrics, std::move(secrets), *out.client, o);
  return out;
}

}  // namespace slotpay::server
