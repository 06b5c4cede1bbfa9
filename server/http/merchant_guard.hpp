// The merchant API's guard (issue #10): every /v1/merchant/... route but sign-up and
// sign-in goes through merchant_route, which turns the request into a Principal (the
// session cookie with its CSRF header, or an API key: app/merchant_auth.hpp), checks the
// permission the route needs (403 forbidden naming it) and only then calls the handler.
//
//   router.get("/v1/merchant/bookings",
//              merchant_route(ctx, "/v1/merchant/bookings", Permission::kReadBookings,
//                             [&ctx](const HttpRequest& req, const Principal& who,
//                                    Respond respond) { ... who.merchant_id ... }));
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "app/merchant_auth.hpp"
#include "http/api.hpp"
#include "http/message.hpp"

namespace slotpay::server::http {

// A cookie's value from the request's Cookie header(s); "" when absent.
std::string cookie_value(const HttpRequest& req, std::string_view name);
// Whether the session cookie carries Secure: an http(s) --public-url decides; without
// one, Secure unless the server listens on a loopback host (127.x, localhost, ::1).
bool secure_cookies(std::string_view listen_host_port, std::string_view public_url);
// What authenticate needs from a request.
AuthInput auth_input(const HttpRequest& req);

// Looks the caller up; `done` gets a Principal or the error to answer (from a store
// thread, or at once). `req` must stay valid until then (it does until respond).
void authenticate_request(ApiContext& ctx, const HttpRequest& req, AuthDone done);

using MerchantHandler =
    std::function<void(const HttpRequest& req, const Principal& who, Respond respond)>;
// observed(route) + authentication + permission `need`, then `handler`. Errors:
// 401 unauthorized / session_expired / invalid_api_key / api_key_revoked, 403
// csrf_failed / forbidden (field: the permission), 503 database_unavailable.
Handler merchant_route(ApiContext& ctx, std::string route, Permission need,
                       MerchantHandler handler);

}  // namespace slotpay::server::http
