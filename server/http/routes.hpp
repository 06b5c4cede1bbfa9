// Internal to http/: the route files, by subject, and the wrapper every route goes
// through (metrics, request log, exceptions -> 500).
#pragma once

#include <string>

#include "http/api.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace slotpay::server::http {

// Times the handler until it responds, counts the answer under `route`
// (metrics.observe_request), logs it when request logging is on, and turns an exception
// thrown by the handler into a generic 500.
Handler observed(ApiContext& ctx, std::string route, Handler handler);

// catalog, availability, bookings (create, status, cancel) and their preflights.
void install_public_routes(Router& router, ApiContext& ctx);
// POST /v1/stripe/webhook.
void install_webhook_routes(Router& router, ApiContext& ctx);
// /v1/admin/*: merchants and their bookings, behind ADMIN_TOKEN.
void install_admin_routes(Router& router, ApiContext& ctx);
// /healthz, /metrics.
void install_ops_routes(Router& router, ApiContext& ctx);

}  // namespace slotpay::server::http
