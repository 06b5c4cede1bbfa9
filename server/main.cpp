// slotpay-server: wires configuration (flags and environment), the SQLite store,
// the Stripe client, the use cases and the HTTP routes; stops gracefully on SIGTERM.
#include <httplib.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/booking_service.hpp"
#include "app/log.hpp"
#include "db_commands.hpp"
#include "http/api.hpp"
#include "store/open_store.hpp"
#include "stripe/beast_stripe_client.hpp"

using namespace slotpay::server;

namespace {

const char* kUsage = R"(slotpay-server [migrate|check-db] [flags]
  --listen HOST:PORT        listen address (env SLOTPAY_LISTEN; default 127.0.0.1:8080; port 0 = any)
  --db PATH|URL             SQLite file, or postgresql://... (env SLOTPAY_DATABASE_URL, SLOTPAY_DB;
                            default slotpay.db)
  --db-pool N               PostgreSQL write connections (default 8; reads: half, at least 2)
  --db-statement-timeout-ms N  PostgreSQL statement timeout, lock waits included (default 5000)
  --work-lease-ms N         how long a work claim lasts before another instance may take it
                            over (default 120000)
  --instance-id NAME        this instance's name in work claims (default: random)
  --hold-minutes N          slot hold before payment (default 10)
  --hold-seconds N          the same in seconds (tests)
  --stripe-api-base URL     (env STRIPE_API_BASE; default https://api.stripe.com)
  --stripe-timeout-ms N     per Stripe attempt: request sent and response read (default 30000)
  --stripe-max-connections N  open connections to Stripe at most (default 1024)
  --stripe-ca-file FILE     CA certificates to verify Stripe with (default: the system's)
  --seed-merchant FILE      upsert the merchant of this catalog file at startup
  --stripe-account ACCT     the seeded merchant's connected account (acct_...)
  --allowed-origin ORIGIN   a widget origin for the seeded merchant (repeatable)
  --booking-rate N          booking creations per minute per client and merchant (default 30; 0 = off)
  --booking-burst N         burst for the above (default 10)
  --threads N               HTTP worker threads (default 32; a keep-alive connection holds one)
  --maintenance-ms N        hold expiry pass period (default 2000)
  --web-dist DIR            widget files served at / (default web/dist)
  --examples DIR            served at /examples (default examples)
  --quiet                   no per-request log lines
Environment: STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET (required),
ADMIN_TOKEN (enables /v1/admin/*).
)";

std::string env(const char* name, const std::string& dflt = "") {
  const char* v = std::getenv(name);
  return v ? std::string(v) : dflt;
}

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

[[noreturn]] void die(const std::string& msg) {
  log_error("startup failed", {{"error", msg}});
  std::exit(2);
}

// Keys: trimmed, format-checked, test/live modes agreeing (DESIGN.md).
void check_keys(const std::string& sk, const std::string& pk, const std::string& whsec) {
  auto mode_of = [](const std::string& k, const std::string& kind) -> std::string {
    if (k.rfind(kind + "_test_", 0) == 0) return "test";
    if (k.rfind(kind + "_live_", 0) == 0) return "live";
    return "";
  };
  std::string sk_mode = mode_of(sk, "sk");
  if (sk_mode.empty()) sk_mode = mode_of(sk, "rk");  // restricted keys
  if (sk_mode.empty()) die("STRIPE_SECRET_KEY must start with sk_test_ or sk_live_");
  std::string pk_mode = mode_of(pk, "pk");
  if (pk_mode.empty()) die("STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_");
  if (sk_mode != pk_mode)
    die("STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY are not the same mode (test/live)");
  if (whsec.rfind("whsec_", 0) != 0) die("STRIPE_WEBHOOK_SECRET must start with whsec_");
  for (const auto* k : {&sk, &pk, &whsec})
    for (char c : *k)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
        die("a Stripe key has unexpected characters");
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = env("SLOTPAY_LISTEN", "127.0.0.1:8080");
  if (argc > 1 && is_db_command(argv[1])) return run_db_command(argc, argv);
  std::string db_path = env("SLOTPAY_DATABASE_URL", env("SLOTPAY_DB", "slotpay.db"));
  StoreConfig store_config;
  int64_t work_lease_ms = 120 * 1000;
  std::string instance_id;
  std::string api_base = env("STRIPE_API_BASE", "https://api.stripe.com");
  std::string seed_file, seed_account, web_dist = "web/dist", examples = "examples";
  std::vector<std::string> origins;
  int64_t hold_ms = 10 * 60 * 1000, maintenance_ms = 2000;
  long stripe_timeout_ms = 30000;
  long stripe_max_connections = 1024;
  std::string stripe_ca_file;
  double rate = 30, burst = 10;
  int threads = 32;
  bool quiet = false;

  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    try {
      if (a == "--listen")
        listen = next();
      else if (a == "--db")
        db_path = next();
      else if (a == "--db-pool")
        store_config.pool = std::stoi(next());
      else if (a == "--db-statement-timeout-ms")
        store_config.statement_timeout_ms = std::stoi(next());
      else if (a == "--work-lease-ms")
        work_lease_ms = std::stoll(next());
      else if (a == "--instance-id")
        instance_id = next();
      else if (a == "--hold-minutes")
        hold_ms = std::stoll(next()) * 60000;
      else if (a == "--hold-seconds")
        hold_ms = std::stoll(next()) * 1000;
      else if (a == "--stripe-api-base")
        api_base = next();
      else if (a == "--stripe-timeout-ms")
        stripe_timeout_ms = std::stol(next());
      else if (a == "--stripe-max-connections")
        stripe_max_connections = std::stol(next());
      else if (a == "--stripe-ca-file")
        stripe_ca_file = next();
      else if (a == "--seed-merchant")
        seed_file = next();
      else if (a == "--stripe-account")
        seed_account = next();
      else if (a == "--allowed-origin")
        origins.push_back(next());
      else if (a == "--booking-rate")
        rate = std::stod(next());
      else if (a == "--booking-burst")
        burst = std::stod(next());
      else if (a == "--threads")
        threads = std::stoi(next());
      else if (a == "--maintenance-ms")
        maintenance_ms = std::stoll(next());
      else if (a == "--web-dist")
        web_dist = next();
      else if (a == "--examples")
        examples = next();
      else if (a == "--quiet")
        quiet = true;
      else if (a == "--help" || a == "-h") {
        std::cout << kUsage;
        return 0;
      } else
        die("unknown flag " + a + " (see --help)");
    } catch (const std::logic_error&) {
      die("bad value for " + a);
    }
  }
  if (hold_ms <= 0 || threads <= 0 || maintenance_ms <= 0 || stripe_timeout_ms <= 0 ||
      stripe_max_connections <= 0 || store_config.pool <= 0 || work_lease_ms <= 0 ||
      store_config.statement_timeout_ms < 0)
    die("hold, threads, maintenance period and Stripe limits must be positive");
  if (api_base.rfind("https://", 0) != 0 && api_base.rfind("http://", 0) != 0)
    die("STRIPE_API_BASE must be an http(s) URL");

  std::string sk = trim(env("STRIPE_SECRET_KEY")), pk = trim(env("STRIPE_PUBLISHABLE_KEY")),
              whsec = trim(env("STRIPE_WEBHOOK_SECRET"));
  check_keys(sk, pk, whsec);
  if (api_base.rfind("http://", 0) == 0 && sk.rfind("sk_live_", 0) == 0)
    die("a live key is only sent over https");
  set_request_logging(!quiet);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  OpenedStore opened;
  try {
    store_config.db = db_path;
    opened = open_store(store_config);
  } catch (const std::exception& e) {
    die(e.what());
  }
  BookingStore* store = opened.store.get();

  SystemClock clock;
  Metrics metrics;
  // The Stripe client's own io_context and threads, until the HTTP server moves onto one
  // shared io_context (issue #8). The app calls it asynchronously.
  boost::asio::io_context stripe_io;
  auto stripe_work = boost::asio::make_work_guard(stripe_io);
  std::vector<std::thread> stripe_threads;
  BeastStripeClientOptions sopts;
  sopts.base_url = api_base;
  sopts.secret_key = sk;
  sopts.ca_file = stripe_ca_file;
  sopts.timeout_ms = stripe_timeout_ms;
  sopts.max_connections = static_cast<size_t>(stripe_max_connections);
  std::unique_ptr<BeastStripeClient> stripe_client;
  try {
    stripe_client = std::make_unique<BeastStripeClient>(
        stripe_io, sopts, [&metrics](const std::string& op, int status, bool ok, int attempts) {
          metrics.observe_stripe_call(op, status, ok, attempts);
        });
  } catch (const std::exception& e) {
    die(e.what());
  }
  for (int i = 0; i < 2; ++i) stripe_threads.emplace_back([&stripe_io] { stripe_io.run(); });
  BeastStripeClient& stripe = *stripe_client;

  ServiceConfig cfg;
  cfg.publishable_key = pk;
  cfg.webhook_secret = whsec;
  cfg.hold_ms = hold_ms;
  cfg.expiry_interval_ms = maintenance_ms;
  cfg.instance_id = instance_id;
  cfg.work_lease_ms = work_lease_ms;
  cfg.exclusive_store = !opened.postgres;
  BookingService service(cfg, *store, stripe, clock, metrics);

  if (!seed_file.empty()) {
    std::ifstream in(seed_file);
    std::stringstream ss;
    ss << in.rdbuf();
    auto catalog = nlohmann::json::parse(ss.str(), nullptr, false);
    if (!in || !catalog.is_object() || !catalog.contains("merchant") ||
        !catalog["merchant"].is_object() || !catalog["merchant"].contains("id") ||
        !catalog["merchant"]["id"].is_string())
      die("--seed-merchant: not a catalog with merchant.id: " + seed_file);
    MerchantInput m;
    m.id = catalog["merchant"]["id"].get<std::string>();
    m.catalog = catalog;
    m.stripe_account = seed_account;
    m.allowed_origins = origins;
    std::promise<AppResult> saved;
    service.save_merchant(m, [&](AppResult r) { saved.set_value(std::move(r)); });
    AppResult r = saved.get_future().get();
    if (r.error) {
      // Every problem the core found, one per line, then exit 2: the old catalog stays.
      std::string detail;
      if (r.error->details.is_array())
        for (const auto& e : r.error->details)
          detail += "\n  " + e.value("field", "") + ": " + e.value("code", "") + ": " +
                    e.value("message", "");
      die("--seed-merchant: " + seed_file + ": " + r.error->message + detail);
    }
    log_info("merchant seeded", {{"merchant", m.id},
                                 {"stripe_account", seed_account},
                                 {"catalog_version", r.body.value("catalog_version", 0)}});
  }

  ApiOptions aopts;
  aopts.admin_token = trim(env("ADMIN_TOKEN"));
  aopts.web_dist_dir = web_dist;
  aopts.examples_dir = examples;
  aopts.booking_rate_per_minute = rate;
  aopts.booking_burst = burst;
  Api api(service, metrics, clock, aopts);

  httplib::Server svr;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(1000);
  svr.set_read_timeout(10);
  api.install(svr);

  auto colon = listen.rfind(':');
  if (colon == std::string::npos) die("--listen wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.c_str() + colon + 1);
  if (port == 0)
    port = svr.bind_to_any_port(host);
  else if (!svr.bind_to_port(host, port))
    port = -1;
  if (port <= 0) die("cannot listen on " + listen);

  {
    std::promise<void> recovered;
    service.recover_after_restart([&] { recovered.set_value(); });
    recovered.get_future().get();
  }
  service.start_background();

  std::thread signal_waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log_info("stopping", {{"signal", sig}});
    svr.stop();
  });

  log_info("listening", {{"host", host},
                         {"port", port},
                         {"db", redact_db(db_path)},
                         {"instance", service.instance_id()},
                         {"stripe_api_base", api_base},
                         {"hold_seconds", hold_ms / 1000}});
  bool ok = svr.listen_after_bind();
  // listen returns after stop(): in-flight requests have been answered.
  service.stop_background();
  service.drain();  // background Stripe calls finish before the client's threads stop
  stripe_work.reset();
  stripe_io.stop();
  for (auto& t : stripe_threads) t.join();
  if (signal_waiter.joinable()) {
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  log_info("stopped", {{"clean", ok}});
  return 0;
}
