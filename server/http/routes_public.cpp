// The public booking API the widget calls: catalog, availability, create booking,
// booking status, cancel and extend-hold (with the booking's access token), CORS
// preflights.
// CORS follows the merchant the request concerns: the use case's answer names it
// (AppResult::merchant); routes that must check the Origin before acting (create,
// cancel) and the preflights look the merchant up first.
#include <map>
#include <memory>
#include <optional>

#include "http/client_address.hpp"
#include "http/cors.hpp"
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

std::map<std::string, std::string> query_map(const HttpRequest& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.query) q.emplace(k, v);  // first value wins
  return q;
}

namespace {

using MerchantPtr = std::shared_ptr<const Merchant>;

// Issue #9: the access token only in Authorization (URLs end up in logs, histories and
// Referer headers); one in the query string is refused, not ignored, so a client that
// sends it learns why.
std::string bearer_token(const HttpRequest& req) {
  std::string auth = req.header("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return "";
}

bool token_in_query(const HttpRequest& req) {
  for (const auto& [k, v] : req.query)
    if (k == "token" || k == "access_token") return true;
  return false;
}

HttpResponse token_in_query_refused(const HttpRequest& req) {
  auto res = error_response({"token_in_query", "token",
                             "send the access token in the Authorization header (Bearer), "
                             "never in the URL",
                             nullptr});
  apply_cors_any_origin(req, res);
  return res;
}

// A booking route's answer: CORS by the booking's merchant when it succeeded (the
// answer names it), else for any origin (refusals are the same for every id).
HttpResponse booking_answer(const HttpRequest& req, AppResult result) {
  auto merchant = result.merchant;
  const bool ok = !result.error;
  auto res = result_response(std::move(result));
  if (ok)
    apply_cors(req, res, merchant.get());
  else
    apply_cors_any_origin(req, res);
  return res;
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
  const std::string who = client_key(req.client_address);
  if (!ctx.limiter.allow(who + "|" + merchant_id, ctx.clock.now_ms())) {
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
  ctx.service.create_booking(
      merchant_id, body,
      [&req, m, respond](AppResult result) {
        respond_guarded(
            respond, [&] { respond(with_cors(result_response(std::move(result)), req, m.get())); });
      },
      who);
}

// The quote route (issue #9): the widget's coupon pricing. Limited like booking
// creation (it reads coupon use counts), so codes cannot be guessed at speed.
void quote_booking(ApiContext& ctx, const HttpRequest& req, const MerchantPtr& m,
                   const Respond& respond) {
  const std::string& merchant_id = req.params[0];
  if (!m)
    return respond(error_response({"merchant_not_found", "merchant", "no such merchant", nullptr}));
  if (!origin_allowed(req, m.get())) return respond(forbidden_origin());
  if (!ctx.limiter.allow(client_key(req.client_address) + "|quote|" + merchant_id,
                         ctx.clock.now_ms())) {
    auto res = error_response({"rate_limited", "", "too many price requests, slow down", nullptr});
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
  ctx.service.quote(merchant_id, body, [&req, m, respond](AppResult result) {
    respond_guarded(respond,
                    [&] { respond(with_cors(result_response(std::move(result)), req, m.get())); });
  });
}

void cancel_booking(ApiContext& ctx, const HttpRequest& req, const MerchantPtr& m,
                    const Respond& respond) {
  // No booking, or an origin its merchant does not allow: the same answer as a wrong
  // token, so that neither tells whether the id exists.
  if (!m || !origin_allowed(req, m.get())) {
    auto res = error_response({"booking_not_found", "", "no such booking for this token", nullptr});
    apply_cors_any_origin(req, res);
    return respond(std::move(res));
  }
  ctx.service.cancel(req.params[0], bearer_token(req), [&req, respond](AppResult result) {
    respond_guarded(respond, [&] { respond(booking_answer(req, std::move(result))); });
  });
}

// Issue #9: the pay step reached, the short first hold becomes the full one. Checked
// like cancel: no booking, or an origin its merchant does not allow, is the same
// answer as a wrong token.
void extend_hold(ApiContext& ctx, const HttpRequest& req, const MerchantPtr& m,
                 const Respond& respond) {
  if (!m || !origin_allowed(req, m.get())) {
    auto res = error_response({"booking_not_found", "", "no such booking for this token", nullptr});
    apply_cors_any_origin(req, res);
    return respond(std::move(res));
  }
  ctx.service.extend_hold(req.params[0], bearer_token(req), [&req, respond](AppResult result) {
    respond_guarded(respond, [&] { respond(booking_answer(req, std::move(result))); });
  });
}

}  // namespace

void install_public_routes(Router& router, ApiContext& ctx) {
  router.get("/v1/merchants/{id}/catalog",
             observed(ctx, "/v1/merchants/{id}/catalog", [&ctx](const HttpRequest& req, Respond r) {
               ctx.service.catalog(req.params[0], reply_with_cors(req, std::move(r)));
             }));
  router.get("/v1/merchants/{id}/availability",
             observed(ctx, "/v1/merchants/{id}/availability",
                      rate_limited(ctx, ctx.read_limiter, "read",
                                   [&ctx](const HttpRequest& req, Respond r) {
                                     ctx.service.availability(req.params[0], query_map(req),
                                                              reply_with_cors(req, std::move(r)));
                                   })));
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
  router.post("/v1/merchants/{id}/quote",
              observed(ctx, "/v1/merchants/{id}/quote", [&ctx](const HttpRequest& req, Respond r) {
                ctx.service.merchant(req.params[0], [&ctx, &req, r](MerchantPtr m) {
                  respond_guarded(r, [&] { quote_booking(ctx, req, m, r); });
                });
              }));
  auto merchant_preflight =
      observed(ctx, "OPTIONS /v1/merchants/{id}/*", [&ctx](const HttpRequest& req, Respond r) {
        ctx.service.merchant(req.params[0], [&req, r](MerchantPtr m) {
          respond_guarded(r, [&] { r(preflight_response(req, m.get())); });
        });
      });
  for (const char* what : {"catalog", "availability", "bookings", "quote"})
    router.options(std::string("/v1/merchants/{id}/") + what, merchant_preflight);

  router.get(
      "/v1/bookings/{id}",
      observed(
          ctx, "/v1/bookings/{id}",
          rate_limited(ctx, ctx.read_limiter, "read", [&ctx](const HttpRequest& req, Respond r) {
            if (token_in_query(req)) return r(token_in_query_refused(req));
            ctx.service.status(req.params[0], bearer_token(req), [&req, r](AppResult result) {
              respond_guarded(r, [&] { r(booking_answer(req, std::move(result))); });
            });
          })));
  router.post(
      "/v1/bookings/{id}/cancel",
      observed(ctx, "/v1/bookings/{id}/cancel",
               rate_limited(
                   ctx, ctx.cancel_limiter, "cancel", [&ctx](const HttpRequest& req, Respond r) {
                     if (token_in_query(req)) return r(token_in_query_refused(req));
                     ctx.service.merchant_of_booking(req.params[0], [&ctx, &req, r](MerchantPtr m) {
                       respond_guarded(r, [&] { cancel_booking(ctx, req, m, r); });
                     });
                   })));
  router.post(
      "/v1/bookings/{id}/extend-hold",
      observed(
          ctx, "/v1/bookings/{id}/extend-hold",
          rate_limited(ctx, ctx.read_limiter, "read", [&ctx](const HttpRequest& req, Respond r) {
            if (token_in_query(req)) return r(token_in_query_refused(req));
            ctx.service.merchant_of_booking(req.params[0], [&ctx, &req, r](MerchantPtr m) {
              respond_guarded(r, [&] { extend_hold(ctx, req, m, r); });
            });
          })));
  // By origin alone: looking the booking up would tell whether it exists.
  auto booking_preflight =
      observed(ctx, "OPTIONS /v1/bookings/{id}",
               [](const HttpRequest& req, Respond r) { r(preflight_any_origin(req)); });
  router.options("/v1/bookings/{id}", booking_preflight);
  router.options("/v1/bookings/{id}/cancel", booking_preflight);
  router.options("/v1/bookings/{id}/extend-hold", booking_preflight);
}

}  // namespace slotpay::server::http
