// The Stripe client: the pure pieces (retry rules, request format, reply reading, base
// URL) and BeastStripeClient against a scripted loopback server, over HTTP and TLS.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "loopback_http_server.hpp"
#include "stripe/beast_stripe_client.hpp"
#include "stripe/origin.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;
using Kind = ScriptedAnswer::Kind;

namespace {

// Waits for an asynchronous call (the test thread is not one of the client's io threads).
StripeResponse request_blocking(StripeClient& client, const std::string& method,
                                const std::string& path, const nlohmann::ordered_json& params,
                                const StripeRequestOptions& options) {
  auto promise = std::make_shared<std::promise<StripeResponse>>();
  std::future<StripeResponse> result = promise->get_future();
  client.request(method, path, params, options, [promise](StripeResponse r) {
    try {
      promise->set_value(std::move(r));
    } catch (const std::future_error&) {  // a second call: the test's counters catch it
    }
  });
  return result.get();
}

}  // namespace

TEST_CASE("retry policy decisions", "[stripe][retry]") {
  RetryPolicy p;
  auto resp = [](int status, std::optional<std::string> sr = std::nullopt) {
    return AttemptOutcome{true, status, sr, TransportFailure::kNone};
  };
  auto none = [](TransportFailure f) { return AttemptOutcome{false, 0, std::nullopt, f}; };
  CHECK(p.should_retry(0, none(TransportFailure::kTimeout)));
  CHECK(p.should_retry(1, none(TransportFailure::kClosed)));
  CHECK(p.should_retry(0, none(TransportFailure::kOther)));
  CHECK_FALSE(p.should_retry(2, none(TransportFailure::kTimeout)));  // max 2 retries
  CHECK_FALSE(p.should_retry(0, none(TransportFailure::kTlsVerify)));
  CHECK(p.should_retry(0, resp(500)));
  CHECK(p.should_retry(0, resp(503)));
  CHECK(p.should_retry(0, resp(409)));
  CHECK_FALSE(p.should_retry(0, resp(429)));
  CHECK_FALSE(p.should_retry(0, resp(400)));
  CHECK_FALSE(p.should_retry(0, resp(402)));
  CHECK_FALSE(p.should_retry(0, resp(404)));
  CHECK_FALSE(p.should_retry(0, resp(500, "false")));
  CHECK(p.should_retry(0, resp(400, "true")));
  CHECK(p.should_retry(0, resp(429, "true")));
  CHECK_FALSE(p.should_retry(2, resp(500, "true")));
}

TEST_CASE("backoff: 0.5 s doubling with jitter, floored at 0.5 s, capped", "[stripe][retry]") {
  RetryPolicy p;
  CHECK(p.backoff_ms(0, 0.0) == 500);
  CHECK(p.backoff_ms(0, 0.99) == 500);
  CHECK(p.backoff_ms(1, 0.0) == 500);
  CHECK(p.backoff_ms(2, 0.0) == 500);
  CHECK(p.backoff_ms(2, 0.999) > 990);
  CHECK(p.backoff_ms(3, 0.0) == 1000);
  CHECK(p.backoff_ms(10, 0.999) <= 5000);
  CHECK(p.backoff_ms(10, 0.0) == 2500);
}

TEST_CASE("a reused connection closed before any response byte is redone once", "[stripe][retry]") {
  using F = TransportFailure;
  CHECK(redo_on_fresh_connection(true, false, false, F::kClosed));
  CHECK_FALSE(redo_on_fresh_connection(false, false, false, F::kClosed));  // fresh connection
  CHECK_FALSE(redo_on_fresh_connection(true, true, false, F::kClosed));    // response started
  CHECK_FALSE(redo_on_fresh_connection(true, false, true, F::kClosed));    // once only
  CHECK_FALSE(redo_on_fresh_connection(true, false, false, F::kTimeout));  // may be working
  CHECK_FALSE(redo_on_fresh_connection(true, false, false, F::kOther));
}

namespace {
std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}
nlohmann::ordered_json pi_params() {
  nlohmann::ordered_json p;
  p["amount"] = 1000;
  p["currency"] = "usd";
  p["metadata"]["booking_id"] = "bk_1";
  return p;
}
}  // namespace

TEST_CASE("request format: headers, form body, query for GETs", "[stripe][format]") {
  HttpRequest post = build_stripe_request("POST", "/v1/payment_intents", pi_params(),
                                          {"create", "acct_1", "booking_bk_1_create_pi"},
                                          "sk_test_unit", kStripeApiVersion);
  CHECK(post.target == "/v1/payment_intents");
  CHECK(post.body == "amount=1000&currency=usd&metadata[booking_id]=bk_1");
  CHECK(header(post, "Authorization") == "Bearer sk_test_unit");
  CHECK(header(post, "Stripe-Version") == kStripeApiVersion);
  CHECK(header(post, "Stripe-Account") == "acct_1");
  CHECK(header(post, "Idempotency-Key") == "booking_bk_1_create_pi");
  CHECK(header(post, "Content-Type") == "application/x-www-form-urlencoded");

  nlohmann::ordered_json q;
  q["expand"] = {"latest_charge"};
  HttpRequest get = build_stripe_request("GET", "/v1/payment_intents/pi_1", q,
                                         {"get", "", "ignored"}, "sk_test_unit", "v");
  CHECK(get.target == "/v1/payment_intents/pi_1?expand[0]=latest_charge");
  CHECK(get.body.empty());
  CHECK(header(get, "Idempotency-Key").empty());  // never on GETs
  CHECK(header(get, "Stripe-Account").empty());   // the platform itself

  nlohmann::ordered_json bad;
  bad["amount"] = 10.5;
  CHECK_THROWS_AS(build_stripe_request("POST", "/v1/x", bad, {}, "sk", "v"), std::invalid_argument);
}

TEST_CASE("reply reading: success, Stripe errors, garbage, no response", "[stripe][format]") {
  HttpReply ok{true, 200, {{"idempotent-replayed", "true"}}, R"({"id":"pi_1"})", ""};
  auto r = interpret_stripe_reply(ok, 2);
  CHECK(r.ok);
  CHECK(r.attempts == 2);
  CHECK(r.idempotent_replayed);
  CHECK(r.body["id"] == "pi_1");

  HttpReply declined{
      true,
      402,
      {},
      R"({"error":{"type":"card_error","code":"card_declined","message":"Declined.","param":"payment_method"}})",
      ""};
  r = interpret_stripe_reply(declined, 1);
  CHECK_FALSE(r.ok);
  CHECK(r.http_status == 402);
  CHECK(r.error.type == "card_error");
  CHECK(r.error.code == "card_declined");
  CHECK(r.error.param == "payment_method");

  r = interpret_stripe_reply(HttpReply{true, 502, {}, "<html>bad gateway</html>", ""}, 3);
  CHECK_FALSE(r.ok);
  CHECK(r.error.type == "api_error");
  CHECK(r.error.message.find("HTTP 502") != std::string::npos);

  r = interpret_stripe_reply(HttpReply{true, 200, {}, "[1]", ""}, 1);  // not an object
  CHECK_FALSE(r.ok);

  r = interpret_stripe_reply(HttpReply{false, 0, {}, "", "timed out"}, 3);
  CHECK_FALSE(r.ok);
  CHECK(r.http_status == 0);
  CHECK(r.error.type == "api_connection_error");
  CHECK(r.error.message == "could not reach Stripe: timed out");
}

TEST_CASE("base URL: scheme, host, port and nothing else", "[stripe][format]") {
  auto o = parse_origin("https://api.stripe.com");
  REQUIRE(o);
  CHECK(o->tls);
  CHECK(o->host == "api.stripe.com");
  CHECK(o->port == "443");
  CHECK(o->host_header == "api.stripe.com");
  CHECK_FALSE(o->host_is_ip);

  o = parse_origin("http://127.0.0.1:12111/");
  REQUIRE(o);
  CHECK_FALSE(o->tls);
  CHECK(o->port == "12111");
  CHECK(o->host_header == "127.0.0.1:12111");
  CHECK(o->host_is_ip);

  o = parse_origin("https://[::1]:8443");
  REQUIRE(o);
  CHECK(o->host == "::1");
  CHECK(o->host_header == "[::1]:8443");
  CHECK(o->host_is_ip);

  for (const char* bad : {"", "api.stripe.com", "ftp://x", "https://", "https://host:",
                          "https://host:0", "https://host:99999", "https://host/v1",
                          "https://user@host", "https://host?x=1", "https://[zz]:1"})
    CHECK_FALSE(parse_origin(bad));
}

namespace {

// A client on its own io_context run by two threads, as in the server.
struct Rig {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::thread> threads;
  std::unique_ptr<BeastStripeClient> client;
  std::atomic<int> observed{0};

  explicit Rig(BeastStripeClientOptions o) {
    client = std::make_unique<BeastStripeClient>(
        io, std::move(o), [this](const std::string&, int, bool, int) { ++observed; });
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { io.run(); });
  }
  ~Rig() {
    client.reset();
    work.reset();
    io.stop();
    for (auto& t : threads) t.join();
  }
  StripeResponse create(const std::string& key = "booking_bk_1_create_pi") {
    return request_blocking(*client, "POST", "/v1/payment_intents", pi_params(),
                            {"create_payment_intent", "acct_1", key});
  }
};

BeastStripeClientOptions options_for(const std::string& base_url) {
  BeastStripeClientOptions o;
  o.base_url = base_url;
  o.secret_key = "sk_test_unit_secret";
  o.retry.initial_delay_s = 0.02;  // keep the suite fast; the rules are the same
  o.retry.max_delay_s = 0.05;
  o.connect_timeout_ms = 2000;
  o.timeout_ms = 3000;
  return o;
}

ScriptedAnswer answer(int status, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  ScriptedAnswer a;
  a.status = status;
  a.body = std::move(body);
  a.headers = std::move(headers);
  return a;
}

const char* kApiError = R"({"error":{"type":"api_error","message":"boom"}})";

// Answers from a list, in order; the last one repeats.
Script in_order(std::vector<ScriptedAnswer> answers) {
  return [answers](const SeenRequest&, int i) {
    return answers[std::min<size_t>(static_cast<size_t>(i), answers.size() - 1)];
  };
}

using Ms = std::chrono::milliseconds;
long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - since).count());
}

}  // namespace

TEST_CASE("success: every header and the form body reach the server", "[stripe][client]") {
  LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1","object":"payment_intent"})",
                                             {{"Idempotent-Replayed", "true"}})}));
  Rig rig(options_for(server.base_url()));
  auto r = rig.create();
  INFO(r.error.message);
  REQUIRE(r.ok);
  CHECK(r.attempts == 1);
  CHECK(r.http_status == 200);
  CHECK(r.body["id"] == "pi_1");
  CHECK(r.idempotent_replayed);
  CHECK(rig.observed == 1);
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  const auto& h = seen[0].headers;
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/v1/payment_intents");
  CHECK(h.at("authorization") == "Bearer sk_test_unit_secret");
  CHECK(h.at("stripe-version") == kStripeApiVersion);
  CHECK(h.at("stripe-account") == "acct_1");
  CHECK(h.at("idempotency-key") == "booking_bk_1_create_pi");
  CHECK(h.at("content-type") == "application/x-www-form-urlencoded");
  CHECK(h.at("host") == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(seen[0].body == "amount=1000&currency=usd&metadata[booking_id]=bk_1");
}

TEST_CASE("GET: params in the query, no idempotency key", "[stripe][client]") {
  LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}));
  Rig rig(options_for(server.base_url()));
  nlohmann::ordered_json p;
  p["expand"] = {"latest_charge"};
  auto r = request_blocking(*rig.client, "GET", "/v1/payment_intents/pi_1", p,
                            {"get", "acct_1", "ignored"});
  CHECK(r.ok);
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "GET");
  CHECK(seen[0].target == "/v1/payment_intents/pi_1?expand[0]=latest_charge");
  CHECK(seen[0].headers.count("idempotency-key") == 0);
}

TEST_CASE("500 then 200: retried with the same idempotency key", "[stripe][client]") {
  LoopbackHttpServer server(in_order({answer(500, kApiError), answer(200, R"({"id":"pi_1"})")}));
  Rig rig(options_for(server.base_url()));
  auto r = rig.create();
  INFO(r.error.message);
  REQUIRE(r.ok);
  CHECK(r.attempts == 2);
  auto seen = server.requests();
  REQUIRE(seen.size() == 2);
  for (const auto& s : seen) {
    CHECK(s.headers.at("idempotency-key") == "booking_bk_1_create_pi");
    CHECK(s.body == "amount=1000&currency=usd&metadata[booking_id]=bk_1");
  }
}

TEST_CASE("500s: at most 2 retries, then Stripe's error", "[stripe][client]") {
  LoopbackHttpServer server(in_order({answer(500, kApiError)}));
  Rig rig(options_for(server.base_url()));
  auto r = rig.create();
  INFO(r.error.message);
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 3);
  CHECK(r.http_status == 500);
  CHECK(r.error.type == "api_error");
  CHECK(r.error.message == "boom");
  CHECK(server.requests().size() == 3);
}

TEST_CASE("409 is retried but 429 and 400 are not", "[stripe][client]") {
  SECTION("409") {
    LoopbackHttpServer server(in_order(
        {answer(409, R"({"error":{"type":"idempotency_error","code":"idempotency_key_in_use"}})"),
         answer(200, R"({"id":"pi_2"})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK(r.ok);
    CHECK(r.attempts == 2);
    CHECK(server.requests().size() == 2);
  }
  SECTION("429") {
    LoopbackHttpServer server(in_order(
        {answer(429, R"({"error":{"type":"invalid_request_error","code":"rate_limit"}})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(r.http_status == 429);
    CHECK(r.error.code == "rate_limit");
    CHECK(server.requests().size() == 1);
  }
  SECTION("400") {
    LoopbackHttpServer server(in_order({answer(
        400,
        R"({"error":{"type":"invalid_request_error","code":"parameter_missing","param":"amount","message":"Missing required param: amount."}})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(r.error.type == "invalid_request_error");
    CHECK(r.error.code == "parameter_missing");
    CHECK(r.error.param == "amount");
    CHECK(server.requests().size() == 1);
  }
}

TEST_CASE("Stripe-Should-Retry overrides the status", "[stripe][client]") {
  SECTION("false on a 500: no retry") {
    LoopbackHttpServer server(in_order({answer(500, kApiError, {{"Stripe-Should-Retry", "false"}}),
                                        answer(200, R"({"id":"pi_1"})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(server.requests().size() == 1);
  }
  SECTION("true on a 400: retried") {
    LoopbackHttpServer server(in_order({answer(400, R"({"error":{"type":"invalid_request_error"}})",
                                               {{"Stripe-Should-Retry", "true"}}),
                                        answer(200, R"({"id":"pi_1"})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK(r.ok);
    CHECK(r.attempts == 2);
    CHECK(server.requests().size() == 2);
  }
}

TEST_CASE("a server that never answers: each attempt ends at the timeout", "[stripe][client]") {
  ScriptedAnswer silent;
  silent.kind = Kind::kNeverAnswer;
  LoopbackHttpServer server(in_order({silent}));
  auto o = options_for(server.base_url());
  o.timeout_ms = 200;
  Rig rig(o);
  auto start = std::chrono::steady_clock::now();
  auto r = rig.create();
  INFO(r.error.message);
  long took = elapsed_ms(start);
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 3);
  CHECK(r.http_status == 0);
  CHECK(r.error.type == "api_connection_error");
  CHECK(r.error.message.find("within 200 ms") != std::string::npos);
  CHECK(r.error.message.find("sk_test") == std::string::npos);
  // 3 attempts x 200 ms + 2 backoffs of 20-50 ms, plus scheduling slack.
  CHECK(took >= 3 * 200);
  CHECK(took < 3 * 200 + 2 * 50 + 700);
  CHECK(server.requests().size() == 3);
  CHECK(server.connections() == 3);  // a timed-out connection is not reused
}

TEST_CASE("connection reset in the middle of a response: retried", "[stripe][client]") {
  ScriptedAnswer reset = answer(200, R"({"id":"pi_1","object":"payment_intent","x":"yyyyyyyy"})");
  reset.kind = Kind::kResetMidResponse;
  SECTION("then success") {
    LoopbackHttpServer server(in_order({reset, answer(200, R"({"id":"pi_1"})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK(r.ok);
    CHECK(r.attempts == 2);
    CHECK(server.requests().size() == 2);
  }
  SECTION("without retries: a connection error") {
    LoopbackHttpServer server(in_order({reset}));
    auto o = options_for(server.base_url());
    o.retry.max_retries = 0;
    Rig rig(o);
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(r.http_status == 0);
    CHECK(r.error.type == "api_connection_error");
    CHECK(server.requests().size() == 1);
  }
}

TEST_CASE("a kept-alive connection closed by the server meanwhile: redone on a new one",
          "[stripe][client][pool]") {
  ScriptedAnswer first = answer(200, R"({"id":"pi_1"})");
  first.close_after = true;  // announces keep-alive, then closes
  LoopbackHttpServer server(in_order({first, answer(200, R"({"id":"pi_2"})")}));
  auto o = options_for(server.base_url());
  o.retry.max_retries = 0;  // the redo is not a retry
  Rig rig(o);
  REQUIRE(rig.create("k1").ok);
  std::this_thread::sleep_for(Ms(50));  // the close reaches the client's idle connection
  auto r = rig.create("k2");
  REQUIRE(r.ok);
  CHECK(r.body["id"] == "pi_2");
  CHECK(r.attempts == 1);
  auto seen = server.requests();
  REQUIRE(seen.size() == 2);  // the closed connection never delivered k2
  CHECK(seen[0].connection == 1);
  CHECK(seen[1].connection == 2);
  CHECK(seen[1].headers.at("idempotency-key") == "k2");
  CHECK(rig.client->stats().connections_opened == 2);
}

TEST_CASE("pool: sequential requests share one connection", "[stripe][client][pool]") {
  LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}));
  Rig rig(options_for(server.base_url()));
  for (int i = 0; i < 10; ++i) REQUIRE(rig.create("k" + std::to_string(i)).ok);
  CHECK(server.requests().size() == 10);
  CHECK(server.connections() == 1);
  auto stats = rig.client->stats();
  CHECK(stats.connections_opened == 1);
  CHECK(stats.open == 1);
  CHECK(stats.idle == 1);
}

TEST_CASE("pool: beyond the cap requests wait, and all complete", "[stripe][client][pool]") {
  ScriptedAnswer slow = answer(200, R"({"id":"pi_1"})");
  slow.delay_ms = 100;
  LoopbackHttpServer server(in_order({slow}));
  auto o = options_for(server.base_url());
  o.max_connections = 2;
  Rig rig(o);
  const int n = 10;
  std::atomic<int> ok{0}, calls{0};
  std::promise<void> all_done;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    rig.client->request("POST", "/v1/payment_intents", pi_params(),
                        {"create", "", "k" + std::to_string(i)}, [&](StripeResponse r) {
                          if (r.ok) ++ok;
                          if (++calls == n) all_done.set_value();
                        });
  REQUIRE(all_done.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  long took = elapsed_ms(start);
  CHECK(ok == n);
  CHECK(server.requests().size() == n);
  CHECK(server.connections() == 2);
  CHECK(server.max_concurrent_connections() == 2);
  CHECK(took >= (n / 2) * 100 - 20);  // two at a time
  CHECK(rig.client->stats().queued == 0);
  CHECK(rig.observed == n);
}

TEST_CASE("pool: a call that waits too long for a connection fails", "[stripe][client][pool]") {
  ScriptedAnswer slow = answer(200, R"({"id":"pi_1"})");
  slow.delay_ms = 400;
  LoopbackHttpServer server(in_order({slow}));
  auto o = options_for(server.base_url());
  o.max_connections = 1;
  o.queue_timeout_ms = 100;
  o.retry.max_retries = 0;
  Rig rig(o);
  std::promise<StripeResponse> first;
  rig.client->request("POST", "/v1/payment_intents", pi_params(), {"create", "", "k1"},
                      [&](StripeResponse r) { first.set_value(std::move(r)); });
  std::this_thread::sleep_for(Ms(50));
  auto second = rig.create("k2");
  CHECK_FALSE(second.ok);
  CHECK(second.error.type == "api_connection_error");
  CHECK(second.error.message.find("no connection to Stripe free within 100 ms") !=
        std::string::npos);
  CHECK(first.get_future().get().ok);
  CHECK(server.requests().size() == 1);
  CHECK(rig.client->stats().queued == 0);
}

TEST_CASE("pool: idle connections close after the idle timeout", "[stripe][client][pool]") {
  LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}));
  auto o = options_for(server.base_url());
  o.idle_timeout_ms = 60;
  Rig rig(o);
  REQUIRE(rig.create("k1").ok);
  CHECK(rig.client->stats().idle == 1);
  std::this_thread::sleep_for(Ms(300));
  CHECK(rig.client->stats().open == 0);
  REQUIRE(rig.create("k2").ok);
  CHECK(server.connections() == 2);
}

TEST_CASE("limits and failures without a response", "[stripe][client]") {
  SECTION("a response over the size cap") {
    LoopbackHttpServer server(
        in_order({answer(200, R"({"id":"pi_1","pad":")" + std::string(5000, 'x') + "\"}")}));
    auto o = options_for(server.base_url());
    o.max_response_bytes = 1000;
    o.retry.max_retries = 0;
    Rig rig(o);
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.error.type == "api_connection_error");
    CHECK(r.error.message.find("over the size limit") != std::string::npos);
  }
  SECTION("nobody listening: retried, then a connection error") {
    int port;
    {
      LoopbackHttpServer gone(in_order({answer(200, "{}")}));
      port = gone.port();
    }
    Rig rig(options_for("http://127.0.0.1:" + std::to_string(port)));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 3);
    CHECK(r.error.type == "api_connection_error");
    CHECK(r.error.message.find("connecting to 127.0.0.1") != std::string::npos);
    CHECK(r.error.message.find("sk_test") == std::string::npos);
  }
  SECTION("the server closes without answering") {
    ScriptedAnswer close;
    close.kind = Kind::kCloseWithoutAnswer;
    LoopbackHttpServer server(in_order({close, answer(200, R"({"id":"pi_1"})")}));
    Rig rig(options_for(server.base_url()));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK(r.ok);
    CHECK(r.attempts == 2);  // a fresh connection: a retry, not a redo
  }
}

TEST_CASE("connect deadline: a TLS handshake that never completes", "[stripe][client][tls]") {
  // The kernel completes TCP connections into the backlog of a socket nobody accepts
  // from, so the client's ClientHello is never answered.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 16) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  auto o = options_for("https://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  o.connect_timeout_ms = 150;
  o.timeout_ms = 5000;
  o.retry.max_retries = 1;
  Rig rig(o);
  auto start = std::chrono::steady_clock::now();
  auto r = rig.create();
  long took = elapsed_ms(start);
  close(fd);
  INFO(r.error.message);
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 2);
  CHECK(r.error.type == "api_connection_error");
  CHECK(r.error.message.find("TLS handshake with 127.0.0.1") != std::string::npos);
  CHECK(r.error.message.find("timed out") != std::string::npos);
  CHECK(took >= 2 * 150);
  CHECK(took < 2 * 150 + 50 + 700);
}

TEST_CASE("parameters that cannot be encoded: an error, still through the callback",
          "[stripe][client]") {
  LoopbackHttpServer server(in_order({answer(200, "{}")}));
  Rig rig(options_for(server.base_url()));
  nlohmann::ordered_json p;
  p["amount"] = 10.5;
  std::atomic<int> calls{0};
  std::promise<StripeResponse> got;
  rig.client->request("POST", "/v1/payment_intents", p, {"create", "", "k"}, [&](StripeResponse r) {
    ++calls;
    got.set_value(std::move(r));
  });
  auto r = got.get_future().get();
  CHECK_FALSE(r.ok);
  CHECK(r.error.type == "invalid_request_error");
  CHECK(r.error.code == "client_encoding");
  CHECK(server.requests().empty());
  std::this_thread::sleep_for(Ms(20));
  CHECK(calls == 1);
}

TEST_CASE("a bad base URL or CA file is refused at construction", "[stripe][client]") {
  boost::asio::io_context io;
  BeastStripeClientOptions o;
  o.base_url = "api.stripe.com";
  CHECK_THROWS_AS(BeastStripeClient(io, o), std::invalid_argument);
  o.base_url = "https://api.stripe.com";
  o.ca_file = "/nonexistent/ca.pem";
  CHECK_THROWS_AS(BeastStripeClient(io, o), std::runtime_error);
}

TEST_CASE("TLS: peer verification with a CA file, SNI, host name check", "[stripe][client][tls]") {
  TestPki pki;
  TlsFiles good = pki.issue("localhost", {"DNS:localhost", "IP:127.0.0.1"});

  SECTION("the right CA: success; SNI for a DNS name") {
    LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}), good);
    auto o = options_for(server.base_url("localhost"));
    o.ca_file = pki.ca_file();
    Rig rig(o);
    auto r = rig.create();
    INFO(r.error.message);
    REQUIRE(r.ok);
    CHECK(r.body["id"] == "pi_1");
    REQUIRE(rig.create("k2").ok);
    auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].tls_server_name == "localhost");
    CHECK(seen[0].headers.at("authorization") == "Bearer sk_test_unit_secret");
    CHECK(server.connections() == 1);  // kept alive over TLS too
  }
  SECTION("an IP address: checked against the certificate's IP, no SNI") {
    LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}), good);
    auto o = options_for(server.base_url("127.0.0.1"));
    o.ca_file = pki.ca_file();
    Rig rig(o);
    REQUIRE(rig.create().ok);
    CHECK(server.requests().at(0).tls_server_name.empty());
  }
  SECTION("the system's CAs do not know this one: refused at once, not retried") {
    LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}), good);
    Rig rig(options_for(server.base_url("localhost")));
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(r.error.type == "api_connection_error");
    CHECK(r.error.message.find("certificate verification failed") != std::string::npos);
    CHECK(r.error.message.find("local issuer") != std::string::npos);
    CHECK(server.requests().empty());
    CHECK(server.connections() == 1);
  }
  SECTION("a certificate for another host name: refused") {
    TlsFiles other = pki.issue("other", {"DNS:other.example"});
    LoopbackHttpServer server(in_order({answer(200, R"({"id":"pi_1"})")}), other);
    auto o = options_for(server.base_url("localhost"));
    o.ca_file = pki.ca_file();
    Rig rig(o);
    auto r = rig.create();
    INFO(r.error.message);
    CHECK_FALSE(r.ok);
    CHECK(r.attempts == 1);
    CHECK(r.error.message.find("not valid for localhost") != std::string::npos);
    CHECK(server.requests().empty());
  }
}
