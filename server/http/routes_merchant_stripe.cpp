// The merchant's Stripe connection (issue #10 items 2, 3, 5; docs/api-merchant.md):
// Connect onboarding and its browser redirects, the status, the dashboard link, API-key
// mode, wallet domains. Every route goes through merchant_route (session with CSRF, or an
// API key) with the settings permission, except the status and the domain list (read).
// The onboarding return and refresh are top-level browser navigations from Stripe: they
// are GETs (no CSRF token; the session cookie is SameSite=Lax, so it comes along) and
// answer with redirects, errors included (to the dashboard with ?stripe=error&code=...).
#include <cctype>

#include "app/merchant_mode.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

// The server's base URL: --public-url, else the listening address main() set (loopback
// tests); the request's Host only when neither is known.
std::string base_url(ApiContext& ctx, const HttpRequest& req) {
  const std::string& configured = ctx.service.public_url();
  if (!configured.empty()) return configured;
  return "http://" + req.header("Host");
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

HttpResponse redirect(const std::string& location) {
  HttpResponse res;
  res.status = 302;
  res.set_header("Location", location);
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Type", "text/plain; charset=utf-8");
  res.body = "Redirecting to " + location + "\n";
  return res;
}

// Where the merchant's browser lands after onboarding: the dashboard, told what happened.
std::string dashboard_url(ApiContext& ctx, const HttpRequest& req, const std::string& query) {
  return base_url(ctx, req) + "/dashboard/?" + query;
}

ConnectRequest connect_request(ApiContext& ctx, const HttpRequest& req, const Principal& who) {
  const std::string base = base_url(ctx, req);
  return {who.merchant_id, who.email, base + "/v1/merchant/stripe/return",
          base + "/v1/merchant/stripe/refresh"};
}

std::string webhook_url(ApiContext& ctx, const HttpRequest& req, const std::string& merchant) {
  return base_url(ctx, req) + "/v1/stripe/webhook/" + merchant;
}

// A browser GET of return/refresh: the principal, or a redirect to the dashboard saying why.
void browser_route(ApiContext& ctx, const HttpRequest& req, Respond respond,
                   std::function<void(const Principal&, Respond)> then) {
  authenticate_request(
      ctx, req,
      [&ctx, &req, respond, then = std::move(then)](std::optional<Principal> who,
                                                    std::optional<ApiError> error) {
        respond_guarded(respond, [&] {
          if (!who)
            return respond(redirect(dashboard_url(
                ctx, req,
                "stripe=signin&code=" + url_encode(error ? error->code : "unauthorized"))));
          if (auto refused = require(*who, Permission::kSettings))
            return respond(redirect(
                dashboard_url(ctx, req, "stripe=error&code=" + url_encode(refused->code))));
          then(*who, respond);
        });
      });
}

std::optional<std::string> string_member(const nlohmann::json& body, const char* name,
                                         std::optional<ApiError>& error) {
  if (!body.contains(name)) {
    error = ApiError{"missing_field", name, std::string(name) + " is required", nullptr};
    return std::nullopt;
  }
  if (!body[name].is_string()) {
    error = ApiError{"invalid_field", name, std::string(name) + " must be a string", nullptr};
    return std::nullopt;
  }
  return body[name].get<std::string>();
}

void put_keys(ApiContext& ctx, const HttpRequest& req, const Principal& who, Respond respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return respond(error_response(*err));
  if (!body.is_object())
    return respond(error_response({"invalid_json", "", "a JSON object is required", nullptr}));
  for (const auto& [k, _] : body.items())
    if (k != "publishable_key" && k != "secret_key" && k != "webhook_secret")
      return respond(error_response({"unknown_field", k, "unknown field " + k, nullptr}));
  std::optional<ApiError> error;
  KeysRequest kr;
  kr.merchant_id = who.merchant_id;
  auto pk = string_member(body, "publishable_key", error);
  auto sk = pk ? string_member(body, "secret_key", error) : std::nullopt;
  auto wh = sk ? string_member(body, "webhook_secret", error) : std::nullopt;
  if (error) return respond(error_response(*error));
  kr.keys = {*pk, *sk, *wh};
  if (who.api_key && !who.key_mode.empty() &&
      stripe_key_mode(trim_ascii(*sk), {"sk", "rk"}).value_or(StripeMode::kTest) !=
          stripe_mode_from(who.key_mode).value_or(StripeMode::kTest))
    return respond(
        error_response({"stripe_mode_mismatch", "secret_key",
                        "an API key may only set Stripe keys of its own mode", nullptr}));
  const std::string hook = webhook_url(ctx, req, who.merchant_id);
  ctx.service.stripe_keys_save(kr, [respond, hook](AppResult r) {
    respond_guarded(respond, [&] {
      if (!r.error) r.body["webhook_url"] = hook;
      respond(result_response(std::move(r)));
    });
  });
}

// PUT /v1/merchant/mode {"mode"}: the test/live switch between sides already set up. An
// API key acts within its own mode only, so it cannot move the merchant to the other one.
void put_mode(ApiContext& ctx, const HttpRequest& req, const Principal& who, Respond respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return respond(error_response(*err));
  if (!body.is_object())
    return respond(error_response({"invalid_json", "", "a JSON object is required", nullptr}));
  for (const auto& [k, _] : body.items())
    if (k != "mode")
      return respond(error_response({"unknown_field", k, "unknown field " + k, nullptr}));
  std::optional<ApiError> error;
  auto mode = string_member(body, "mode", error);
  if (error) return respond(error_response(*error));
  if (who.api_key && !who.key_mode.empty() && *mode != who.key_mode)
    return respond(
        error_response({"forbidden", "mode", "an API key acts within its own mode only", nullptr}));
  merchant_mode_use_case(ctx.service.context(), who.merchant_id, *mode,
                         ctx.service.tracked(reply_to(std::move(respond))));
}

}  // namespace

void install_merchant_stripe_routes(Router& router, ApiContext& ctx) {
  router.post("/v1/merchant/stripe/connect",
              merchant_route(ctx, "/v1/merchant/stripe/connect", Permission::kSettings,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                               ctx.service.stripe_connect(connect_request(ctx, req, who),
                                                          reply_to(std::move(respond)));
                             }));
  router.get(
      "/v1/merchant/stripe/return",
      observed(ctx, "/v1/merchant/stripe/return", [&ctx](const HttpRequest& req, Respond respond) {
        browser_route(
            ctx, req, std::move(respond), [&ctx, &req](const Principal& who, Respond respond) {
              ctx.service.stripe_return(who.merchant_id, [&ctx, &req, respond](AppResult r) {
                respond_guarded(respond, [&] {
                  respond(redirect(dashboard_url(
                      ctx, req,
                      r.error ? "stripe=error&code=" + url_encode(r.error->code)
                              : "stripe=return&state=" + url_encode(r.body.value("state", "")))));
                });
              });
            });
      }));
  router.get(
      "/v1/merchant/stripe/refresh",
      observed(ctx, "/v1/merchant/stripe/refresh", [&ctx](const HttpRequest& req, Respond respond) {
        browser_route(ctx, req, std::move(respond),
                      [&ctx, &req](const Principal& who, Respond respond) {
                        ctx.service.stripe_connect(
                            connect_request(ctx, req, who), [&ctx, &req, respond](AppResult r) {
                              respond_guarded(respond, [&] {
                                if (r.error)
                                  return respond(redirect(dashboard_url(
                                      ctx, req, "stripe=error&code=" + url_encode(r.error->code))));
                                respond(redirect(r.body["url"].get<std::string>()));
                              });
                            });
                      });
      }));
  router.get("/v1/merchant/stripe",
             merchant_route(ctx, "/v1/merchant/stripe", Permission::kReadBookings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              ctx.service.stripe_status(who.merchant_id,
                                                        webhook_url(ctx, req, who.merchant_id),
                                                        reply_to(std::move(respond)));
                            }));
  router.post("/v1/merchant/stripe/dashboard-link",
              merchant_route(ctx, "/v1/merchant/stripe/dashboard-link", Permission::kSettings,
                             [&ctx](const HttpRequest&, const Principal& who, Respond respond) {
                               ctx.service.stripe_dashboard_link(who.merchant_id,
                                                                 reply_to(std::move(respond)));
                             }));
  router.put("/v1/merchant/stripe/keys",
             merchant_route(ctx, "/v1/merchant/stripe/keys", Permission::kSettings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              put_keys(ctx, req, who, std::move(respond));
                            }));
  router.put("/v1/merchant/mode",
             merchant_route(ctx, "/v1/merchant/mode", Permission::kSettings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              put_mode(ctx, req, who, std::move(respond));
                            }));
  router.add("DELETE", "/v1/merchant/stripe/keys",
             merchant_route(ctx, "/v1/merchant/stripe/keys", Permission::kSettings,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                              ctx.service.stripe_keys_delete(who.merchant_id,
                                                             req.query_value("mode"),
                                                             reply_to(std::move(respond)));
                            }));
  router.get("/v1/merchant/payment-domains",
             merchant_route(ctx, "/v1/merchant/payment-domains", Permission::kReadBookings,
                            [&ctx](const HttpRequest&, const Principal& who, Respond respond) {
                              ctx.service.payment_domains(who.merchant_id,
                                                          reply_to(std::move(respond)));
                            }));
  router.post("/v1/merchant/payment-domains/sync",
              merchant_route(ctx, "/v1/merchant/payment-domains/sync", Permission::kSettings,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond respond) {
                               ctx.service.sync_payment_domains(who.merchant_id, base_url(ctx, req),
                                                                reply_to(std::move(respond)));
                             }));
}

}  // namespace slotpay::server::http
