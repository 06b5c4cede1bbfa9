// Issue #11 item 3, pay-by-link: the merchant's phone booking (POST /v1/merchant/bookings)
// and link (POST /v1/merchant/bookings/{id}/pay-link), behind merchant_route; and the pay
// page's API, which the server's own pay.html calls (same origin: no CORS), the token in
// the path being the credential: GET /v1/pay/{token}, POST /v1/pay/{token}/intent. Rate
// limited per client like the manage link's routes; answers are never cached.
#include "app/booking_service.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

HttpResponse no_store(HttpResponse res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Reply answer(Respond r) {
  return [r = std::move(r)](AppResult result) {
    respond_guarded(r, [&] { r(no_store(result_response(std::move(result)))); });
  };
}

BookingScope scope_of(const Principal& who, const std::string& booking_id) {
  return BookingScope{who.merchant_id, who.api_key ? who.key_mode : "", booking_id};
}

}  // namespace

void install_pay_routes(Router& router, ApiContext& ctx) {
  // Staff take bookings by phone and send links too (nothing leaves the merchant's
  // account): the permission every merchant user has.
  router.post("/v1/merchant/bookings",
              merchant_route(ctx, "/v1/merchant/bookings", Permission::kReadBookings,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond r) {
                               nlohmann::json body;
                               if (auto err = parse_strict_json(req.body, body))
                                 return r(error_response(*err));
                               ctx.service.phone_booking(scope_of(who, ""), body,
                                                         answer(std::move(r)));
                             }));
  router.post(
      "/v1/merchant/bookings/{id}/pay-link",
      merchant_route(
          ctx, "/v1/merchant/bookings/{id}/pay-link", Permission::kReadBookings,
          [&ctx](const HttpRequest& req, const Principal& who, Respond r) {
            // Body optional: {} or {"send_email": true}.
            nlohmann::json body = nlohmann::json::object();
            if (!req.body.empty())
              if (auto err = parse_strict_json(req.body, body)) return r(error_response(*err));
            bool send = false;
            if (!body.is_object())
              return r(
                  error_response({"invalid_json", "", "the body must be a JSON object", nullptr}));
            for (auto it = body.begin(); it != body.end(); ++it) {
              if (it.key() != "send_email")
                return r(error_response({"unknown_field", it.key(), "unknown field", nullptr}));
              if (!it.value().is_boolean())
                return r(error_response(
                    {"invalid_field", "send_email", "send_email must be true or false", nullptr}));
              send = it.value().get<bool>();
            }
            ctx.service.pay_link(scope_of(who, req.params[0]), send, answer(std::move(r)));
          }));
  router.get("/v1/pay/{token}", observed(ctx, "/v1/pay/{token}",
                                         rate_limited(ctx, ctx.read_limiter, "read",
                                                      [&ctx](const HttpRequest& req, Respond r) {
                                                        ctx.service.pay_view(req.params[0],
                                                                             answer(std::move(r)));
                                                      })));
  router.post("/v1/pay/{token}/intent",
              observed(ctx, "/v1/pay/{token}/intent",
                       rate_limited(ctx, ctx.cancel_limiter, "cancel",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      ctx.service.pay_intent(req.params[0], answer(std::move(r)));
                                    })));
}

}  // namespace slotpay::server::http
