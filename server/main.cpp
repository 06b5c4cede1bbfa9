// slotpay-server: wires configuration (flags and environment), the store (SQLite or
// PostgreSQL), the Stripe client, the use cases, the HTTP routes and the io_context; stops
// gracefully on SIGTERM/SIGINT.
#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "app/booking_service.hpp"
#include "app/crypto.hpp"
#include "app/log.hpp"
#include "app/seed_owner.hpp"
#include "db_commands.hpp"
#include "http/api.hpp"
#include "http/blocking_pool.hpp"
#include "http/merchant_guard.hpp"
#include "http/server.hpp"
#include "mail_setup.hpp"
#include "sealed_secrets_check.hpp"
#include "store/open_store.hpp"
#include "stripe/beast_stripe_client.hpp"
#include "usage.hpp"
#include "webhook_setup.hpp"

using namespace slotpay::server;

namespace {

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

// Benchmarks hold 512+ client connections and as many to Stripe: the default soft limit
// of 1024 descriptors is too low, the hard limit is what the operator allows.
void raise_open_files_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max) return;
  rlim_t before = rl.rlim_cur;
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
    log_warn("cannot raise the open files limit", {{"soft", static_cast<uint64_t>(before)}});
}

// Issue #10: merchants, Stripe sides and bookings stored before modes existed (migration
// 5 leaves their mode empty) were all made with the platform's key: they take its mode.
void adopt_unmoded_rows(BookingStore& store, const std::string& mode) {
  auto changed = std::make_shared<int64_t>(0);
  auto r = write_now(store, [&](BookingTx& tx) {
    *changed = tx.accounts().adopt_unmoded_rows(mode);
    return true;
  });
  if (!r.committed) die("cannot give older rows the platform's mode: " + r.error);
  if (*changed > 0)
    log_info("older rows given the platform's mode", {{"mode", mode}, {"rows", *changed}});
}

// --seed-owner: the seeded merchant's owner user (app/seed_owner.hpp).
void seed_merchant_owner(BookingService& service, const std::string& file, const std::string& email,
                         const std::string& password) {
  std::ifstream in(file);
  auto catalog = nlohmann::json::parse(in, nullptr, false);
  const std::string id = catalog.is_object() ? catalog["merchant"].value("id", "") : "";
  if (password.empty()) die("--seed-owner needs SLOTPAY_SEED_OWNER_PASSWORD");
  std::promise<std::string> seeded;
  seed_owner(service.context(), id, email, password,
             [&seeded](std::string error) { seeded.set_value(std::move(error)); });
  std::string error = seeded.get_future().get();
  if (!error.empty()) die(error);
}

// --seed-merchant: the catalog file's merchant saved through the app, so the core
// validates it exactly as the admin PUT does. Refused: every error, then exit 2.
void seed_merchant(BookingService& service, const std::string& file, const std::string& account,
                   const std::vector<std::string>& origins) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  auto catalog = nlohmann::json::parse(ss.str(), nullptr, false);
  if (!in || !catalog.is_object() || !catalog.contains("merchant") ||
      !catalog["merchant"].is_object() || !catalog["merchant"].contains("id") ||
      !catalog["merchant"]["id"].is_string())
    die("--seed-merchant: not a catalog with merchant.id: " + file);
  MerchantInput m;
  m.id = catalog["merchant"]["id"].get<std::string>();
  m.catalog = std::move(catalog);
  m.stripe_account = account;
  m.allowed_origins = origins;
  std::promise<AppResult> saved;
  service.save_merchant(m, [&saved](AppResult r) { saved.set_value(std::move(r)); });
  AppResult r = saved.get_future().get();
  if (r.error) {
    std::string detail;
    if (r.error->details.is_array())
      for (const auto& e : r.error->details)
        detail += "\n  " + e.value("field", "") + ": " + e.value("code", "") + ": " +
                  e.value("message", "");
    die("--seed-merchant: " + file + ": " + r.error->message + detail);
  }
  log_info("merchant seeded", {{"merchant", m.id},
                               {"stripe_account", account},
                               {"catalog_version", r.body.value("catalog_version", 0)}});
}

// Issue #10: the master key (--master-key-file over SLOTPAY_MASTER_KEY); nullptr without
// one. A key given but malformed stops the server (exit 2).
std::shared_ptr<const SecretBox> master_key(const std::string& file) {
  std::string text = env("SLOTPAY_MASTER_KEY");
  if (!file.empty()) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) die("--master-key-file: cannot read " + file);
    text = ss.str();
  }
  if (trim(text).empty()) return nullptr;
  std::string error;
  auto box = SecretBox::from_key_text(text, &error);
  if (!box) die("master key: " + error);
  return std::make_shared<const SecretBox>(*box);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = env("SLOTPAY_LISTEN", "127.0.0.1:8080");
  std::string metrics_listen;  // issue #9: /metrics on an address of its own
  if (argc > 1 && is_db_command(argv[1])) return run_db_command(argc, argv);
  std::string db_path = env("SLOTPAY_DATABASE_URL", env("SLOTPAY_DB", "slotpay.db"));
  StoreConfig store_config;
  int64_t work_lease_ms = 120 * 1000;
  std::string instance_id;
  std::string api_base = env("STRIPE_API_BASE", "https://api.stripe.com");
  std::string seed_owner_email;
  std::string seed_file, seed_account, web_dist = "web/dist", examples = "examples";
  bool demo = false;           // issue #9: the example pages only in a demo
  int64_t clock_offset_s = 0;  // --test-clock-offset-s (with --demo only)
  std::vector<std::string> origins;
  int64_t hold_ms = 10 * 60 * 1000, maintenance_ms = 2000;
  FeeSetting default_fee;                    // --platform-fee
  int64_t first_hold_ms = 3 * 60 * 1000;     // issue #9: the short first hold
  int64_t confirm_hold_ms = 30 * 60 * 1000;  // issue #9: waiting for the email confirmation
  int64_t pay_link_ms = 7LL * 86400 * 1000;  // issue #11 item 3: a pay link's lifetime
  long stripe_timeout_ms = 30000;
  long stripe_max_connections = 1024;
  std::string stripe_ca_file;
  double rate = 30, burst = 10;
  HoldCaps hold_caps;
  double route_rates[4] = {300, 20, 1200, 120};  // read, cancel, webhook, admin
  int threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  int file_threads = 2;
  long shutdown_grace_ms = 10000;
  http::ServerLimits limits;
  bool quiet = false;
  std::string smtp_url;
  int64_t mail_interval_ms = 1000, mail_retry_s = 60;
  WebhookFlags hook_flags;  // issue #11 item 7
  std::string public_url = env("SLOTPAY_PUBLIC_URL");
  std::string master_key_file, connect_dashboard = "full";

  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    try {
      if (a == "--listen")
        listen = next();
      else if (a == "--metrics-listen")
        metrics_listen = next();
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
      else if (a == "--platform-fee") {
        auto fee = parse_fee_flag(next());
        if (!fee) die("--platform-fee: BPS or BPS:FIXED (0..10000 basis points, minor units)");
        default_fee = *fee;
      } else if (a == "--first-hold-seconds")
        first_hold_ms = std::stoll(next()) * 1000;
      else if (a == "--confirm-hold-seconds")
        confirm_hold_ms = std::stoll(next()) * 1000;
      else if (a == "--pay-link-days" || a == "--pay-link-seconds") {
        // At most ten years: no overflow, and nonsense is refused below (<= 0).
        const int64_t n = std::stoll(next()), unit = a == "--pay-link-days" ? 86400 : 1;
        pay_link_ms = n > 0 && n <= 3650LL * 86400 / unit ? n * unit * 1000 : -1;
      } else if (a == "--stripe-api-base")
        api_base = next();
      else if (a == "--stripe-timeout-ms")
        stripe_timeout_ms = std::stol(next());
      else if (a == "--stripe-max-connections")
        stripe_max_connections = std::stol(next());
      else if (a == "--stripe-ca-file")
        stripe_ca_file = next();
      else if (a == "--seed-owner")
        seed_owner_email = next();
      else if (a == "--seed-merchant")
        seed_file = next();
      else if (a == "--stripe-account")
        seed_account = next();
      else if (a == "--master-key-file")
        master_key_file = next();
      else if (a == "--connect-dashboard") {
        connect_dashboard = next();
        if (connect_dashboard != "full" && connect_dashboard != "express")
          die("--connect-dashboard: full or express");
      } else if (a == "--allowed-origin")
        origins.push_back(next());
      else if (a == "--booking-rate")
        rate = std::stod(next());
      else if (a == "--booking-burst")
        burst = std::stod(next());
      else if (a == "--trusted-proxy") {
        std::string cidr = next();
        auto net = http::parse_cidr(cidr);
        if (!net) die("--trusted-proxy: not an address or network: " + cidr);
        limits.trusted_proxies.push_back(*net);
      } else if (a == "--read-rate")
        route_rates[0] = std::stod(next());
      else if (a == "--cancel-rate")
        route_rates[1] = std::stod(next());
      else if (a == "--webhook-rate")
        route_rates[2] = std::stod(next());
      else if (a == "--admin-rate")
        route_rates[3] = std::stod(next());
      else if (a == "--max-holds-per-client")
        hold_caps.per_client = std::stoll(next());
      else if (a == "--max-holds-per-email")
        hold_caps.per_email = std::stoll(next());
      else if (a == "--max-holds-per-merchant")
        hold_caps.per_merchant = std::stoll(next());
      else if (a == "--threads")
        threads = std::stoi(next());
      else if (a == "--file-threads")
        file_threads = std::stoi(next());
      else if (a == "--max-connections")
        limits.max_connections = std::stoul(next());
      else if (a == "--max-client-connections")
        limits.max_connections_per_client = std::stoul(next());
      else if (a == "--idle-timeout-ms")
        limits.idle_timeout = std::chrono::milliseconds(std::stol(next()));
      else if (a == "--shutdown-grace-ms")
        shutdown_grace_ms = std::stol(next());
      else if (a == "--maintenance-ms")
        maintenance_ms = std::stoll(next());
      else if (a == "--web-dist")
        web_dist = next();
      else if (a == "--examples")
        examples = next();
      else if (a == "--demo")
        demo = true;
      else if (a == "--test-clock-offset-s")
        clock_offset_s = std::stoll(next());
      else if (a == "--quiet")
        quiet = true;
      else if (a == "--smtp-url")
        smtp_url = next();
      else if (a == "--public-url")
        public_url = next();
      else if (a == "--mail-interval-ms")
        mail_interval_ms = std::stoll(next());
      else if (a == "--mail-retry-s")
        mail_retry_s = std::stoll(next());
      else if (read_webhook_flag(a, next, hook_flags)) {
      } else if (a == "--help" || a == "-h") {
        std::cout << server_usage();
        return 0;
      } else
        die("unknown flag " + a + " (see --help)");
    } catch (const std::logic_error&) {
      die("bad value for " + a);
    }
  }
  if (hold_ms <= 0 || threads <= 0 || file_threads <= 0 || maintenance_ms <= 0 ||
      limits.max_connections == 0 || limits.max_connections_per_client == 0 ||
      limits.idle_timeout.count() <= 0 || shutdown_grace_ms < 0 || stripe_timeout_ms <= 0 ||
      stripe_max_connections <= 0 || hold_caps.per_client < 0 || hold_caps.per_email < 0 ||
      hold_caps.per_merchant < 0 || first_hold_ms < 0 || confirm_hold_ms <= 0 || pay_link_ms <= 0 ||
      store_config.pool <= 0 || work_lease_ms <= 0 || store_config.statement_timeout_ms < 0 ||
      mail_interval_ms <= 0 || mail_retry_s <= 0)
    die("hold, threads, connection caps, timeouts, maintenance period, Stripe limits, the "
        "database pool and the work lease must be positive");
  if (api_base.rfind("https://", 0) != 0 && api_base.rfind("http://", 0) != 0)
    die("STRIPE_API_BASE must be an http(s) URL");

  std::string sk = trim(env("STRIPE_SECRET_KEY")), pk = trim(env("STRIPE_PUBLISHABLE_KEY")),
              whsec = trim(env("STRIPE_WEBHOOK_SECRET"));
  check_keys(sk, pk, whsec);
  if (api_base.rfind("http://", 0) == 0 && sk.rfind("sk_live_", 0) == 0)
    die("a live key is only sent over https");
  set_request_logging(!quiet);
  // Read before any thread that uses libcurl starts (SmtpSender is made below, before the io
  // threads).
  std::optional<slotpay::mail::SmtpConfig> smtp;
  try {
    smtp = smtp_config(smtp_url);
  } catch (const MailSetupError& e) {
    die(e.what());
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  raise_open_files_limit();

  // Declared first: destroyed last, after everything that posts to it.
  boost::asio::io_context ioc(threads);

  OpenedStore opened;
  try {
    store_config.db = db_path;
    opened = open_store(store_config);
  } catch (const std::exception& e) {
    die(e.what());
  }
  BookingStore* store = opened.store.get();

  if (clock_offset_s != 0 && !demo) die("--test-clock-offset-s is for tests: it needs --demo");
  if (auto why = webhook_flags_error(hook_flags, demo)) die(*why);
  OffsetClock clock(clock_offset_s * 1000);
  Metrics metrics;
  // The Stripe client lives on the one io_context with the HTTP server. The app's
  // Stripe calls (background passes, recovery, calls still finishing after the last
  // connection closed) need the io threads: a work guard keeps them running until the
  // app has drained.
  auto io_work = boost::asio::make_work_guard(ioc);
  BeastStripeClientOptions sopts;
  sopts.base_url = api_base;
  sopts.secret_key = sk;
  sopts.ca_file = stripe_ca_file;
  sopts.timeout_ms = stripe_timeout_ms;
  sopts.max_connections = static_cast<size_t>(stripe_max_connections);
  std::unique_ptr<BeastStripeClient> stripe_client;
  try {
    stripe_client = std::make_unique<BeastStripeClient>(
        ioc, sopts, [&metrics](const std::string& op, int status, bool ok, int attempts) {
          metrics.observe_stripe_call(op, status, ok, attempts);
        });
  } catch (const std::exception& e) {
    die(e.what());
  }

  ServiceConfig cfg;
  cfg.publishable_key = pk;
  cfg.webhook_secret = whsec;
  cfg.hold_ms = hold_ms;
  cfg.first_hold_ms = first_hold_ms;
  cfg.confirm_hold_ms = confirm_hold_ms;
  cfg.pay_link_ms = pay_link_ms;
  cfg.at_rest_key = sk;  // seals client secrets at rest: no copy of the db alone reveals them
  cfg.expiry_interval_ms = maintenance_ms;
  cfg.default_fee = default_fee;
  cfg.hold_caps = hold_caps;
  cfg.livemode = sk.rfind("sk_live_", 0) == 0 || sk.rfind("rk_live_", 0) == 0;
  cfg.instance_id = instance_id;
  cfg.work_lease_ms = work_lease_ms;
  cfg.exclusive_store = !opened.postgres;
  cfg.platform_mode = cfg.livemode ? "live" : "test";
  adopt_unmoded_rows(*store, cfg.platform_mode);
  try {
    cfg.mail = mail_settings(smtp, trim(env("SMTP_FROM")), trim(env("SLOTPAY_MASTER_KEY")));
  } catch (const MailSetupError& e) {
    die(e.what());
  }
  cfg.secrets = master_key(master_key_file);
  if (auto fatal = check_sealed_secrets(*store, cfg.secrets.get())) die(*fatal);
  cfg.connect_dashboard = connect_dashboard;
  cfg.allow_live_keys = api_base.rfind("https://", 0) == 0;  // never over plain http
  cfg.allow_loopback_webhooks = hook_flags.allow_loopback;
  BookingService service(cfg, *store, *stripe_client, clock, metrics);
  auto mail_worker =
      outbox_worker(smtp, *store, clock, metrics, service, mail_interval_ms, mail_retry_s);
  WebhookDeliveries webhooks;
  try {
    webhooks = make_webhook_deliveries(ioc, hook_flags, *store, clock, metrics, cfg.secrets,
                                       service.instance_id());
  } catch (const std::exception& e) {
    die(e.what());
  }

  if (!seed_file.empty()) seed_merchant(service, seed_file, seed_account, origins);
  if (!seed_owner_email.empty()) {
    if (seed_file.empty()) die("--seed-owner needs --seed-merchant");
    seed_merchant_owner(service, seed_file, seed_owner_email, env("SLOTPAY_SEED_OWNER_PASSWORD"));
  }

  // Static files are read from disk on this pool, never on an io thread.
  http::BlockingPool file_pool(static_cast<size_t>(file_threads));
  http::ApiOptions aopts;
  aopts.admin_token = trim(env("ADMIN_TOKEN"));
  // Issue #9: the admin token guards every merchant's bookings and the metrics.
  if (!aopts.admin_token.empty() && aopts.admin_token.size() < 32)
    die("ADMIN_TOKEN must be at least 32 characters (or unset to disable the admin routes)");
  aopts.web_dist_dir = web_dist;
  aopts.examples_dir = demo ? examples : "";  // no mount: /examples/ is a 404
  aopts.demo_outbox = demo;                   // issue #12: the outbox's emails, shown
  aopts.embed_loopback_sources = demo;        // the local Stripe.js double in embed.html's CSP
  aopts.metrics_listener = !metrics_listen.empty();
  aopts.booking_rate_per_minute = rate;
  aopts.read_rate_per_minute = route_rates[0];
  aopts.cancel_rate_per_minute = route_rates[1];
  aopts.webhook_rate_per_minute = route_rates[2];
  aopts.admin_rate_per_minute = route_rates[3];
  aopts.booking_burst = burst;
  aopts.secure_cookies = http::secure_cookies(listen, public_url);
  http::Api api(service, metrics, clock, file_pool, aopts);
  http::Router router;
  api.install(router);
  http::HttpServer server(ioc, router, limits);

  auto colon = listen.rfind(':');
  if (colon == std::string::npos) die("--listen wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  int port = 0;
  try {
    port = server.listen(host, std::atoi(listen.c_str() + colon + 1));
  } catch (const std::exception& e) {
    die(e.what());
  }
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (!public_url.empty() && !slotpay::mail::is_http_url(public_url))
    die("--public-url must be an http(s) URL");
  service.set_public_url(!public_url.empty() ? public_url
                                             : "http://" + host + ":" + std::to_string(port));
  http::Router metrics_router;
  std::unique_ptr<http::HttpServer> metrics_server;
  int metrics_port = 0;
  if (!metrics_listen.empty()) {
    auto mcolon = metrics_listen.rfind(':');
    if (mcolon == std::string::npos) die("--metrics-listen wants HOST:PORT");
    api.install_metrics_listener(metrics_router);
    metrics_server = std::make_unique<http::HttpServer>(ioc, metrics_router, limits);
    try {
      metrics_port = metrics_server->listen(metrics_listen.substr(0, mcolon),
                                            std::atoi(metrics_listen.c_str() + mcolon + 1));
    } catch (const std::exception& e) {
      die(e.what());
    }
  }

  // The io threads first: recovery already calls Stripe.
  std::vector<std::thread> io_threads;
  for (int i = 0; i < threads; ++i) io_threads.emplace_back([&ioc] { ioc.run(); });
  {
    std::promise<void> recovered;
    service.recover_after_restart([&recovered] { recovered.set_value(); });
    recovered.get_future().get();
  }
  service.start_background();
  if (mail_worker) mail_worker->start();
  webhooks.worker->start();
  server.start();
  if (metrics_server) metrics_server->start();

  log_info("listening", {{"host", host},
                         {"port", port},
                         {"db", redact_db(db_path)},
                         {"instance", service.instance_id()},
                         {"stripe_api_base", api_base},
                         {"threads", threads},
                         {"hold_seconds", hold_ms / 1000},
                         {"first_hold_seconds", first_hold_ms / 1000},
                         {"metrics_port", metrics_port}});

  int sig = 0;
  sigwait(&stop_signals, &sig);
  log_info("stopping", {{"signal", sig}});
  // Stop accepting; idle connections close; requests in flight finish within the grace.
  server.shutdown();
  if (metrics_server) metrics_server->shutdown();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(shutdown_grace_ms);
  while (server.open_connections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  size_t left = server.open_connections();
  // The app: no new background pass; use cases still running and the Stripe calls in
  // flight finish (they need the io threads and the store).
  service.stop_background();
  if (mail_worker) mail_worker->stop();  // the message being sent finishes first
  webhooks.worker->stop();               // likewise the delivery being attempted
  service.drain();
  store->shutdown();  // queued store jobs finish, the store's threads stop
  file_pool.join();
  io_work.reset();
  ioc.stop();
  for (auto& t : io_threads) t.join();
  log_info("stopped", {{"clean", left == 0}, {"connections_cut", left}});
  return 0;
}
