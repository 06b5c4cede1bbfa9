// The operator's routes, behind ADMIN_TOKEN (Authorization: Bearer): seed or update a
// merchant (its catalog validated by the core: 422 invalid_catalog with every error,
// the old catalog kept), list a merchant's bookings. No token configured: every call
// is 401.
#include "app/crypto.hpp"
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

bool admin_ok(const ApiContext& ctx, const HttpRequest& req) {
  if (ctx.options.admin_token.empty()) return false;
  std::string auth = req.header("Authorization");
  std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
  // Equal-length digests make the comparison constant-time in the token's length too.
  return constant_time_equal(sha256_hex(given), sha256_hex(ctx.options.admin_token));
}

HttpResponse unauthorized() {
  return error_response({"unauthorized", "", "admin token required", nullptr});
}

void put_merchant(ApiContext& ctx, const HttpRequest& req, Respond respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return respond(error_response(*err));
  if (!body.is_object() || !body.contains("catalog") || !body["catalog"].is_object())
    return respond(
        error_response({"missing_field", "catalog", "catalog object required", nullptr}));
  MerchantInput m;
  m.id = req.params[0];
  m.catalog = std::move(body["catalog"]);
  m.stripe_account = body.value("stripe_account", "");
  if (body.contains("allowed_origins") && body["allowed_origins"].is_array())
    for (const auto& o : body["allowed_origins"])
      if (o.is_string()) m.allowed_origins.push_back(o.get<std::string>());
  ctx.service.save_merchant(m, reply_to(std::move(respond)));
}

}  // namespace

void install_admin_routes(Router& router, ApiContext& ctx) {
  router.put("/v1/admin/merchants/{id}",
             observed(ctx, "/v1/admin/merchants/{id}", [&ctx](const HttpRequest& req, Respond r) {
               if (!admin_ok(ctx, req)) return r(unauthorized());
               put_merchant(ctx, req, std::move(r));
             }));
  router.get(
      "/v1/admin/merchants/{id}/bookings",
      observed(ctx, "/v1/admin/merchants/{id}/bookings", [&ctx](const HttpRequest& req, Respond r) {
        if (!admin_ok(ctx, req)) return r(unauthorized());
        ctx.service.admin_bookings(req.params[0], reply_to(std::move(r)));
      }));
}

}  // namespace slotpay::server::http
