// The merchant's webhook endpoints (issue #11 item 7), behind merchant_route (session +
// CSRF, or an API key): reading them and their delivery log needs read_bookings;
// creating, changing, deleting and resending need settings (owners and API keys).
// Handlers only parse and translate; app/merchant_webhooks.hpp decides.
// docs/webhooks.md documents each route.
#include "app/booking_service.hpp"
#include "app/merchant_webhooks.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

Reply answer(Respond respond) {
  return [respond = std::move(respond)](AppResult result) {
    respond_guarded(respond, [&] { respond(result_response(std::move(result))); });
  };
}

hooks::EndpointRules rules_of(ApiContext& ctx) {
  hooks::EndpointRules rules;
  rules.allow_loopback_http = ctx.service.context().config.allow_loopback_webhooks;
  return rules;
}

// Reads the body as an endpoint change; answers the error itself (nullopt then).
std::optional<WebhookEndpointChange> change_of(ApiContext& ctx, const HttpRequest& req, bool create,
                                               const Respond& respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) {
    respond(error_response(*err));
    return std::nullopt;
  }
  auto parsed = parse_webhook_endpoint(body, create, rules_of(ctx));
  if (auto* err = std::get_if<ApiError>(&parsed)) {
    respond(error_response(*err));
    return std::nullopt;
  }
  return std::get<WebhookEndpointChange>(std::move(parsed));
}

}  // namespace

void install_merchant_webhook_routes(Router& router, ApiContext& ctx) {
  const std::string list = "/v1/merchant/webhooks";
  const std::string one = "/v1/merchant/webhooks/{id}";
  const std::string log = "/v1/merchant/webhooks/{id}/deliveries";
  const std::string resend = "/v1/merchant/webhook-deliveries/{id}/resend";
  router.post(list,
              merchant_route(ctx, list, Permission::kSettings,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                               auto change = change_of(ctx, req, true, respond);
                               if (!change) return;
                               webhook_endpoint_create(ctx.service.context(), who.merchant_id,
                                                       *change, answer(std::move(respond)));
                             }));
  router.get(list,
             merchant_route(ctx, list, Permission::kReadBookings,
                            [&ctx](const HttpRequest&, const Principal& who, Respond respond) {
                              webhook_endpoints_list(ctx.service.context(), who.merchant_id,
                                                     answer(std::move(respond)));
                            }));
  router.get(one,
             merchant_route(ctx, one, Permission::kReadBookings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              webhook_endpoint_get(ctx.service.context(), who.merchant_id,
                                                   req.params[0], answer(std::move(respond)));
                            }));
  router.add("PATCH", one,
             merchant_route(ctx, one, Permission::kSettings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              auto change = change_of(ctx, req, false, respond);
                              if (!change) return;
                              webhook_endpoint_update(ctx.service.context(), who.merchant_id,
                                                      req.params[0], *change,
                                                      answer(std::move(respond)));
                            }));
  router.add("DELETE", one,
             merchant_route(ctx, one, Permission::kSettings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              webhook_endpoint_delete(ctx.service.context(), who.merchant_id,
                                                      req.params[0], answer(std::move(respond)));
                            }));
  router.get(log, merchant_route(
                      ctx, log, Permission::kReadBookings,
                      [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                        auto limit = parse_page_limit(req.query_value("limit"));
                        if (!limit)
                          return respond(error_response(
                              {"invalid_field", "limit",
                               "limit must be a whole number from 1 to 100", nullptr}));
                        webhook_deliveries_list(ctx.service.context(), who.merchant_id,
                                                req.params[0], req.query_value("starting_after"),
                                                *limit, answer(std::move(respond)));
                      }));
  router.post(resend,
              merchant_route(ctx, resend, Permission::kSettings,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                               webhook_delivery_resend(ctx.service.context(), who.merchant_id,
                                                       req.params[0], answer(std::move(respond)));
                             }));
}

}  // namespace slotpay::server::http
