// The HTTP face: routes on a cpp-httplib server. A handler parses, calls the
// app (BookingService), serialises. Every error body is {"error":{code, field,
// message}} with its status from errors.cpp; an unexpected exception becomes a
// generic 500 whose detail is only logged.
#pragma once

#include <memory>
#include <string>

#include "app/booking_service.hpp"
#include "app/metrics.hpp"
#include "http/rate_limiter.hpp"

namespace httplib {
class Server;
}

namespace slotpay::server {

struct ApiOptions {
  std::string admin_token;              // ADMIN_TOKEN; empty disables the admin routes
  std::string web_dist_dir;             // widget files served at /, if the folder exists
  std::string examples_dir;             // served at /examples/
  double booking_rate_per_minute = 30;  // per client address and merchant; <= 0: off
  double booking_burst = 10;
  size_t max_body_bytes = 64 * 1024;
};

class Api {
 public:
  Api(BookingService& service, Metrics& metrics, const Clock& clock, ApiOptions options);
  void install(httplib::Server& server);

 private:
  BookingService& service_;
  Metrics& metrics_;
  const Clock& clock_;
  ApiOptions options_;
  RateLimiter limiter_;
};

}  // namespace slotpay::server
