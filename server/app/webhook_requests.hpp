// Issue #11 item 7: the merchant's webhook endpoint requests, read from their bodies, and
// what the API shows of endpoints and deliveries. Pure; unit tests in
// tests/server/merchant_webhooks_test.cpp.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/api_error.hpp"
#include "hooks/endpoint_url.hpp"
#include "store/webhook_record.hpp"

namespace slotpay::server {

// How many endpoints a merchant may have (each event is sent to every one).
inline constexpr size_t kMaxWebhookEndpoints = 16;

struct WebhookEndpointChange {
  std::optional<std::string> url;  // checked by hooks::parse_endpoint_url
  std::optional<std::vector<std::string>> events;
  std::optional<bool> enabled;
};

// Create: {"url": string, "events": [event type, ...] (at least one, no repeats)}; update:
// any of {"url", "events", "enabled"}. Errors: invalid_json, missing_field (url, events),
// unknown_field, invalid_field (events, enabled), and the URL's own refusals with field
// "url": invalid_url, https_required, forbidden_host (hooks/endpoint_url.hpp).
std::variant<WebhookEndpointChange, ApiError> parse_webhook_endpoint(
    const nlohmann::json& body, bool create, const hooks::EndpointRules& rules);

// {"id","url","events","enabled","disabled_reason","created","updated"}: never the secret.
nlohmann::ordered_json endpoint_view(const HookEndpoint& e);
// {"id","event_id","type","state","manual","attempts","next_attempt_at"|null,
//  "last_status","last_outcome","last_response","last_attempt_at"|null,"created"}.
nlohmann::ordered_json delivery_view(const HookDelivery& d);

// The delivery log's page size: ?limit=1..100, default 20; nullopt for anything else.
std::optional<int> parse_page_limit(const std::string& text);

}  // namespace slotpay::server
