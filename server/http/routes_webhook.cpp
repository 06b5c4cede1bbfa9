// Stripe's events: POST /v1/stripe/webhook. The raw body, byte for byte, goes to the
// app: the signature covers it. The body may be larger than the API's 64 KB.
#include "http/app_adapter.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

void install_webhook_routes(Router& router, ApiContext& ctx) {
  router.post("/v1/stripe/webhook",
              observed(ctx, "/v1/stripe/webhook",
                       [&ctx](const HttpRequest& req, Respond r) {
                         call_app(
                             ctx.pool,
                             [&ctx, &req] {
                               return result_response(
                                   ctx.service.webhook(req.body, req.header("Stripe-Signature")));
                             },
                             std::move(r));
                       }),
              RouteOptions{ctx.options.webhook_max_body});
}

}  // namespace slotpay::server::http
