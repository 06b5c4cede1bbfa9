// Micro-benchmark of BeastStripeClient (not a test): N POSTs, C in flight at a time,
// against the in-process loopback stand-in answering each after D ms, or against URL
// (e.g. tests/bench/stripe-standin.mjs). Prints calls/s, latency percentiles and the
// connections the pool opened.
//   stripe_client_bench [N=10000] [C=512] [D=250] [client threads=2] [URL]
#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../server/loopback_http_server.hpp"
#include "stripe/beast_stripe_client.hpp"

using namespace slotpay::server;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::stoi(argv[1]) : 10000;
  const int c = argc > 2 ? std::stoi(argv[2]) : 512;
  const int delay = argc > 3 ? std::stoi(argv[3]) : 250;
  const int threads = argc > 4 ? std::stoi(argv[4]) : 2;
  const std::string url = argc > 5 ? argv[5] : "";

  testing::LoopbackHttpServer server([delay](const testing::SeenRequest&, int) {
    testing::ScriptedAnswer a;
    a.delay_ms = delay;
    return a;
  });
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  BeastStripeClientOptions o;
  o.base_url = url.empty() ? server.base_url() : url;
  o.secret_key = "sk_test_bench";
  BeastStripeClient client(io, o);
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&io] { io.run(); });

  std::mutex mu;
  std::condition_variable cv;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(static_cast<size_t>(n));
  int started = 0, finished = 0, failed = 0;
  // Keys unique per run, so a stand-in that remembers keys never replays.
  const std::string run = "bench_" + std::to_string(Clock::now().time_since_epoch().count()) + "_";
  nlohmann::ordered_json params;
  params["amount"] = 1000;
  params["currency"] = "usd";

  // Keeps C calls in flight: each completion starts the next.
  std::function<void()> start_one = [&] {
    int i;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (started >= n) return;
      i = started++;
    }
    auto t0 = Clock::now();
    client.request("POST", "/v1/payment_intents", params,
                   {"bench", "acct_bench", run + std::to_string(i)}, [&, t0](StripeResponse r) {
                     double ms =
                         std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                     {
                       std::lock_guard<std::mutex> lock(mu);
                       latencies_ms.push_back(ms);
                       if (!r.ok) ++failed;
                       ++finished;
                     }
                     cv.notify_one();
                     start_one();
                   });
  };
  auto t0 = Clock::now();
  for (int i = 0; i < c; ++i) start_one();
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return finished == n; });
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) { return latencies_ms[static_cast<size_t>(p * (n - 1))]; };
  auto stats = client.stats();
  std::printf(
      "stripe client: %d calls, %d in flight, %s, %d client threads\n"
      "  %.0f calls/s, %d failed, latency p50 %.0f ms p99 %.0f ms max %.0f ms\n"
      "  connections opened %llu (in-process server: accepted %d, at most %d open at once)\n",
      n, c,
      url.empty() ? ("in-process stand-in answering after " + std::to_string(delay) + " ms").c_str()
                  : url.c_str(),
      threads, n / secs, failed, pct(0.5), pct(0.99), latencies_ms.back(),
      static_cast<unsigned long long>(stats.connections_opened), server.connections(),
      server.max_concurrent_connections());
  work.reset();
  io.stop();
  for (auto& t : pool) t.join();
  return failed == 0 ? 0 : 1;
}
