// Stripe's events: POST /v1/stripe/webhook (the platform's endpoint) and
// POST /v1/stripe/webhook/{merchant} (a merchant in API-key mode points its own Stripe
// account's endpoint here; verified with that merchant's webhook secret). The raw body,
// byte for byte, goes to the app: the signature covers it. The body may be larger than
// the API's 64 KB.
#include "http/routes.hpp"

namespace slotpay::server::http {

void install_webhook_routes(Router& router, ApiContext& ctx) {
  router.post("/v1/stripe/webhook",
              observed(ctx, "/v1/stripe/webhook",
                       rate_limited(ctx, ctx.webhook_limiter, "webhook",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      ctx.service.webhook(req.body, req.header("Stripe-Signature"),
                                                          reply_to(std::move(r)));
                                    })),
              RouteOptions{ctx.options.webhook_max_body});
  router.post("/v1/stripe/webhook/{merchant}",
              observed(ctx, "/v1/stripe/webhook/{merchant}",
                       rate_limited(ctx, ctx.webhook_limiter, "webhook",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      ctx.service.merchant_webhook(req.params.at(0), req.body,
                                                                   req.header("Stripe-Signature"),
                                                                   reply_to(std::move(r)));
                                    })),
              RouteOptions{ctx.options.webhook_max_body});
}

}  // namespace slotpay::server::http
