#include "http/merchant_guard.hpp"

#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

std::string cookie_value(const HttpRequest& req, std::string_view name) {
  for (const auto& [key, value] : req.headers) {
    if (!iequals(key, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      std::string_view v = pair.substr(eq + 1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return "";
}

bool secure_cookies(std::string_view listen, std::string_view public_url) {
  if (public_url.rfind("https://", 0) == 0) return true;
  if (public_url.rfind("http://", 0) == 0) return false;
  std::string_view host = listen.substr(0, listen.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const bool loopback = host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
  return !loopback;
}

AuthInput auth_input(const HttpRequest& req) {
  AuthInput in;
  in.method = req.method;
  in.session_token = cookie_value(req, kSessionCookie);
  in.csrf_header = req.header(kCsrfHeader);
  in.authorization = req.header("Authorization");
  return in;
}

void authenticate_request(ApiContext& ctx, const HttpRequest& req, AuthDone done) {
  ctx.service.authenticate(auth_input(req), std::move(done));
}

Handler merchant_route(ApiContext& ctx, std::string route, Permission need,
                       MerchantHandler handler) {
  return observed(
      ctx, std::move(route),
      [&ctx, need, handler = std::move(handler)](const HttpRequest& req, Respond respond) {
        authenticate_request(ctx, req,
                             [&req, need, handler, respond](std::optional<Principal> who,
                                                            std::optional<ApiError> error) {
                               respond_guarded(respond, [&] {
                                 if (error) return respond(error_response(*error));
                                 if (auto refused = require(*who, need))
                                   return respond(error_response(*refused));
                                 handler(req, *who, respond);
                               });
                             });
      });
}

}  // namespace slotpay::server::http
