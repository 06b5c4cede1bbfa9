// Internal to http/: the route files, by subject, and what every route goes through
// (metrics, request log, exceptions -> 500; the app's answer -> the HTTP answer).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "http/api.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace slotpay::server::http {

// Times the handler until it responds, counts the answer under `route`
// (metrics.observe_request), logs it when request logging is on, and turns an exception
// thrown by the handler into a generic 500.
Handler observed(ApiContext& ctx, std::string route, Handler handler);

// Issue #9: a per-route budget. Takes a token of `limiter` for the request's client key
// (and `group`) before the handler; without one, 429 rate_limited with Retry-After.
Handler rate_limited(ApiContext& ctx, RateLimiter& limiter, std::string group, Handler handler);

// Runs fn(); an exception is logged and answered with a generic 500. For code that runs
// in the app's callbacks (another thread, after the handler returned).
void respond_guarded(const Respond& respond, const std::function<void()>& fn);

// The app's Reply for a use case: its result becomes the answer (result_response).
Reply reply_to(Respond respond);
// The same, with CORS by the merchant the result concerned (AppResult::merchant).
// `req` must stay valid until the reply (it does: until respond is called).
Reply reply_with_cors(const HttpRequest& req, Respond respond);

// Whether the request carries the admin token (Authorization: Bearer); false when no
// token is configured. Constant-time.
bool admin_authorized(const ApiContext& ctx, const HttpRequest& req);

// The query string as a map, the first value of a repeated key winning.
std::map<std::string, std::string> query_map(const HttpRequest& req);

// catalog, availability, bookings (create, status, cancel) and their preflights.
void install_public_routes(Router& router, ApiContext& ctx);
// POST /v1/stripe/webhook.
void install_webhook_routes(Router& router, ApiContext& ctx);
// /v1/admin/*: merchants and their bookings, behind ADMIN_TOKEN.
void install_admin_routes(Router& router, ApiContext& ctx);
// /healthz, /metrics.
void install_ops_routes(Router& router, ApiContext& ctx);
// /v1/manage/{token}... (issue #12): the manage link's API.
void install_manage_routes(Router& router, ApiContext& ctx);
// /demo/outbox (issue #12): only with --demo (ApiOptions::demo_outbox).
void install_demo_routes(Router& router, ApiContext& ctx);
// /v1/merchant/bookings/{id}/refunds, /cancel, /no-show, /complete (issue #11).
void install_merchant_money_routes(Router& router, ApiContext& ctx);
// /v1/merchant/webhooks... and /v1/merchant/webhook-deliveries/{id}/resend (issue #11 item 7).
void install_merchant_webhook_routes(Router& router, ApiContext& ctx);
// Issue #11 item 3: phone bookings, pay links, /v1/pay/{token}... (routes_pay.cpp).
void install_pay_routes(Router& router, ApiContext& ctx);
// /v1/merchant/... (issue #10): sign-up, sessions, users, API keys, bookings.
void install_merchant_routes(Router& router, ApiContext& ctx);
// /v1/merchant/catalog... and /v1/merchant/origins (issue #10 item 4).
void install_merchant_catalog_routes(Router& router, ApiContext& ctx);
// /v1/merchant/stripe... and /v1/merchant/payment-domains (issue #10 items 2, 3, 5).
void install_merchant_stripe_routes(Router& router, ApiContext& ctx);
// GET /metrics (Prometheus text), with or without the admin token.
Handler metrics_route(ApiContext& ctx, bool require_admin_token);
class StaticFiles;
// GET /embed.html?merchant=ID: the iframe page with the merchant's frame-ancestors.
void install_embed_routes(Router& router, ApiContext& ctx, StaticFiles& files);

}  // namespace slotpay::server::http
