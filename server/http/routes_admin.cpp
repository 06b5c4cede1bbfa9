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

bool admin_ok(const ApiContext& ctx, const HttpRequest& req) { return admin_authorized(ctx, req); }

HttpResponse unauthorized() {
  return error_response({"unauthorized", "", "admin token required", nullptr});
}

void put_merchant(ApiContext& ctx, const HttpRequest& req, Respond respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return respond(error_response(*err));
  if (!body.is_object() || !body.contains("catalog") || !body["catalog"].is_object())
    return respond(
        error_response({"missing_field", "catalog", "catalog object required", nullptr}));
  // Issue #9: a field of the wrong type is a 400 naming it, never a 500.
  if (body.contains("stripe_account") && !body["stripe_account"].is_string())
    return respond(error_response(
        {"invalid_field", "stripe_account", "stripe_account must be a string", nullptr}));
  if (body.contains("allowed_origins")) {
    const auto& list = body["allowed_origins"];
    if (!list.is_array())
      return respond(error_response({"invalid_field", "allowed_origins",
                                     "allowed_origins must be an array of strings", nullptr}));
    for (size_t i = 0; i < list.size(); ++i)
      if (!list[i].is_string())
        return respond(
            error_response({"invalid_field", "allowed_origins[" + std::to_string(i) + "]",
                            "each allowed origin must be a string", nullptr}));
  }
  MerchantInput m;
  m.id = req.params[0];
  m.catalog = std::move(body["catalog"]);
  m.stripe_account = body.value("stripe_account", "");
  if (body.contains("allowed_origins"))
    for (const auto& o : body["allowed_origins"]) m.allowed_origins.push_back(o.get<std::string>());
  ctx.service.save_merchant(m, reply_to(std::move(respond)));
}

// PATCH body: {"status": "active"|"suspended", "platform_fee": {"rate_bps", "fixed"} | null}.
void patch_merchant(ApiContext& ctx, const HttpRequest& req, Respond respond) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return respond(error_response(*err));
  if (!body.is_object())
    return respond(error_response({"invalid_json", "", "a JSON object is expected", nullptr}));
  OperatorSettings s;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const auto& v = it.value();
    if (it.key() == "status") {
      if (!v.is_string())
        return respond(error_response({"invalid_field", "status", "a string", nullptr}));
      s.status = v.get<std::string>();
    } else if (it.key() == "platform_fee") {
      if (v.is_null()) {
        s.fee = std::optional<FeeSetting>{};
        continue;
      }
      FeeSetting f;
      for (auto [name, out] : {std::pair{"rate_bps", &f.rate_bps}, std::pair{"fixed", &f.fixed}}) {
        if (!v.is_object() || (v.contains(name) && !v[name].is_number_integer()))
          return respond(error_response(
              {"invalid_field", std::string("platform_fee.") + name, "an integer", nullptr}));
        *out = v.value(name, int64_t{0});
      }
      s.fee = std::optional<FeeSetting>{f};
    } else {
      return respond(error_response({"unknown_field", it.key(), "unknown field", nullptr}));
    }
  }
  ctx.service.admin_merchant_settings(req.params[0], s, reply_to(std::move(respond)));
}

}  // namespace

bool admin_authorized(const ApiContext& ctx, const HttpRequest& req) {
  if (ctx.options.admin_token.empty()) return false;
  std::string auth = req.header("Authorization");
  std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
  // Equal-length digests make the comparison constant-time in the token's length too.
  return constant_time_equal(sha256_hex(given), sha256_hex(ctx.options.admin_token));
}

void install_admin_routes(Router& router, ApiContext& ctx) {
  router.put("/v1/admin/merchants/{id}",
             observed(ctx, "/v1/admin/merchants/{id}",
                      rate_limited(ctx, ctx.admin_limiter, "admin",
                                   [&ctx](const HttpRequest& req, Respond r) {
                                     if (!admin_ok(ctx, req)) return r(unauthorized());
                                     put_merchant(ctx, req, std::move(r));
                                   })));
  router.get("/v1/admin/merchants",
             observed(ctx, "/v1/admin/merchants",
                      rate_limited(ctx, ctx.admin_limiter, "admin",
                                   [&ctx](const HttpRequest& req, Respond r) {
                                     if (!admin_ok(ctx, req)) return r(unauthorized());
                                     ctx.service.admin_merchants(reply_to(std::move(r)));
                                   })));
  router.add("PATCH", "/v1/admin/merchants/{id}",
             observed(ctx, "/v1/admin/merchants/{id}",
                      rate_limited(ctx, ctx.admin_limiter, "admin",
                                   [&ctx](const HttpRequest& req, Respond r) {
                                     if (!admin_ok(ctx, req)) return r(unauthorized());
                                     patch_merchant(ctx, req, std::move(r));
                                   })));
  router.get(
      "/v1/admin/merchants/{id}/bookings",
      observed(
          ctx, "/v1/admin/merchants/{id}/bookings",
          rate_limited(ctx, ctx.admin_limiter, "admin", [&ctx](const HttpRequest& req, Respond r) {
            if (!admin_ok(ctx, req)) return r(unauthorized());
            ctx.service.admin_bookings(req.params[0], reply_to(std::move(r)));
          })));
  // Issue #12: the secret URLs of the merchant's calendar feeds (its own, each staff
  // member's), for the operator to hand over until the dashboard shows them.
  router.get("/v1/admin/merchants/{id}/feeds",
             observed(ctx, "/v1/admin/merchants/{id}/feeds",
                      rate_limited(ctx, ctx.admin_limiter, "admin",
                                   [&ctx](const HttpRequest& req, Respond r) {
                                     if (!admin_ok(ctx, req)) return r(unauthorized());
                                     ctx.service.feed_urls(req.params[0], reply_to(std::move(r)));
                                   })));
}

}  // namespace slotpay::server::http
