#include "app/metrics.hpp"

#include <sstream>

namespace slotpay::server {
namespace {
const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                      0.1,    0.25,  0.5,    1,     2.5,  5};
std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o;
}
}  // namespace

void Metrics::observe_request(const std::string& route, const std::string& method, int status,
                              double seconds) {
  std::string rl = "route=\"" + esc(route) + "\",method=\"" + esc(method) + "\"";
  std::lock_guard<std::mutex> lock(mu_);
  requests_[rl + ",status=\"" + std::to_string(status) + "\""]++;
  auto& h = latency_[rl];
  if (h.buckets.empty()) h.buckets.assign(kBuckets.size(), 0);
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      h.buckets[i]++;
      break;
    }
  h.count++;
  h.sum += seconds;
}

void Metrics::observe_stripe_call(const std::string& operation, int status, bool ok, int attempts) {
  std::string l = "operation=\"" + esc(operation) + "\"";
  std::lock_guard<std::mutex> lock(mu_);
  stripe_calls_[l + ",status=\"" + std::to_string(status) + "\""]++;
  if (!ok) stripe_errors_[l]++;
  if (attempts > 1) stripe_retries_[l] += static_cast<uint64_t>(attempts - 1);
}

void Metrics::count(const std::string& name, const std::string& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  counters_[name + "{" + labels + "}"]++;
}

std::string Metrics::render(const std::string& extra) const {
  std::ostringstream o;
  std::lock_guard<std::mutex> lock(mu_);
  o << "# HELP slotpay_http_requests_total HTTP requests by route, method and status.\n"
       "# TYPE slotpay_http_requests_total counter\n";
  for (const auto& [l, v] : requests_)
    o << "slotpay_http_requests_total{" << l << "} " << v << "\n";
  o << "# HELP slotpay_http_request_duration_seconds Request latency by route.\n"
       "# TYPE slotpay_http_request_duration_seconds histogram\n";
  for (const auto& [l, h] : latency_) {
    uint64_t cum = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cum += h.buckets[i];
      o << "slotpay_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[i] << "\"} "
        << cum << "\n";
    }
    o << "slotpay_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << h.count
      << "\n";
    o << "slotpay_http_request_duration_seconds_sum{" << l << "} " << h.sum << "\n";
    o << "slotpay_http_request_duration_seconds_count{" << l << "} " << h.count << "\n";
  }
  o << "# HELP slotpay_stripe_calls_total Stripe API calls by operation and final status (0: no "
       "response).\n"
       "# TYPE slotpay_stripe_calls_total counter\n";
  for (const auto& [l, v] : stripe_calls_)
    o << "slotpay_stripe_calls_total{" << l << "} " << v << "\n";
  o << "# HELP slotpay_stripe_errors_total Stripe API calls that failed after retries.\n"
       "# TYPE slotpay_stripe_errors_total counter\n";
  for (const auto& [l, v] : stripe_errors_)
    o << "slotpay_stripe_errors_total{" << l << "} " << v << "\n";
  o << "# HELP slotpay_stripe_retries_total Retries made on Stripe API calls.\n"
       "# TYPE slotpay_stripe_retries_total counter\n";
  for (const auto& [l, v] : stripe_retries_)
    o << "slotpay_stripe_retries_total{" << l << "} " << v << "\n";
  std::string last;
  for (const auto& [k, v] : counters_) {
    std::string name = k.substr(0, k.find('{'));
    if (name != last) {
      o << "# TYPE " << name << " counter\n";
      last = name;
    }
    o << k << " " << v << "\n";
  }
  o << extra;
  return o.str();
}

}  // namespace slotpay::server
