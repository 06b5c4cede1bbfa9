// Operations: /healthz (answered on the io thread: it must stay fast under load and
// under attack) and /metrics (Prometheus text; the booking gauges are read by the app
// on a store thread).
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

void install_ops_routes(Router& router, ApiContext& ctx) {
  router.get("/healthz", observed(ctx, "/healthz", [](const HttpRequest&, Respond r) {
               r(json_response(200, nlohmann::ordered_json{{"ok", true}}));
             }));
  // Issue #9: counts for every merchant are the operator's business: behind the admin
  // token (no token configured: never served).
  router.get("/metrics", observed(ctx, "/metrics", [&ctx](const HttpRequest& req, Respond r) {
               if (!admin_authorized(ctx, req))
                 return r(error_response(
                     {"unauthorized", "", "metrics need the admin token (Bearer)", nullptr}));
               ctx.service.booking_gauges([&ctx, r](std::string gauges) {
                 respond_guarded(r, [&] {
                   HttpResponse res;
                   res.body = ctx.metrics.render(gauges);
                   res.set_header("Content-Type", "text/plain; version=0.0.4");
                   r(std::move(res));
                 });
               });
             }));
}

}  // namespace slotpay::server::http
