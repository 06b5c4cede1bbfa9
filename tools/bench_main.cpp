// slotpay-bench: core throughput figures for a realistic catalog. Prints rates,
// never asserts on them (machines are noisy; compare ratios within one run).
#include <chrono>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/json.hpp"
#include "slotpay/quote.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// 20 services with add-ons, tax, deposits, a coupon: what a busy salon configures.
json realistic_catalog() {
  json services = json::array();
  for (int i = 0; i < 20; ++i) {
    services.push_back({{"id", "svc" + std::to_string(i)},
                        {"name", "Service " + std::to_string(i)},
                        {"duration_min", 30 + 15 * (i % 4)},
                        {"price", 2500 + 250 * i},
                        {"payment", "stripe"},
                        {"deposit", {{"rate_bps", 2500}}},
                        {"tax", {{"rate_bps", 825}, {"inclusive", i % 2 == 0}}},
                        {"addons",
                         {{{"id", "a1"}, {"name", "Extra 1"}, {"price", 500}, {"duration_min", 10}},
                          {{"id", "a2"}, {"name", "Extra 2"}, {"price", 1250}, {"duration_min", 15}},
                          {{"id", "a3"}, {"name", "Extra 3"}, {"price", 300}}}}});
  }
  return {{"merchant",
           {{"id", "m_bench"}, {"name", "Bench"}, {"timezone", "America/New_York"},
            {"currency", "usd"}, {"platform_fee", {{"rate_bps", 500}, {"fixed", 30}}}}},
          {"services", services},
          {"coupons", {{{"code", "WELCOME10"}, {"rate_bps", 1000}}, {{"code", "FIVEOFF"}, {"fixed", 500}}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::stod(argv[1]) : 1.0;
  json catalog = realistic_catalog();
  std::vector<std::string> requests;
  for (int i = 0; i < 20; ++i) {
    requests.push_back(json{{"catalog", catalog},
                            {"booking",
                             {{"service", "svc" + std::to_string(i)},
                              {"start", "2026-12-01T10:00:00-05:00"},
                              {"quantity", 1 + i % 3},
                              {"addons", {"a1", "a3"}},
                              {"coupon", "WELCOME10"},
                              {"tip", 200}}}}
                           .dump());
  }
  long calls = 0;
  size_t bytes = 0;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  while (elapsed() < seconds) {
    for (const auto& r : requests) bytes += slotpay::run("quote", r).body.size();
    calls += static_cast<long>(requests.size());
  }
  const double t = elapsed();
  std::printf("quote: %ld calls in %.2f s = %.0f quotes/s (%.1f us/quote, request %zu bytes)\n",
              calls, t, calls / t, 1e6 * t / calls, requests[0].size());

  // The same quotes with the catalog parsed once, as the server does per request
  // batch: the pricing itself, without JSON decoding of the catalog.
  slotpay::Errors errors;
  const slotpay::Catalog parsed = slotpay::parse_catalog(catalog, "catalog", errors);
  std::vector<slotpay::BookingRequest> bookings;
  for (const auto& r : requests)
    bookings.push_back(slotpay::parse_booking_request(json::parse(r)["booking"], "booking", errors));
  if (!errors.empty()) return 1;
  long typed_calls = 0;
  int64_t checksum = 0;
  const auto start2 = Clock::now();
  auto elapsed2 = [&] { return std::chrono::duration<double>(Clock::now() - start2).count(); };
  while (elapsed2() < seconds) {
    for (const auto& b : bookings) {
      auto q = slotpay::compute_quote(parsed, b);
      if (q.ok()) checksum += q.value().total;
    }
    typed_calls += static_cast<long>(bookings.size());
  }
  const double t2 = elapsed2();
  std::printf("quote (catalog parsed once): %.0f quotes/s (%.2f us/quote)\n", typed_calls / t2,
              1e6 * t2 / typed_calls);
  return bytes > 0 && checksum > 0 ? 0 : 1;
}
