// The HTTP face of the app: every route (public booking API, Stripe webhook, admin, ops)
// and the static files, installed on a Router. A handler parses, calls the app's
// asynchronous use case (BookingService) directly, and the use case's Reply builds the
// answer and calls Respond, from whichever thread the app finished on (a store thread
// or an io thread). Handlers never block an io thread. Every error body is
// {"error":{code, field, message}} with its status from errors.cpp; an unexpected
// exception becomes a generic 500 whose detail is only logged. Each route is counted in
// the metrics (slotpay_http_requests_total, ..._duration_seconds) and logged.
#pragma once

#include <memory>
#include <string>

#include "app/booking_service.hpp"
#include "app/metrics.hpp"
#include "http/blocking_pool.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace slotpay::server::http {

class StaticFiles;

struct ApiOptions {
  std::string admin_token;              // ADMIN_TOKEN; empty disables the admin routes
  std::string web_dist_dir;             // widget files served at /, if the folder exists
  std::string examples_dir;             // served at /examples/
  bool demo_outbox = false;             // issue #12: /demo/outbox (only with --demo)
  double booking_rate_per_minute = 30;  // per client address and merchant; <= 0: off
  double booking_burst = 10;
  // Issue #9: per-route budgets per client key (IPv4 address, IPv6 /64), per minute; the
  // burst is a fifth of a minute's budget (at least 5). <= 0: off.
  double read_rate_per_minute = 300;  // availability and booking status
  double cancel_rate_per_minute = 20;
  double webhook_rate_per_minute = 1200;  // Stripe sends from a few addresses
  double admin_rate_per_minute = 120;
  size_t webhook_max_body = 512 * 1024;  // Stripe events can be large; JSON routes keep 64 KB
  // Issue #9: embed.html's CSP also allows the local Stripe.js test double
  // (http://127.0.0.1:*). Only with --demo; production names no loopback source.
  bool embed_loopback_sources = false;
  // Issue #9: /metrics is served on a listener of its own (--metrics-listen), without the
  // admin token (install_metrics_listener); the public listener does not serve it.
  bool metrics_listener = false;
  // Issue #10: the dashboard's session cookie carries Secure unless the server is
  // reached over plain http (loopback without --public-url, or an http --public-url).
  bool secure_cookies = true;
};

// What the route files share. Lives as long as the server.
struct ApiContext {
  BookingService& service;
  Metrics& metrics;
  const Clock& clock;
  ApiOptions options;
  RateLimiter limiter;  // booking creation and quotes, per client key and merchant
  RateLimiter read_limiter;
  RateLimiter cancel_limiter;
  RateLimiter webhook_limiter;
  RateLimiter admin_limiter;
};

class Api {
 public:
  // `file_pool` reads static files from disk (the only blocking work the HTTP layer has).
  Api(BookingService& service, Metrics& metrics, const Clock& clock, BlockingPool& file_pool,
      ApiOptions options);
  ~Api();
  // Adds every route and the static files. `router` must not outlive this Api.
  void install(Router& router);
  // The --metrics-listen listener's only route: GET /metrics, no token (the address is
  // the operator's own).
  void install_metrics_listener(Router& router);

 private:
  ApiContext ctx_;
  std::unique_ptr<StaticFiles> files_;
};

}  // namespace slotpay::server::http
