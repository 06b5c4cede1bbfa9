// Operations: /healthz (answered on the io thread: it must stay fast under load and
// under attack) and /metrics (Prometheus text; the booking gauges read the store).
#include "http/app_adapter.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {

void install_ops_routes(Router& router, ApiContext& ctx) {
  router.get("/healthz", observed(ctx, "/healthz", [](const HttpRequest&, Respond r) {
               r(json_response(200, nlohmann::ordered_json{{"ok", true}}));
             }));
  router.get("/metrics", observed(ctx, "/metrics", [&ctx](const HttpRequest&, Respond r) {
               call_app(
                   ctx.pool,
                   [&ctx] {
                     HttpResponse res;
                     res.body = ctx.metrics.render(ctx.service.booking_gauges());
                     res.set_header("Content-Type", "text/plain; version=0.0.4");
                     return res;
                   },
                   std::move(r));
             }));
}

}  // namespace slotpay::server::http
