// main()'s part of merchant webhooks (issue #11 item 7): their flags and the delivery
// worker with its HTTP client (on the server's io_context), kept out of main.cpp.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/hook_worker.hpp"

namespace boost::asio {
class io_context;
}

namespace slotpay::server {

struct WebhookFlags {
  bool allow_loopback = false;  // --allow-loopback-webhooks
  double retry_scale = 1.0;     // --webhook-retry-scale (needs --demo)
  std::string ca_file;          // --webhook-ca-file (default: the system's trust store)
};

// Reads flag `a` (its value through next()) when it is one of the webhook flags.
bool read_webhook_flag(const std::string& a, const std::function<std::string()>& next,
                       WebhookFlags& flags);
// Why the flags cannot be used (nullopt when they can).
std::optional<std::string> webhook_flags_error(const WebhookFlags& flags, bool demo);

// The client and the worker (not started). Throws when the trust store cannot be read.
struct WebhookDeliveries {
  std::unique_ptr<hooks::DeliveryClient> client;
  std::unique_ptr<HookWorker> worker;
};
WebhookDeliveries make_webhook_deliveries(boost::asio::io_context& io, const WebhookFlags& flags,
                                          BookingStore& store, const Clock& clock, Metrics& metrics,
                                          std::shared_ptr<const SecretBox> secrets,
                                          const std::string& owner);

}  // namespace slotpay::server
