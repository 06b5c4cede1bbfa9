// Prometheus text metrics: requests and latency by route, Stripe calls and
// errors by operation. Bookings by state are read from the store at scrape time.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace slotpay::server {

class Metrics {
 public:
  void observe_request(const std::string& route, const std::string& method, int status,
                       double seconds);
  void observe_stripe_call(const std::string& operation, int status, bool ok, int attempts);
  void count(const std::string& name, const std::string& labels);  // generic counter +1

  // The exposition text; extra lines (gauges computed by the caller) are appended.
  std::string render(const std::string& extra) const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative at render time
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> requests_;      // labels -> count
  std::map<std::string, Histogram> latency_;      // route labels -> histogram
  std::map<std::string, uint64_t> stripe_calls_;  // labels -> count
  std::map<std::string, uint64_t> stripe_errors_;
  std::map<std::string, uint64_t> stripe_retries_;
  std::map<std::string, uint64_t> counters_;  // "name{labels}" -> count
};

}  // namespace slotpay::server
