// slotpay-bench: core throughput figures for a realistic catalog. Prints rates,
// never asserts on them (machines are noisy; compare ratios within one run).
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "slotpay/availability.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/json.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"
#include "slotpay/wire.hpp"

namespace {

using nlohmann::json;

// Typed occupancies from the request's "bookings" list (what the server keeps typed).
std::vector<slotpay::Occupancy> occupancies_of(const json& list) {
  std::vector<slotpay::Occupancy> out;
  for (const auto& b : list) {
    slotpay::Occupancy o;
    o.service = b.value("service", "");
    o.staff = b.value("staff", "");
    o.start = slotpay::parse_rfc3339(b.value("start", ""))->instant;
    o.end = slotpay::parse_rfc3339(b.value("end", ""))->instant;
    o.quantity = b.value("quantity", 1);
    out.push_back(o);
  }
  return out;
}
using Clock = std::chrono::steady_clock;

// 20 services with add-ons, tax, deposits, a coupon: what a busy salon configures.
json realistic_catalog() {
  json services = json::array();
  for (int i = 0; i < 20; ++i) {
    services.push_back(
        {{"id", "svc" + std::to_string(i)},
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
           {{"id", "m_bench"},
            {"name", "Bench"},
            {"timezone", "America/New_York"},
            {"currency", "usd"},
            {"platform_fee", {{"rate_bps", 500}, {"fixed", 30}}}}},
          {"services", services},
          {"coupons",
           {{{"code", "WELCOME10"}, {"rate_bps", 1000}}, {{"code", "FIVEOFF"}, {"fixed", 500}}}}};
}

// 10 staff working Mon-Sat 09:00-18:00, a 15-minute grid, 2,000 bookings spread over
// the 90 days asked for: the availability benchmark.
json availability_request() {
  json weekly;
  for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat"})
    weekly[d] = json::array({json::array({"09:00", "18:00"})});
  json staff = json::array();
  for (int i = 0; i < 10; ++i)
    staff.push_back({{"id", "st" + std::to_string(i)}, {"services", {"cut", "color"}}});
  json catalog = {
      {"merchant",
       {{"id", "m_bench"},
        {"name", "Bench"},
        {"timezone", "America/New_York"},
        {"currency", "usd"}}},
      {"schedule", {{"weekly", weekly}, {"slot_interval_min", 15}, {"max_advance_days", 120}}},
      {"staff", staff},
      {"services",
       {{{"id", "cut"},
         {"name", "Cut"},
         {"duration_min", 45},
         {"price", 4500},
         {"buffer_after_min", 15}},
        {{"id", "color"},
         {"name", "Color"},
         {"duration_min", 90},
         {"price", 9000},
         {"buffer_before_min", 10}}}}};
  json bookings = json::array();
  for (int i = 0; i < 2000; ++i) {
    const int64_t day = slotpay::days_from_civil({2026, 12, 1}) + (i * 7) % 90;
    const int minute = 9 * 60 + ((i * 37) % 32) * 15;
    const bool long_one = i % 3 == 0;
    const int64_t start = day * 86400 + minute * 60 + 5 * 3600;  // EST, all before March 8
    const int64_t end = start + (long_one ? 90 : 45) * 60;
    bookings.push_back({{"service", long_one ? "color" : "cut"},
                        {"staff", "st" + std::to_string(i % 10)},
                        {"start", slotpay::format_rfc3339(slotpay::Instant{start}, -5 * 3600)},
                        {"end", slotpay::format_rfc3339(slotpay::Instant{end}, -5 * 3600)},
                        {"quantity", 1}});
  }
  return {{"catalog", catalog},   {"service", "cut"},      {"staff", "any"},
          {"from", "2026-12-01"}, {"to", "2027-03-01"},    {"now", "2026-11-30T12:00:00-05:00"},
          {"bookings", bookings}, {"holds", json::array()}};
}

void bench_availability(double seconds) {
  const json request = availability_request();
  const std::string text = request.dump();
  long calls = 0;
  size_t bytes = 0;
  auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  while (elapsed() < seconds || calls == 0) {
    bytes = slotpay::run("availability", text).body.size();
    ++calls;
  }
  double t = elapsed();
  const size_t slot_count = json::parse(slotpay::run("availability", text).body)["slots"].size();
  std::printf(
      "availability via run() (JSON in and out; 90 days, 10 staff, 15-min grid, 2000 "
      "bookings; request %zu bytes, response %zu bytes, %zu slots): %.0f us/call\n",
      text.size(), bytes, slot_count, 1e6 * t / calls);

  const auto loaded = slotpay::load_catalog(request["catalog"].dump());
  if (!loaded.ok()) return;
  const slotpay::Catalog& catalog = loaded.value->catalog;
  slotpay::SlotQuery q;
  q.service = "cut";
  q.now = slotpay::parse_rfc3339("2026-11-30T12:00:00-05:00")->instant;
  q.occupied = occupancies_of(request["bookings"]);
  const slotpay::TimeZone& zone = loaded.value->zone;
  calls = 0;
  size_t slots = 0;
  start = Clock::now();
  while (elapsed() < seconds || calls == 0) {
    auto r = slotpay::compute_availability(catalog, zone, q, {2026, 12, 1}, {2027, 3, 1});
    if (r.ok()) slots += r.value().size();
    ++calls;
  }
  t = elapsed();
  std::printf(
      "availability typed (catalog and bookings parsed once, no JSON out): %.0f us/call "
      "(%zu slots)\n",
      1e6 * t / calls, slots / static_cast<size_t>(calls));
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::stod(argv[1]) : 1.0;
  // `slotpay-bench SECONDS availability` runs the availability figures only.
  if (argc > 2 && std::string(argv[2]) == "availability") {
    bench_availability(seconds);
    return 0;
  }
  json catalog = realistic_catalog();
  std::vector<std::string> requests;
  for (int i = 0; i < 20; ++i) {
    requests.push_back(json{
        {"catalog", catalog},
        {"booking",
         {{"service", "svc" + std::to_string(i)},
          {"start", "2026-12-01T10:00:00-05:00"},
          {"quantity", 1 + i % 3},
          {"addons", {"a1", "a3"}},
          {"coupon", "WELCOME10"},
          {"tip", 200}}}}.dump());
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
  const auto loaded = slotpay::load_catalog(catalog.dump());
  if (!loaded.ok()) return 1;
  const slotpay::Catalog& parsed = loaded.value->catalog;
  std::vector<slotpay::BookingRequest> bookings;
  for (const auto& r : requests) {
    auto b = slotpay::load_booking_request(json::parse(r)["booking"].dump());
    if (!b.ok()) return 1;
    bookings.push_back(*b.value);
  }
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
  bench_availability(seconds);
  return bytes > 0 && checksum > 0 ? 0 : 1;
}
