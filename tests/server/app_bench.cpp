// server_app_bench: the app and the store without HTTP, to see what they cost. Drives
// BookingService directly with a fixed number of requests in flight (a closed loop,
// like wrk's connections) and a Stripe stand-in answering PaymentIntent creates after
// a delay on a timer thread. Prints figures; asserts nothing. Not run by ctest.
//   server_app_bench [--seconds 5] [--create-inflight 512] [--avail-inflight 64]
//                    [--delay-ms 250] [--readers 2] [--batch 64] [--db PATH]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <queue>
#include <sstream>
#include <thread>

#include "app/booking_service.hpp"
#include "store/sqlite_store.hpp"

using namespace slotpay::server;
using Clock_ = std::chrono::steady_clock;

namespace {

// Answers after `delay_ms` from one timer thread, as a slow Stripe would.
class DelayedStripe final : public StripeClient {
 public:
  explicit DelayedStripe(int delay_ms) : delay_(delay_ms), thread_([this] { loop(); }) {}
  ~DelayedStripe() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void request(const std::string&, const std::string& path, const nlohmann::ordered_json& params,
               const StripeRequestOptions& o, StripeCallback done) override {
    StripeResponse r;
    r.ok = true;
    r.http_status = 200;
    r.body = {{"id", "pi_" + o.idempotency_key}, {"client_secret", "s"}};
    if (path == "/v1/payment_intents") r.body["amount"] = params["amount"];
    std::lock_guard<std::mutex> l(mu_);
    q_.push(
        {Clock_::now() + std::chrono::milliseconds(delay_), seq_++, std::move(r), std::move(done)});
    cv_.notify_one();
  }

 private:
  struct Item {
    Clock_::time_point at;
    uint64_t seq;
    StripeResponse r;
    StripeCallback done;
    bool operator<(const Item& o) const { return at > o.at || (at == o.at && seq > o.seq); }
  };
  void loop() {
    std::unique_lock<std::mutex> l(mu_);
    while (!stop_) {
      if (q_.empty()) {
        cv_.wait(l);
        continue;
      }
      if (Clock_::now() < q_.top().at) {
        cv_.wait_until(l, q_.top().at);
        continue;
      }
      Item it = q_.top();
      q_.pop();
      l.unlock();
      it.done(std::move(it.r));
      l.lock();
    }
  }
  int delay_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Item> q_;
  uint64_t seq_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

struct Run {
  std::atomic<uint64_t> done{0}, failed{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
};

// Keeps `inflight` calls going for `seconds`; call(i, reply) issues request number i.
void closed_loop(int inflight, double seconds, Run& run,
                 const std::function<void(uint64_t, Reply)>& call) {
  auto until = Clock_::now() + std::chrono::duration<double>(seconds);
  std::atomic<uint64_t> next{0};
  std::atomic<int> active{inflight};
  std::promise<void> finished;
  std::function<void()> issue = [&] {
    if (Clock_::now() >= until) {
      if (--active == 0) finished.set_value();
      return;
    }
    auto t0 = Clock_::now();
    call(next++, [&, t0](AppResult r) {
      double ms = std::chrono::duration<double, std::milli>(Clock_::now() - t0).count();
      (r.error ? run.failed : run.done)++;
      {
        std::lock_guard<std::mutex> l(run.mu);
        run.latencies_ms.push_back(ms);
      }
      issue();
    });
  };
  for (int i = 0; i < inflight; ++i) issue();
  finished.get_future().wait();
}

void report(const char* name, Run& run, double seconds) {
  auto& v = run.latencies_ms;
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(p * v.size()))];
  };
  std::printf("%-28s %9.0f/s  ok %llu  failed %llu  p50 %.1f ms  p99 %.1f ms\n", name,
              run.done / seconds, (unsigned long long)run.done.load(),
              (unsigned long long)run.failed.load(), pct(0.5), pct(0.99));
}

std::string local_date(int64_t days_from_now) {
  auto t = std::chrono::system_clock::now() + std::chrono::hours(24 * days_from_now);
  auto s = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return slotpay::format_local_date(slotpay::civil_from_days(s / 86400));
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int create_inflight = 512, avail_inflight = 64, delay_ms = 250, readers = 2, batch = 64;
  std::string db;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--seconds")
      seconds = std::stod(v);
    else if (a == "--create-inflight")
      create_inflight = std::stoi(v);
    else if (a == "--avail-inflight")
      avail_inflight = std::stoi(v);
    else if (a == "--delay-ms")
      delay_ms = std::stoi(v);
    else if (a == "--readers")
      readers = std::stoi(v);
    else if (a == "--batch")
      batch = std::stoi(v);
    else if (a == "--db")
      db = v;
  }
  if (db.empty()) {
    auto dir = std::filesystem::temp_directory_path() / "slotpay-app-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db = (dir / "bench.db").string();
  }
  std::ifstream in(SLOTPAY_SOURCE_DIR "/tests/bench/catalog.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto catalog = nlohmann::json::parse(ss.str());

  SqliteStore store(db, {readers, batch});
  DelayedStripe stripe(delay_ms);
  SystemClock clock;
  Metrics metrics;
  ServiceConfig cfg;
  cfg.webhook_secret = "whsec_x";
  cfg.publishable_key = "pk_test_x";
  cfg.hold_caps = HoldCaps{0, 0, 0};  // thousands of holds from one process
  BookingService service(cfg, store, stripe, clock, metrics);
  {
    std::promise<AppResult> p;
    service.save_merchant({"m_bench", catalog, "acct_1Bench", {}},
                          [&](AppResult r) { p.set_value(std::move(r)); });
    if (p.get_future().get().error) return std::fprintf(stderr, "catalog refused\n"), 1;
  }
  // Every bookable start over 90 days from the availability answers.
  std::vector<std::string> starts;
  for (int d = 2; d < 92; d += 7) {
    std::promise<AppResult> p;
    service.availability("m_bench",
                         {{"service", "class"}, {"from", local_date(d)}, {"to", local_date(d + 7)}},
                         [&](AppResult r) { p.set_value(std::move(r)); });
    auto r = p.get_future().get();
    if (r.error) return std::fprintf(stderr, "availability: %s\n", r.error->message.c_str()), 1;
    auto answer = nlohmann::json::parse(r.raw_body);
    for (const auto& s : answer["slots"]) starts.push_back(s["start"]);
  }
  if (starts.empty()) return std::fprintf(stderr, "no bookable starts\n"), 1;
  std::printf("db %s, readers %d, batch %d, %zu starts, Stripe delay %d ms\n", db.c_str(), readers,
              batch, starts.size(), delay_ms);

  Run create;
  auto c0 = store.stats();
  if (create_inflight > 0)
    closed_loop(create_inflight, seconds, create, [&](uint64_t i, Reply reply) {
      nlohmann::json body = {{"service", "class"},
                             {"start", starts[(i * 7919) % starts.size()]},
                             {"customer",
                              {{"name", "Bench " + std::to_string(i)},
                               {"email", "b" + std::to_string(i) + "@example.com"}}}};
      service.create_booking("m_bench", body, std::move(reply));
    });
  auto c1 = store.stats();
  if (create_inflight > 0) report("create booking", create, seconds);
  std::printf("  store: %llu write jobs in %llu commits\n",
              (unsigned long long)(c1.write_jobs - c0.write_jobs),
              (unsigned long long)(c1.commits - c0.commits));

  Run avail;
  std::map<std::string, std::string> q = {
      {"service", "class"}, {"from", local_date(2)}, {"to", local_date(9)}};
  if (avail_inflight > 0) {
    closed_loop(avail_inflight, seconds, avail, [&](uint64_t, Reply reply) {
      service.availability("m_bench", q, std::move(reply));
    });
    report("availability 7 days", avail, seconds);
  }
  return 0;
}
