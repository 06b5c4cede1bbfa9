#include "http/api.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "app/log.hpp"
#include "http/client_address.hpp"
#include "http/cors.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"

namespace slotpay::server::http {
namespace {

// A route budget's limiter: a minute's budget refilled continuously, a fifth of it (at
// least 5) as burst.
RateLimiter budget(double per_minute) {
  return RateLimiter(per_minute, std::max(5.0, per_minute / 5));
}

}  // namespace

Handler observed(ApiContext& ctx, std::string route, Handler handler) {
  return [&ctx, route = std::move(route), handler = std::move(handler)](const HttpRequest& req,
                                                                        Respond respond) {
    auto t0 = std::chrono::steady_clock::now();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Respond timed = [&ctx, &route, method = req.method, t0, answered,
                     respond = std::move(respond)](HttpResponse res) {
      if (answered->exchange(true)) return;  // a handler that answers twice: first one wins
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      ctx.metrics.observe_request(route, method, res.status, secs);
      if (request_logging())
        log_info("request", {{"method", method},
                             {"route", route},
                             {"status", res.status},
                             {"ms", static_cast<int64_t>(secs * 1000)}});
      respond(std::move(res));
    };
    try {
      handler(req, timed);
    } catch (const std::exception& e) {
      log_error("unhandled error", {{"route", route}, {"error", e.what()}});
      timed(error_response({"internal_error", "", "internal error", nullptr}));
    }
  };
}

void respond_guarded(const Respond& respond, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    log_error("unhandled error", {{"error", e.what()}});
    respond(error_response({"internal_error", "", "internal error", nullptr}));
  }
}

Reply reply_to(Respond respond) {
  return [respond = std::move(respond)](AppResult result) {
    respond_guarded(respond, [&] { respond(result_response(std::move(result))); });
  };
}

Reply reply_with_cors(const HttpRequest& req, Respond respond) {
  return [&req, respond = std::move(respond)](AppResult result) {
    respond_guarded(respond, [&] {
      auto merchant = result.merchant;
      auto res = result_response(std::move(result));
      apply_cors(req, res, merchant.get());
      respond(std::move(res));
    });
  };
}

Handler rate_limited(ApiContext& ctx, RateLimiter& limiter, std::string group, Handler handler) {
  return [&ctx, &limiter, group = std::move(group), handler = std::move(handler)](
             const HttpRequest& req, Respond respond) {
    if (!limiter.allow(client_key(req.client_address) + "|" + group, ctx.clock.now_ms())) {
      auto res = error_response({"rate_limited", "", "too many requests, slow down", nullptr});
      res.set_header("Retry-After", "10");
      return respond(std::move(res));
    }
    handler(req, std::move(respond));
  };
}

Api::Api(BookingService& service, Metrics& metrics, const Clock& clock, BlockingPool& file_pool,
         ApiOptions options)
    : ctx_{service,
           metrics,
           clock,
           options,
           RateLimiter(options.booking_rate_per_minute, options.booking_burst),
           budget(options.read_rate_per_minute),
           budget(options.cancel_rate_per_minute),
           budget(options.webhook_rate_per_minute),
           budget(options.admin_rate_per_minute)} {
  // The widget's files (loader, bundle, WASM core) are public, credential-free assets
  // that merchant pages on any origin load with fetch()/import(): like a CDN they are
  // served to every origin. The JSON API keeps its per-merchant CORS allow-list.
  files_ = std::make_unique<StaticFiles>(
      std::vector<StaticMount>{{"/examples/", ctx_.options.examples_dir, false},
                               {"/", ctx_.options.web_dist_dir, true}},
      file_pool);
}

Api::~Api() = default;

void Api::install_metrics_listener(Router& router) {
  router.get("/metrics", metrics_route(ctx_, /*require_admin_token=*/false));
}

void Api::install(Router& router) {
  install_ops_routes(router, ctx_);
  install_public_routes(router, ctx_);
  install_webhook_routes(router, ctx_);
  install_admin_routes(router, ctx_);
  install_manage_routes(router, ctx_);
  install_merchant_routes(router, ctx_);
  install_merchant_catalog_routes(router, ctx_);
  install_merchant_money_routes(router, ctx_);
  install_merchant_webhook_routes(router, ctx_);
  install_pay_routes(router, ctx_);
  install_merchant_stripe_routes(router, ctx_);
  if (ctx_.options.demo_outbox) install_demo_routes(router, ctx_);
  install_embed_routes(router, ctx_, *files_);
  router.set_fallback([files = files_.get()](const HttpRequest& req, Respond respond) {
    files->handle(req, respond);
  });
}

}  // namespace slotpay::server::http
