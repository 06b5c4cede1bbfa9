// The merchant's Stripe connection (app/stripe_connect.hpp): the pure decisions, then the
// use cases through BookingService with a fake StripeClient and a temporary SQLite file —
// Connect onboarding (account once, link, return), the dashboard link, API-key mode (checked
// by shape, then by Stripe, sealed at rest, never answered), wallet domains and the
// merchant's own webhook endpoint.
#include "app/stripe_connect.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <random>

#include "app/booking_service.hpp"
#include "app/merchant_mode.hpp"
#include "store/sqlite_store.hpp"
#include "stripe/webhook_signature.hpp"

using namespace slotpay::server;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNowMs = 1'796'058'000'000;

std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-connect-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}

json catalog() {
  return json::parse(R"({
    "merchant": {"id": "m1", "name": "Unit Studio", "timezone": "America/New_York",
                 "currency": "usd", "min_charge_policy": "raise_to_minimum"},
    "schedule": {"weekly": {"mon": [["08:00","20:00"]], "tue": [["08:00","20:00"]]},
                 "overrides": {}, "slot_interval_min": 15, "min_notice_min": 60,
                 "max_advance_days": 90},
    "staff": [{"id": "ana", "name": "Ana", "services": ["cut"]}],
    "services": [{"id": "cut", "name": "Haircut", "duration_min": 45, "price": 4500,
                  "capacity": 1, "payment": "stripe"}],
    "coupons": []})");
}

StripeResponse ok(json body) {
  StripeResponse r;
  r.ok = true;
  r.http_status = 200;
  r.body = std::move(body);
  r.attempts = 1;
  return r;
}

StripeResponse refused(int status, const std::string& code = "", const std::string& msg = "no") {
  StripeResponse r;
  r.http_status = status;
  r.error = StripeError{"invalid_request_error", code, msg, "", status};
  r.body = {{"error", {{"message", msg}}}};
  r.attempts = 1;
  return r;
}

json account(const std::string& id, bool enabled, const std::string& dashboard = "full") {
  return {{"id", id},
          {"object", "account"},
          {"controller", {{"stripe_dashboard", {{"type", dashboard}}}}},
          {"charges_enabled", enabled},
          {"details_submitted", enabled},
          {"payouts_enabled", enabled},
          {"requirements",
           {{"currently_due", enabled ? json::array() : json::array({"external_account"})},
            {"disabled_reason", enabled ? json(nullptr) : json("requirements.past_due")}}}};
}

class FakeStripe final : public StripeClient {
 public:
  struct Call {
    std::string method, path;
    ojson params;
    StripeRequestOptions options;
  };
  using Handler = std::function<StripeResponse(const Call&)>;
  Handler handler;
  void request(const std::string& method, const std::string& path, const ojson& params,
               const StripeRequestOptions& options, StripeCallback done) override {
    Call c{method, path, params, options};
    StripeResponse r;
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(c);
    }
    r = handler ? handler(c) : refused(500);
    done(std::move(r));
  }
  std::vector<Call> calls(const std::string& method, const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Call> out;
    for (const auto& c : calls_)
      if (c.method == method && c.path.rfind(prefix, 0) == 0) out.push_back(c);
    return out;
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_.size();
  }

 private:
  std::mutex mu_;
  std::vector<Call> calls_;
};

class FixedClock final : public Clock {
 public:
  int64_t now_ms() const override { return kNowMs; }
};

std::shared_ptr<const SecretBox> box() {
  std::string err;
  return std::make_shared<SecretBox>(*SecretBox::from_key_text(std::string(64, 'c'), &err));
}

struct App {
  std::string db = temp_db();
  SqliteStore store{db};
  FakeStripe stripe;
  FixedClock clock;
  Metrics metrics;
  BookingService service;

  explicit App(ServiceConfig c = config(), std::vector<std::string> origins = {})
      : service(c, store, stripe, clock, metrics) {
    auto r = call([&](Reply reply) {
      service.save_merchant({"m1", catalog(), "", origins}, reply);
    });
    REQUIRE_FALSE(r.error);
  }
  static ServiceConfig config() {
    ServiceConfig c;
    c.publishable_key = "pk_test_platform";
    c.webhook_secret = "whsec_platform";
    c.secrets = box();
    return c;
  }
  AppResult call(const std::function<void(Reply)>& f) {
    auto p = std::make_shared<std::promise<AppResult>>();
    auto fut = p->get_future();
    f([p](AppResult r) { p->set_value(std::move(r)); });
    if (fut.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      throw std::runtime_error("no answer within 10 s");
    AppResult r = fut.get();
    if (!r.raw_body.empty()) r.body = ojson::parse(r.raw_body);
    return r;
  }
  AppResult connect() {
    return call([&](Reply r) {
      service.stripe_connect({"m1", "owner@salon.example", "https://book.example/return",
                              "https://book.example/refresh"},
                             r);
    });
  }
  AppResult status() {
    return call([&](Reply r) { service.stripe_status("m1", "", r); });
  }
  bool online() {
    return call([&](Reply r) { service.catalog("m1", r); }).body["online_payments"].get<bool>();
  }
  AppResult save_keys(StripeKeySet keys) {
    return call([&](Reply r) { service.stripe_keys_save({"m1", std::move(keys)}, r); });
  }
  std::optional<StripeSide> side(const std::string& mode) {
    std::promise<std::optional<StripeSide>> p;
    store.read([&](StoreReader& r) { p.set_value(r.accounts().stripe_side("m1", mode)); });
    return p.get_future().get();
  }
  std::string code(const AppResult& r) { return r.error ? r.error->code : ""; }
};

// Stripe as Connect onboarding sees it: one account per idempotency key; onboarding
// finished once `onboarded` is set.
struct ConnectStripe {
  std::string dashboard = "full";
  bool onboarded = false;
  int accounts = 0;
  StripeResponse operator()(const FakeStripe::Call& c) {
    if (c.method == "POST" && c.path == "/v1/accounts") {
      ++accounts;
      return ok(account("acct_new" + std::to_string(accounts), false, dashboard));
    }
    if (c.method == "POST" && c.path == "/v1/account_links")
      return ok(
          {{"object", "account_link"},
           {"url", "https://connect.stripe.test/setup/" + c.params["account"].get<std::string>()}});
    if (c.method == "GET" && c.path.rfind("/v1/accounts/", 0) == 0)
      return ok(account(c.path.substr(13), onboarded, dashboard));
    if (c.method == "POST" && c.path.find("/login_links") != std::string::npos)
      return ok({{"object", "login_link"}, {"url", "https://connect.stripe.test/express/x"}});
    return refused(404, "resource_missing");
  }
};

}  // namespace

TEST_CASE("connect decisions: who may onboard, which account continues, dashboards", "[connect]") {
  CHECK_FALSE(connect_refusal(std::nullopt));
  StripeSide s;
  s.connection = "none";
  CHECK_FALSE(connect_refusal(s));
  s.connection = "platform";  // the platform's own account (a merchant that signed up)
  CHECK_FALSE(connect_refusal(s));
  s.stripe_account = "acct_operator";
  REQUIRE(connect_refusal(s));
  CHECK(connect_refusal(s)->code == "stripe_already_connected");
  s.connection = "keys";
  s.stripe_account.clear();
  CHECK(connect_refusal(s)->code == "stripe_already_connected");
  s.connection = "connect";
  s.stripe_account = "acct_1";
  CHECK_FALSE(connect_refusal(s));
  CHECK(reusable_account(s) == "acct_1");
  s.deauthorized = true;
  CHECK(reusable_account(s).empty());
  CHECK(reusable_account(std::nullopt).empty());
  CHECK(stripe_dashboard_url("test") == "https://dashboard.stripe.com/test/");
  CHECK(stripe_dashboard_url("live") == "https://dashboard.stripe.com/");
}

TEST_CASE("wallet domains: allowed origins' hosts and the server's own, deduplicated",
          "[connect]") {
  auto d =
      wallet_domains({"https://Salon.Example", "https://salon.example:8443",
                      "http://localhost:3000", "https://10.0.0.1", "https://shop.example.com/"},
                     "https://book.example");
  CHECK(d == std::vector<std::string>{"salon.example", "shop.example.com", "book.example"});
  CHECK(wallet_domains({}, "http://127.0.0.1:8080").empty());
  CHECK(wallet_domains({"not an origin"}, "").empty());
}

TEST_CASE("payment method domain objects: status, wallets, Stripe's reason", "[connect]") {
  PaymentDomainRecord d;
  apply_domain_object(d, {{"id", "pmd_1"},
                          {"enabled", true},
                          {"apple_pay", {{"status", "active"}}},
                          {"google_pay", {{"status", "active"}}}});
  CHECK(d.stripe_id == "pmd_1");
  CHECK(d.status == "active");
  CHECK(d.apple_pay == "active");
  apply_domain_object(
      d, {{"enabled", true},
          {"apple_pay",
           {{"status", "inactive"}, {"status_details", {{"error_message", "not reachable"}}}}},
          {"google_pay", {{"status", "inactive"}}}});
  CHECK(d.status == "inactive");
  CHECK(d.error == "not reachable");
  apply_domain_object(d, {{"enabled", false}});
  CHECK(d.status == "removed");
  CHECK(d.apple_pay.empty());
}

TEST_CASE("key check answers: 401 and 403 are the merchant's key, the rest Stripe's", "[connect]") {
  CHECK_FALSE(key_check_refusal(ok({{"object", "balance"}})));
  CHECK(key_check_refusal(refused(401))->code == "stripe_key_rejected");
  CHECK(key_check_refusal(refused(401))->field == "secret_key");
  CHECK(key_check_refusal(refused(403))->code == "stripe_key_rejected");
  CHECK(key_check_refusal(refused(503))->code == "stripe_unavailable");
  CHECK(key_check_refusal(refused(0))->code == "stripe_unavailable");
}

TEST_CASE("connect: one account (controller settings), a link, paid services off until onboarded",
          "[connect]") {
  App a;
  ConnectStripe s;
  a.stripe.handler = std::ref(s);
  CHECK(a.online());  // the platform's own account until the merchant connects
  auto r = a.connect();
  INFO(a.code(r));
  REQUIRE_FALSE(r.error);
  CHECK(r.body["url"] == "https://connect.stripe.test/setup/acct_new1");
  CHECK(r.body["account"] == "acct_new1");
  auto created = a.stripe.calls("POST", "/v1/accounts");
  REQUIRE(created.size() == 1);
  CHECK(created[0].params["controller"]["stripe_dashboard"]["type"] == "full");
  CHECK(created[0].params["controller"]["requirement_collection"] == "stripe");
  CHECK(created[0].params["email"] == "owner@salon.example");
  CHECK(created[0].params["metadata"]["slotpay_merchant"] == "m1");
  CHECK_FALSE(created[0].options.idempotency_key.empty());
  CHECK(created[0].options.stripe_account.empty());
  auto links = a.stripe.calls("POST", "/v1/account_links");
  REQUIRE(links.size() == 1);
  CHECK(links[0].params["type"] == "account_onboarding");
  CHECK(links[0].params["return_url"] == "https://book.example/return");
  CHECK(links[0].params["refresh_url"] == "https://book.example/refresh");

  auto side = a.side("test");
  REQUIRE(side);
  CHECK(side->connection == "connect");
  CHECK(side->stripe_account == "acct_new1");
  CHECK_FALSE(side->charges_enabled);
  CHECK_FALSE(a.online());
  auto st = a.status();
  CHECK(st.body["state"] == "onboarding_incomplete");
  CHECK(st.body["online_payments"] == false);
  CHECK(st.body["currently_due"] == ojson::array({"external_account"}));
  CHECK(st.body["disabled_reason"] == "requirements.past_due");

  // Refresh / a second click: the same account, a new link.
  auto again = a.connect();
  REQUIRE_FALSE(again.error);
  CHECK(again.body["account"] == "acct_new1");
  CHECK(a.stripe.calls("POST", "/v1/accounts").size() == 1);
  CHECK(a.stripe.calls("POST", "/v1/account_links").size() == 2);

  // Back from onboarding before finishing: still off.
  auto back = a.call([&](Reply rep) { a.service.stripe_return("m1", rep); });
  REQUIRE_FALSE(back.error);
  CHECK(back.body["state"] == "onboarding_incomplete");
  s.onboarded = true;
  back = a.call([&](Reply rep) { a.service.stripe_return("m1", rep); });
  REQUIRE_FALSE(back.error);
  CHECK(back.body["state"] == "enabled");
  CHECK(back.body["online_payments"] == true);
  CHECK(a.stripe.calls("GET", "/v1/accounts/acct_new1").size() == 2);
  CHECK(a.online());
}

TEST_CASE("connect: Stripe failures answer without saving and return needs an account",
          "[connect]") {
  App a;
  a.stripe.handler = [](const FakeStripe::Call&) { return refused(503); };
  auto r = a.connect();
  CHECK(a.code(r) == "stripe_unavailable");
  CHECK(a.side("test")->connection == "platform");
  a.stripe.handler = [](const FakeStripe::Call& c) {
    return c.path == "/v1/accounts" ? refused(400, "", "Country is unknown") : refused(500);
  };
  r = a.connect();
  CHECK(a.code(r) == "stripe_error");
  CHECK(r.error->message.find("Country is unknown") != std::string::npos);
  auto back = a.call([&](Reply rep) { a.service.stripe_return("m1", rep); });
  CHECK(a.code(back) == "stripe_not_connected");
}

TEST_CASE("dashboard link: Express login link, the Stripe Dashboard for Standard", "[connect]") {
  App a;
  ConnectStripe s;
  s.dashboard = "express";
  a.stripe.handler = std::ref(s);
  auto none = a.call([&](Reply r) { a.service.stripe_dashboard_link("m1", r); });
  CHECK(none.body["kind"] == "stripe_dashboard");  // the platform's own account
  REQUIRE_FALSE(a.connect().error);
  auto ex = a.call([&](Reply r) { a.service.stripe_dashboard_link("m1", r); });
  REQUIRE_FALSE(ex.error);
  CHECK(ex.body["kind"] == "express");
  CHECK(ex.body["url"] == "https://connect.stripe.test/express/x");
  CHECK(a.stripe.calls("POST", "/v1/accounts/acct_new1/login_links").size() == 1);

  App b;
  ConnectStripe full;
  b.stripe.handler = std::ref(full);
  REQUIRE_FALSE(b.connect().error);
  auto std_link = b.call([&](Reply r) { b.service.stripe_dashboard_link("m1", r); });
  CHECK(std_link.body["kind"] == "stripe_dashboard");
  CHECK(std_link.body["url"] == "https://dashboard.stripe.com/test/");
  CHECK(b.stripe.calls("POST", "/v1/accounts/acct_new1/login_links").empty());
}

TEST_CASE("API-key mode: shape first, then Stripe, sealed at rest, only a hint answered",
          "[connect]") {
  App a;
  std::string seen_key;
  a.stripe.handler = [&](const FakeStripe::Call& c) {
    seen_key = c.options.secret_key;
    if (c.path != "/v1/balance") return refused(404);
    return c.options.secret_key == "sk_test_good1234" ? ok({{"object", "balance"}})
                                                      : refused(401, "", "Invalid API Key");
  };
  // Shape: no Stripe call.
  auto bad = a.save_keys({"pk_test_abc", "pk_test_abc", "whsec_x"});
  CHECK(a.code(bad) == "invalid_stripe_key");
  CHECK(bad.error->field == "secret_key");
  auto mixed = a.save_keys({"pk_live_abc", "sk_test_good1234", "whsec_x"});
  CHECK(a.code(mixed) == "stripe_mode_mismatch");
  CHECK(a.stripe.count() == 0);
  // Stripe refuses the key: nothing saved.
  auto wrong = a.save_keys({"pk_test_abc", "sk_test_wrong999", "whsec_x"});
  CHECK(a.code(wrong) == "stripe_key_rejected");
  CHECK(wrong.error->message.find("sk_test_wrong") == std::string::npos);
  CHECK(a.side("test")->connection == "platform");
  // Good keys, pasted with whitespace.
  auto good = a.save_keys({" pk_test_abc\n", "sk_test_good1234 ", "whsec_hooksecret"});
  INFO(a.code(good));
  REQUIRE_FALSE(good.error);
  CHECK(seen_key == "sk_test_good1234");
  CHECK(good.body["mode"] == "test");
  CHECK(good.body["secret_key_hint"] == "…1234");
  CHECK(good.body["warnings"].size() == 2);
  const std::string text = good.body.dump();
  CHECK(text.find("sk_test_good1234") == std::string::npos);
  CHECK(text.find("whsec_hooksecret") == std::string::npos);
  auto side = a.side("test");
  REQUIRE(side);
  CHECK(side->connection == "keys");
  CHECK(side->publishable_key == "pk_test_abc");
  CHECK(side->secret_key_sealed.find("sk_test") == std::string::npos);
  CHECK(box()->open(side->secret_key_sealed, secret_context("m1", "test", "secret_key")) ==
        "sk_test_good1234");
  auto st = a.status();
  CHECK(st.body["connection"] == "keys");
  CHECK(st.body["secret_key_hint"] == "…1234");
  CHECK(st.body.dump().find("sk_test_good1234") == std::string::npos);
  // Connect is refused while the keys are there; removing them frees the side.
  CHECK(a.code(a.connect()) == "stripe_already_connected");
  auto del = a.call([&](Reply r) { a.service.stripe_keys_delete("m1", "", r); });
  REQUIRE_FALSE(del.error);
  CHECK(del.body["removed"] == true);
  CHECK(a.side("test")->connection == "none");
  CHECK(a.side("test")->secret_key_sealed.empty());
  CHECK_FALSE(a.online());
}

TEST_CASE("API-key mode: no master key, live keys on a test server", "[connect]") {
  ServiceConfig c = App::config();
  c.secrets = nullptr;
  App a(c);
  a.stripe.handler = [](const FakeStripe::Call&) { return ok({{"object", "balance"}}); };
  CHECK(a.code(a.save_keys({"pk_test_abc", "sk_test_good1234", "whsec_x"})) ==
        "key_mode_unavailable");
  App b;
  b.stripe.handler = [](const FakeStripe::Call&) { return ok({{"object", "balance"}}); };
  CHECK(b.code(b.save_keys({"pk_live_abc", "sk_live_good1234", "whsec_x"})) ==
        "live_keys_not_allowed");
  CHECK(b.stripe.count() == 0);
}

TEST_CASE("wallet domains: registered on the connected account once and removed ones disabled",
          "[connect]") {
  App a(App::config(), {"https://salon.example", "http://localhost:3000"});
  ConnectStripe s;
  s.onboarded = true;
  int pmd = 0;
  a.stripe.handler = [&](const FakeStripe::Call& c) {
    if (c.path == "/v1/payment_method_domains" && c.method == "POST") {
      if (c.params["domain_name"] == "book.example")
        return refused(400, "resource_already_exists", "already registered");
      return ok({{"id", "pmd_" + std::to_string(++pmd)},
                 {"domain_name", c.params["domain_name"]},
                 {"enabled", true},
                 {"apple_pay", {{"status", "active"}}},
                 {"google_pay", {{"status", "active"}}}});
    }
    if (c.path == "/v1/payment_method_domains" && c.method == "GET")
      return ok({{"object", "list"},
                 {"data", json::array({{{"id", "pmd_old"},
                                        {"domain_name", "book.example"},
                                        {"enabled", true},
                                        {"apple_pay", {{"status", "active"}}}}})}});
    if (c.path.rfind("/v1/payment_method_domains/", 0) == 0)
      return ok({{"id", c.path.substr(27)},
                 {"enabled", c.params["enabled"]},
                 {"apple_pay", {{"status", "inactive"}}}});
    return s(c);
  };
  REQUIRE_FALSE(a.connect().error);
  auto sync = [&] {
    return a.call(
        [&](Reply r) { a.service.sync_payment_domains("m1", "https://book.example", r); });
  };
  auto r = sync();
  INFO(a.code(r));
  REQUIRE_FALSE(r.error);
  REQUIRE(r.body["domains"].size() == 2);
  auto posts = a.stripe.calls("POST", "/v1/payment_method_domains");
  REQUIRE(posts.size() == 2);
  for (const auto& p : posts) CHECK(p.options.stripe_account == "acct_new1");
  CHECK(a.stripe.calls("GET", "/v1/payment_method_domains").size() == 1);  // the lookup
  auto listed = a.call([&](Reply rep) { a.service.payment_domains("m1", rep); });
  REQUIRE(listed.body["domains"].size() == 2);
  for (const auto& d : listed.body["domains"]) CHECK(d["status"] == "active");

  // Nothing changed: no Stripe call.
  const size_t before = a.stripe.count();
  REQUIRE_FALSE(sync().error);
  CHECK(a.stripe.count() == before);

  // The server's origin is no longer a wallet domain (served on loopback): disabled.
  r = a.call([&](Reply rep) { a.service.sync_payment_domains("m1", "http://127.0.0.1:1", rep); });
  REQUIRE_FALSE(r.error);
  auto off = a.stripe.calls("POST", "/v1/payment_method_domains/pmd_old");
  REQUIRE(off.size() == 1);
  CHECK(off[0].params["enabled"] == false);
  bool removed = false;
  for (const auto& d : r.body["domains"])
    if (d["domain"] == "book.example") removed = d["status"] == "removed";
  CHECK(removed);
}

TEST_CASE("wallet domains in API-key mode use the merchant's key, no account header", "[connect]") {
  App a(App::config(), {"https://salon.example"});
  a.stripe.handler = [&](const FakeStripe::Call& c) {
    if (c.path == "/v1/balance") return ok({{"object", "balance"}});
    return ok({{"id", "pmd_k"}, {"enabled", true}, {"apple_pay", {{"status", "active"}}}});
  };
  REQUIRE_FALSE(a.save_keys({"pk_test_abc", "sk_test_good1234", "whsec_x"}).error);
  auto r = a.call([&](Reply rep) { a.service.sync_payment_domains("m1", "", rep); });
  REQUIRE_FALSE(r.error);
  auto posts = a.stripe.calls("POST", "/v1/payment_method_domains");
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].options.secret_key == "sk_test_good1234");
  CHECK(posts[0].options.stripe_account.empty());
}

TEST_CASE("the merchant's webhook endpoint verifies with that merchant's secret only",
          "[connect]") {
  App a;
  a.stripe.handler = [](const FakeStripe::Call&) { return ok({{"object", "balance"}}); };
  const std::string body =
      R"({"id":"evt_k1","type":"customer.created","livemode":false,"data":{"object":{"id":"cus_1"}}})";
  auto deliver = [&](const std::string& merchant, const std::string& secret) {
    std::string sig = sign_stripe_payload(body, secret, kNowMs / 1000);
    return a.call([&](Reply r) { a.service.merchant_webhook(merchant, body, sig, r); });
  };
  // No keys yet: nothing verifies.
  CHECK(a.code(deliver("m1", "whsec_merchant")) == "invalid_signature");
  REQUIRE_FALSE(a.save_keys({"pk_test_abc", "sk_test_good1234", "whsec_merchant"}).error);
  auto r = deliver("m1", "whsec_merchant");
  INFO(a.code(r));
  CHECK_FALSE(r.error);
  CHECK(a.code(deliver("m1", "whsec_platform")) == "invalid_signature");
  CHECK(a.code(deliver("m1", "whsec_other")) == "invalid_signature");
  CHECK(a.code(deliver("nobody", "whsec_merchant")) == "merchant_not_found");
}

TEST_CASE("the test/live switch: only to a side that is set up", "[connect]") {
  using slotpay::server::mode_switch_refusal;
  using slotpay::server::StripeSide;
  StripeSide keys;
  keys.merchant_id = "m1";
  keys.mode = "live";
  keys.connection = "keys";
  CHECK_FALSE(mode_switch_refusal("live", keys));
  StripeSide onboarding = keys;  // Connect, onboarding unfinished: allowed, paid services hidden
  onboarding.connection = "connect";
  onboarding.charges_enabled = false;
  CHECK_FALSE(mode_switch_refusal("live", onboarding));
  StripeSide removed = keys;  // keys deleted: the side is kept as "none"
  removed.connection = "none";
  CHECK(mode_switch_refusal("live", removed)->code == "stripe_not_set_up");
  CHECK(mode_switch_refusal("test", std::nullopt)->code == "stripe_not_set_up");
  CHECK(mode_switch_refusal("test", std::nullopt)->field == "mode");
  CHECK(mode_switch_refusal("prod", keys)->code == "invalid_field");
  CHECK(mode_switch_refusal("", keys)->code == "invalid_field");
}
