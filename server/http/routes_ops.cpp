// Operations: /healthz (readiness with the database; a check under a second old is
// answered on the io thread, so it stays fast under load and under attack) and /metrics
// (Prometheus text; the booking gauges are read by the app on a store thread).
#include <string>

#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

Handler metrics_route(ApiContext& ctx, bool require_admin_token) {
  return observed(ctx, "/metrics", [&ctx, require_admin_token](const HttpRequest& req, Respond r) {
    if (require_admin_token && !admin_authorized(ctx, req))
      return r(
          error_response({"unauthorized", "", "metrics need the admin token (Bearer)", nullptr}));
    ctx.service.booking_gauges([&ctx, r](std::string gauges) {
      respond_guarded(r, [&] {
        HttpResponse res;
        res.body = ctx.metrics.render(gauges);
        res.set_header("Content-Type", "text/plain; version=0.0.4");
        r(std::move(res));
      });
    });
  });
}

void install_ops_routes(Router& router, ApiContext& ctx) {
  // Readiness: 503 while the database cannot be reached (the app reuses a check less
  // than a second old, so this costs the database one query a second at most).
  router.get("/healthz", observed(ctx, "/healthz", [&ctx](const HttpRequest&, Respond r) {
               ctx.service.check_database([r](bool ok, const std::string&) {
                 respond_guarded(r, [&] {
                   // The app logs the failed check itself (once per check, not per probe).
                   if (!ok)
                     return r(error_response(
                         {"database_unavailable", "", "the database is unreachable", nullptr}));
                   r(json_response(200, nlohmann::ordered_json{{"ok", true}, {"database", "ok"}}));
                 });
               });
             }));
  // Issue #9: counts for every merchant are the operator's business: on the separate
  // --metrics-listen address when there is one (not here at all), else here behind the
  // admin token (no token configured: never served).
  if (!ctx.options.metrics_listener)
    router.get("/metrics", metrics_route(ctx, /*require_admin_token=*/true));
}

}  // namespace slotpay::server::http
