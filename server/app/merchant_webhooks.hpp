// Issue #11 item 7: the merchant's webhook endpoints and their delivery log, as use
// cases (the routes: http/routes_merchant_webhooks.cpp; docs/webhooks.md). Each takes
// the caller's merchant id (from its Principal) and answers once through `reply`.
// An endpoint's signing secret is made here, sealed with the master key for the store
// and answered once, by create; nothing else ever shows it.
#pragma once

#include <string>

#include "app/api_error.hpp"
#include "app/webhook_requests.hpp"

namespace slotpay::server {

struct AppContext;

// 201 {endpoint..., "secret": "spwhsec_..."}; 409 too_many_webhook_endpoints;
// 503 webhooks_unavailable without a master key.
void webhook_endpoint_create(AppContext& ctx, const std::string& merchant_id,
                             const WebhookEndpointChange& change, Reply reply);
// {"data": [endpoint, ...]}, oldest first.
void webhook_endpoints_list(AppContext& ctx, const std::string& merchant_id, Reply reply);
// 404 webhook_endpoint_not_found for another merchant's endpoint too.
void webhook_endpoint_get(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                          Reply reply);
// Enabling again clears the disabled reason and the count of failed events.
void webhook_endpoint_update(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                             const WebhookEndpointChange& change, Reply reply);
// {"id","deleted":true}; its deliveries go with it.
void webhook_endpoint_delete(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                             Reply reply);
// {"data": [delivery, ...] newest first, "has_more", "next_cursor"}: pass next_cursor
// as ?starting_after= for the next page.
void webhook_deliveries_list(AppContext& ctx, const std::string& merchant_id,
                             const std::string& endpoint_id, const std::string& starting_after,
                             int limit, Reply reply);
// A new delivery of the same event to the same endpoint, due now, out of the endpoint's
// order (never waited for, never holding later events back). 201 {delivery};
// 404 webhook_delivery_not_found.
void webhook_delivery_resend(AppContext& ctx, const std::string& merchant_id,
                             const std::string& delivery_id, Reply reply);

// The sealing context of an endpoint's secret (binds the sealed value to its row).
std::string endpoint_secret_context(const std::string& endpoint_id);

}  // namespace slotpay::server
