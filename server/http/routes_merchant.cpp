// The merchant API (issue #10): sign-up and sign-in (no credentials yet: rate-limited
// per client), then everything behind merchant_route (session cookie + CSRF, or an API
// key; the permission each needs). Handlers only parse and translate; the use cases are
// app/merchant_accounts.hpp. docs/api-merchant.md documents every route.
#include <map>

#include "app/merchant_accounts.hpp"
#include "app/merchant_bookings.hpp"
#include "app/passwords.hpp"
#include "http/client_address.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

using Fields = std::map<std::string, std::string>;

// A JSON object whose members are all strings among `allowed`; an empty body is {}.
std::optional<ApiError> string_fields(const HttpRequest& req,
                                      std::initializer_list<const char*> allowed, Fields& out) {
  nlohmann::json body = nlohmann::json::object();
  if (!req.body.empty())
    if (auto err = parse_strict_json(req.body, body)) return err;
  if (!body.is_object()) return ApiError{"invalid_json", "", "a JSON object is expected", nullptr};
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* name : allowed) known = known || it.key() == name;
    if (!known) return ApiError{"unknown_field", it.key(), "unknown field", nullptr};
    if (!it.value().is_string())
      return ApiError{"invalid_field", it.key(), it.key() + " must be a string", nullptr};
    out[it.key()] = it.value().get<std::string>();
  }
  return std::nullopt;
}

std::string cookie_header(const ApiContext& ctx, const std::string& token, int64_t max_age_s) {
  std::string c = std::string(kSessionCookie) + "=" + token +
                  "; Path=/; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Lax";
  if (ctx.options.secure_cookies) c += "; Secure";
  return c;
}

HttpResponse answer(const ApiContext& ctx, AppResult result, const std::string& token) {
  std::optional<int64_t> retry;
  if (result.error && result.error->code == "too_many_attempts" &&
      result.error->details.contains("retry_after_s"))
    retry = result.error->details["retry_after_s"].get<int64_t>();
  HttpResponse res = result_response(std::move(result));
  if (!token.empty())
    res.set_header(
        "Set-Cookie",
        cookie_header(ctx, token, ctx.service.context().config.session_max_age_ms / 1000));
  if (retry) res.set_header("Retry-After", std::to_string(*retry));
  return res;
}

SessionReply session_reply(ApiContext& ctx, Respond respond) {
  return [&ctx, respond = std::move(respond), token = ctx.service.in_flight_token()](
             AppResult r, std::string session_token) {
    respond_guarded(respond, [&] { respond(answer(ctx, std::move(r), session_token)); });
  };
}

Reply tracked(ApiContext& ctx, Respond respond) {
  return ctx.service.tracked(reply_to(std::move(respond)));
}

void signup(ApiContext& ctx, const HttpRequest& req, Respond respond) {
  Fields f;
  if (auto err =
          string_fields(req, {"email", "password", "business_name", "timezone", "currency"}, f))
    return respond(error_response(*err));
  for (const char* need : {"email", "password", "business_name"})
    if (!f.count(need))
      return respond(error_response({"missing_field", need, "required", nullptr}));
  SignupInput in;
  in.email = f["email"];
  in.password = f["password"];
  in.business_name = f["business_name"];
  if (f.count("timezone")) in.timezone = f["timezone"];
  if (f.count("currency")) in.currency = f["currency"];
  signup_use_case(ctx.service.context(), in, session_reply(ctx, std::move(respond)));
}

void signin(ApiContext& ctx, const HttpRequest& req, Respond respond) {
  Fields f;
  if (auto err = string_fields(req, {"email", "password"}, f)) return respond(error_response(*err));
  for (const char* need : {"email", "password"})
    if (!f.count(need))
      return respond(error_response({"missing_field", need, "required", nullptr}));
  signin_use_case(ctx.service.context(), f["email"], f["password"], client_key(req.client_address),
                  session_reply(ctx, std::move(respond)));
}

}  // namespace

void install_merchant_routes(Router& router, ApiContext& ctx) {
  AppContext* app = &ctx.service.context();
  // No credentials yet: a budget per client key (the sign-in throttle counts failures).
  router.post("/v1/merchant/signup",
              observed(ctx, "/v1/merchant/signup",
                       rate_limited(ctx, ctx.cancel_limiter, "signup",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      signup(ctx, req, std::move(r));
                                    })));
  router.post("/v1/merchant/signin",
              observed(ctx, "/v1/merchant/signin",
                       rate_limited(ctx, ctx.read_limiter, "signin",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      signin(ctx, req, std::move(r));
                                    })));
  router.post("/v1/merchant/signout",
              merchant_route(ctx, "/v1/merchant/signout", Permission::kOwnPassword,
                             [&ctx, app](const HttpRequest&, const Principal& who, Respond r) {
                               signout_use_case(*app, who, [&ctx, r](AppResult result) {
                                 respond_guarded(r, [&] {
                                   HttpResponse res = result_response(std::move(result));
                                   if (res.status == 200)
                                     res.set_header("Set-Cookie", cookie_header(ctx, "", 0));
                                   r(std::move(res));
                                 });
                               });
                             }));
  router.get("/v1/merchant/me",
             merchant_route(ctx, "/v1/merchant/me", Permission::kReadBookings,
                            [&ctx, app](const HttpRequest&, const Principal& who, Respond r) {
                              me_use_case(*app, who, tracked(ctx, std::move(r)));
                            }));
  router.post(
      "/v1/merchant/password",
      merchant_route(ctx, "/v1/merchant/password", Permission::kOwnPassword,
                     [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                       Fields f;
                       if (auto err = string_fields(req, {"current_password", "new_password"}, f))
                         return r(error_response(*err));
                       for (const char* need : {"current_password", "new_password"})
                         if (!f.count(need))
                           return r(error_response({"missing_field", need, "required", nullptr}));
                       change_password_use_case(*app, who, f["current_password"], f["new_password"],
                                                tracked(ctx, std::move(r)));
                     }));
  // Users: owners only.
  router.get("/v1/merchant/users",
             merchant_route(ctx, "/v1/merchant/users", Permission::kManageUsers,
                            [&ctx, app](const HttpRequest&, const Principal& who, Respond r) {
                              list_users_use_case(*app, who, tracked(ctx, std::move(r)));
                            }));
  router.post(
      "/v1/merchant/users",
      merchant_route(ctx, "/v1/merchant/users", Permission::kManageUsers,
                     [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                       Fields f;
                       if (auto err = string_fields(req, {"email", "password", "role"}, f))
                         return r(error_response(*err));
                       for (const char* need : {"email", "password", "role"})
                         if (!f.count(need))
                           return r(error_response({"missing_field", need, "required", nullptr}));
                       create_user_use_case(*app, who, f["email"], f["password"], f["role"],
                                            tracked(ctx, std::move(r)));
                     }));
  router.add("DELETE", "/v1/merchant/users/{id}",
             merchant_route(ctx, "/v1/merchant/users/{id}", Permission::kManageUsers,
                            [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                              delete_user_use_case(*app, who, req.params[0],
                                                   tracked(ctx, std::move(r)));
                            }));
  // API keys: an owner's session (an API key cannot make or see keys).
  router.get("/v1/merchant/api-keys",
             merchant_route(ctx, "/v1/merchant/api-keys", Permission::kManageApiKeys,
                            [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                              list_api_keys_use_case(*app, who, req.query_value("mode"),
                                                     tracked(ctx, std::move(r)));
                            }));
  router.post("/v1/merchant/api-keys",
              merchant_route(ctx, "/v1/merchant/api-keys", Permission::kManageApiKeys,
                             [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                               Fields f;
                               if (auto err = string_fields(req, {"name", "mode"}, f))
                                 return r(error_response(*err));
                               create_api_key_use_case(*app, who, f["name"], f["mode"],
                                                       tracked(ctx, std::move(r)));
                             }));
  router.add("DELETE", "/v1/merchant/api-keys/{id}",
             merchant_route(ctx, "/v1/merchant/api-keys/{id}", Permission::kManageApiKeys,
                            [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                              revoke_api_key_use_case(*app, who, req.params[0],
                                                      tracked(ctx, std::move(r)));
                            }));
  router.get("/v1/merchant/bookings",
             merchant_route(ctx, "/v1/merchant/bookings", Permission::kReadBookings,
                            [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                              merchant_bookings_use_case(*app, who, req.query_value("mode"),
                                                         req.query_value("q"),
                                                         tracked(ctx, std::move(r)));
                            }));
  // Issue #13: one booking, its customer and its payment history.
  router.get("/v1/merchant/bookings/{id}",
             merchant_route(ctx, "/v1/merchant/bookings/{id}", Permission::kReadBookings,
                            [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
                              merchant_booking_detail_use_case(*app, who, req.params[0],
                                                               tracked(ctx, std::move(r)));
                            }));
}

}  // namespace slotpay::server::http
