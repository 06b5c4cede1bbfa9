// The public booking API the widget calls: catalog, availability, create booking,
// booking status and cancel (with the booking's access token), CORS preflights.
#include <map>

#include "http/app_adapter.hpp"
#include "http/cors.hpp"
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

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

HttpResponse with_cors(HttpResponse res, const HttpRequest& req, const std::optional<Merchant>& m) {
  apply_cors(req, res, m ? &*m : nullptr);
  return res;
}

HttpResponse create_booking(ApiContext& ctx, const HttpRequest& req) {
  const std::string& merchant_id = req.params[0];
  auto m = ctx.service.merchant(merchant_id);
  if (!m) return error_response({"merchant_not_found", "merchant", "no such merchant", nullptr});
  if (!origin_allowed(req, &*m))
    return error_response({"forbidden_origin", "Origin", "this origin is not allowed", nullptr});
  if (!ctx.limiter.allow(req.client_address + "|" + merchant_id, ctx.clock.now_ms())) {
    auto res =
        error_response({"rate_limited", "", "too many booking attempts, slow down", nullptr});
    res.set_header("Retry-After", "10");
    return with_cors(std::move(res), req, m);
  }
  if (!is_json_content(req))
    return with_cors(error_response({"unsupported_media_type", "Content-Type",
                                     "send the booking as application/json", nullptr}),
                     req, m);
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return with_cors(error_response(*err), req, m);
  return with_cors(result_response(ctx.service.create_booking(merchant_id, body)), req, m);
}

}  // namespace

void install_public_routes(Router& router, ApiContext& ctx) {
  router.get("/v1/merchants/{id}/catalog",
             observed(ctx, "/v1/merchants/{id}/catalog", [&ctx](const HttpRequest& req, Respond r) {
               call_app(
                   ctx.pool,
                   [&ctx, &req] {
                     auto m = ctx.service.merchant(req.params[0]);
                     return with_cors(result_response(ctx.service.catalog(req.params[0])), req, m);
                   },
                   std::move(r));
             }));
  router.get(
      "/v1/merchants/{id}/availability",
      observed(ctx, "/v1/merchants/{id}/availability", [&ctx](const HttpRequest& req, Respond r) {
        call_app(
            ctx.pool,
            [&ctx, &req] {
              auto m = ctx.service.merchant(req.params[0]);
              auto result = ctx.service.availability(req.params[0], query_map(req));
              return with_cors(result_response(result), req, m);
            },
            std::move(r));
      }));
  router.post(
      "/v1/merchants/{id}/bookings",
      observed(ctx, "/v1/merchants/{id}/bookings", [&ctx](const HttpRequest& req, Respond r) {
        call_app(
            ctx.pool, [&ctx, &req] { return create_booking(ctx, req); }, std::move(r));
      }));
  auto merchant_preflight =
      observed(ctx, "OPTIONS /v1/merchants/{id}/*", [&ctx](const HttpRequest& req, Respond r) {
        call_app(
            ctx.pool,
            [&ctx, &req] {
              auto m = ctx.service.merchant(req.params[0]);
              return preflight_response(req, m ? &*m : nullptr);
            },
            std::move(r));
      });
  for (const char* what : {"catalog", "availability", "bookings"})
    router.options(std::string("/v1/merchants/{id}/") + what, merchant_preflight);

  router.get("/v1/bookings/{id}",
             observed(ctx, "/v1/bookings/{id}", [&ctx](const HttpRequest& req, Respond r) {
               call_app(
                   ctx.pool,
                   [&ctx, &req] {
                     const std::string& id = req.params[0];
                     auto m = ctx.service.merchant(ctx.service.merchant_of_booking(id));
                     return with_cors(
                         result_response(ctx.service.status(id, bearer_or_query_token(req))), req,
                         m);
                   },
                   std::move(r));
             }));
  router.post("/v1/bookings/{id}/cancel",
              observed(ctx, "/v1/bookings/{id}/cancel", [&ctx](const HttpRequest& req, Respond r) {
                call_app(
                    ctx.pool,
                    [&ctx, &req] {
                      const std::string& id = req.params[0];
                      auto m = ctx.service.merchant(ctx.service.merchant_of_booking(id));
                      if (!origin_allowed(req, m ? &*m : nullptr))
                        return error_response(
                            {"forbidden_origin", "Origin", "this origin is not allowed", nullptr});
                      return with_cors(
                          result_response(ctx.service.cancel(id, bearer_or_query_token(req))), req,
                          m);
                    },
                    std::move(r));
              }));
  auto booking_preflight =
      observed(ctx, "OPTIONS /v1/bookings/{id}", [&ctx](const HttpRequest& req, Respond r) {
        call_app(
            ctx.pool,
            [&ctx, &req] {
              auto m = ctx.service.merchant(ctx.service.merchant_of_booking(req.params[0]));
              return preflight_response(req, m ? &*m : nullptr);
            },
            std::move(r));
      });
  router.options("/v1/bookings/{id}", booking_preflight);
  router.options("/v1/bookings/{id}/cancel", booking_preflight);
}

}  // namespace slotpay::server::http
