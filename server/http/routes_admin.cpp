// The operator's routes, behind ADMIN_TOKEN (Authorization: Bearer): seed or update a
// merchant, list a merchant's bookings. No token configured: every call is 401.
#include "app/crypto.hpp"
#include "http/app_adapter.hpp"
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

using ojson = nlohmann::ordered_json;

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

HttpResponse put_merchant(ApiContext& ctx, const HttpRequest& req) {
  nlohmann::json body;
  if (auto err = parse_strict_json(req.body, body)) return error_response(*err);
  if (!body.is_object() || !body.contains("catalog") || !body["catalog"].is_object())
    return error_response({"missing_field", "catalog", "catalog object required", nullptr});
  Merchant m;
  m.id = req.params[0];
  m.catalog_json = body["catalog"].dump();
  m.stripe_account = body.value("stripe_account", "");
  if (body.contains("allowed_origins") && body["allowed_origins"].is_array())
    for (const auto& o : body["allowed_origins"])
      if (o.is_string()) m.allowed_origins.push_back(o.get<std::string>());
  m.created_at_ms = ctx.clock.now_ms();
  ctx.store.upsert_merchant(m);
  return json_response(200, ojson{{"merchant", m.id}});
}

HttpResponse list_bookings(ApiContext& ctx, const HttpRequest& req) {
  ojson list = ojson::array();
  for (const auto& b : ctx.store.bookings_of(req.params[0])) {
    ojson v;
    v["id"] = b.id;
    v["status"] = to_string(b.status);
    v["booking"] = ojson::parse(b.booking_json, nullptr, false);
    v["amount"] = b.amount;
    v["currency"] = b.currency;
    v["payment_intent"] = b.payment_intent_id;
    v["paid_amount"] = b.paid_amount;
    v["refunded_amount"] = b.refunded_amount;
    v["refund_pending"] = b.refund_pending;
    v["pi_cancel_pending"] = b.pi_cancel_pending;
    v["disputed"] = b.disputed;
    list.push_back(v);
  }
  return json_response(200, ojson{{"bookings", list}});
}

}  // namespace

void install_admin_routes(Router& router, ApiContext& ctx) {
  router.put("/v1/admin/merchants/{id}",
             observed(ctx, "/v1/admin/merchants/{id}", [&ctx](const HttpRequest& req, Respond r) {
               if (!admin_ok(ctx, req)) return r(unauthorized());
               call_app(
                   ctx.pool, [&ctx, &req] { return put_merchant(ctx, req); }, std::move(r));
             }));
  router.get(
      "/v1/admin/merchants/{id}/bookings",
      observed(ctx, "/v1/admin/merchants/{id}/bookings", [&ctx](const HttpRequest& req, Respond r) {
        if (!admin_ok(ctx, req)) return r(unauthorized());
        call_app(
            ctx.pool, [&ctx, &req] { return list_bookings(ctx, req); }, std::move(r));
      }));
}

}  // namespace slotpay::server::http
