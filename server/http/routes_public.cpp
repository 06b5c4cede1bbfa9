// The public booking API the widget calls: catalog, availability, create booking,
// booking status and cancel (with the booking's access token), CORS preflights.
// CORS follows the merchant the request concerns: the use case's answer names it
// (AppResult::merchant); routes that must check the Origin before acting (create,
// cancel) and the preflights look the merchant up first.
#include <map>
#include <memory>
#include <optional>

#include "http/cors.hpp"
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

using MerchantPtr = std::shared_ptr<const Merchant>;

std::map<std::string, std::string> query_map(const HttpRequest& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.query) q.emplace(k, v);  // first value wins
  return q;
}

std::string bearer_or_query_token(const HttpRequest& req) {
  std::string auth = req.header("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return req.query_value("token");
}

bool is_json_content(const HttpRequest& req) {
  return req.header("Content-Type").rfind("application/json", 0) == 0;
}

HttpResponse with_cors(HttpResponse res, const HttpRequest& req, const Merchant* m) {
  apply_cors(req, res, m);
  return res;
}

HttpResponse forbidden_origin() {
  return error_response({"forbidden_origin", "Origin", "this origin is not allowed", nullptr});
}

// After the merchant lookup (on a store thread): the checks in their order, then the
// use case.
void create_booking(ApiContext& ctx, const HttpRequest& req, const MerchantPtr& m,
                    const Respond& respond) {
  const std::string& merchant_id = req.params[0];
  if (!m)
    return respond(error_response({"merchant_not_found", "merchant", "no such merchant", nullptr}));
  if (!origin_allowed(req, m.get())) return respond(forbidden_origin());
  if (!ctx.limiter.allow(req.client_address + "|" + merchant_id, ctx.clock.now_ms())) {
    auto res =
        error_response({"rate_limited", "", "too many booking attempts, slow down", nullptr});
    res.set_header("Retry-After", "10");
    return respond(with_cors(std::move(res), req, m.get()));
  }
  if (!is_json_content(req))
    return respond(with_cors(error_response({"unsupported_media_type", "Content-Type",
                                             "send the booking as application/json", nullptr}),
                             req, m.get()));
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body))
    return respond(with_cors(error_response(*err), req, m.get()));
  // CORS by the merchant looked up here (the use case's answer names the same one).
  ctx.service.create_booking(merchant_id, body, [&req, m, respond](AppResult result) {
    respond_guarded(respond,
                    [&] { respond(with_cors(result_response(std::move(result)), req, m.get())); });
  });
}

void cancel_booking(ApiContext& ctx, const HttpRequest& req, const MerchantPtr& m,
                    const Respond& respond) {
  if (!origin_allowed(req, m.get())) return respond(forbidden_origin());
  ctx.service.cancel(
      req.params[0], bearer_or_query_token(req), [&req, m, respond](AppResult result) {
        respond_guarded(
            respond, [&] { respond(with_cors(result_response(std::move(result)), req, m.get())); });
      });
}

}  // namespace

void install_public_routes(Router& router, ApiContext& ctx) {
  router.get("/v1/merchants/{id}/catalog",
             observed(ctx, "/v1/merchants/{id}/catalog", [&ctx](const HttpRequest& req, Respond r) {
               ctx.service.catalog(req.params[0], reply_with_cors(req, std::move(r)));
             }));
  router.get(
      "/v1/merchants/{id}/availability",
      observed(ctx, "/v1/merchants/{id}/availability", [&ctx](const HttpRequest& req, Respond r) {
        ctx.service.availability(req.params[0], query_map(req), reply_with_cors(req, std::move(r)));
      }));
  router.post(
      "/v1/merchants/{id}/bookings",
      observed(ctx, "/v1/merchants/{id}/bookings", [&ctx](const HttpRequest& req, Respond r) {
        // database_unavailable (503) told apart from an unknown merchant (404).
        ctx.service.merchant_checked(req.params[0],
                                     [&ctx, &req, r](MerchantPtr m, std::optional<ApiError> error) {
                                       respond_guarded(r, [&] {
                                         if (error) return r(error_response(*error));
                                         create_booking(ctx, req, m, r);
                                       });
                                     });
      }));
  auto merchant_preflight =
      observed(ctx, "OPTIONS /v1/merchants/{id}/*", [&ctx](const HttpRequest& req, Respond r) {
        ctx.service.merchant(req.params[0], [&req, r](MerchantPtr m) {
          respond_guarded(r, [&] { r(preflight_response(req, m.get())); });
        });
      });
  for (const char* what : {"catalog", "availability", "bookings"})
    router.options(std::string("/v1/merchants/{id}/") + what, merchant_preflight);

  router.get(
      "/v1/bookings/{id}",
      observed(ctx, "/v1/bookings/{id}", [&ctx](const HttpRequest& req, Respond r) {
        ctx.service.status(
            req.params[0], bearer_or_query_token(req), [&ctx, &req, r](AppResult result) {
              respond_guarded(r, [&] {
                if (result.merchant) return reply_with_cors(req, r)(std::move(result));
                // Not found or not authorised: CORS by the booking's merchant all
                // the same.
                auto shared = std::make_shared<AppResult>(std::move(result));
                ctx.service.merchant_of_booking(req.params[0], [&req, r, shared](MerchantPtr m) {
                  respond_guarded(
                      r, [&] { r(with_cors(result_response(std::move(*shared)), req, m.get())); });
                });
              });
            });
      }));
  router.post("/v1/bookings/{id}/cancel",
              observed(ctx, "/v1/bookings/{id}/cancel", [&ctx](const HttpRequest& req, Respond r) {
                ctx.service.merchant_of_booking(req.params[0], [&ctx, &req, r](MerchantPtr m) {
                  respond_guarded(r, [&] { cancel_booking(ctx, req, m, r); });
                });
              }));
  auto booking_preflight =
      observed(ctx, "OPTIONS /v1/bookings/{id}", [&ctx](const HttpRequest& req, Respond r) {
        ctx.service.merchant_of_booking(req.params[0], [&req, r](MerchantPtr m) {
          respond_guarded(r, [&] { r(preflight_response(req, m.get())); });
        });
      });
  router.options("/v1/bookings/{id}", booking_preflight);
  router.options("/v1/bookings/{id}/cancel", booking_preflight);
}

}  // namespace slotpay::server::http
