// Retry policy (stripe-node's rules) and the client's headers, over a scripted transport.
#include <catch2/catch.hpp>
#include <deque>
#include <mutex>

#include "stripe/https_stripe_client.hpp"

using namespace slotpay::server;

TEST_CASE("retry policy decisions", "[stripe][retry]") {
  RetryPolicy p;
  auto resp = [](int status, std::optional<std::string> sr = std::nullopt) {
    return AttemptOutcome{true, status, sr};
  };
  AttemptOutcome no_response{false, 0, std::nullopt};
  CHECK(p.should_retry(0, no_response));
  CHECK(p.should_retry(1, no_response));
  CHECK_FALSE(p.should_retry(2, no_response));  // max 2 retries
  CHECK(p.should_retry(0, resp(500)));
  CHECK(p.should_retry(0, resp(503)));
  CHECK(p.should_retry(0, resp(409)));
  CHECK_FALSE(p.should_retry(0, resp(429)));
  CHECK_FALSE(p.should_retry(0, resp(400)));
  CHECK_FALSE(p.should_retry(0, resp(402)));
  CHECK_FALSE(p.should_retry(0, resp(404)));
  CHECK_FALSE(p.should_retry(0, resp(500, "false")));
  CHECK(p.should_retry(0, resp(400, "true")));
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

namespace {
struct ScriptedTransport : HttpTransport {
  std::deque<HttpReply> replies;
  std::vector<HttpRequest> seen;
  std::mutex mu;
  HttpReply send(const HttpRequest& r) override {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(r);
    HttpReply out = replies.front();
    replies.pop_front();
    return out;
  }
};
HttpReply reply(int status, std::string body, std::map<std::string, std::string> headers = {}) {
  HttpReply r;
  r.got_response = true;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}
HttpReply no_reply() {
  HttpReply r;
  r.transport_error = "timeout";
  return r;
}
std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

struct Fixture {
  ScriptedTransport* transport;
  std::vector<long> sleeps;
  std::unique_ptr<HttpsStripeClient> client;
  Fixture() {
    auto t = std::make_unique<ScriptedTransport>();
    transport = t.get();
    HttpsStripeClientOptions o;
    o.secret_key = "sk_test_unit";
    client = std::make_unique<HttpsStripeClient>(o, std::move(t),
                                                 [this](long ms) { sleeps.push_back(ms); });
  }
  StripeResponse create() {
    nlohmann::ordered_json p;
    p["amount"] = 1000;
    p["currency"] = "usd";
    p["metadata"]["booking_id"] = "bk_1";
    return client->request_blocking("POST", "/v1/payment_intents", p,
                                    {"create", "acct_1", "booking_bk_1_create_pi"});
  }
};
}  // namespace

TEST_CASE("500 then 200: retried once with the same idempotency key and headers",
          "[stripe][client]") {
  Fixture f;
  f.transport->replies = {reply(500, R"({"error":{"type":"api_error","message":"boom"}})"),
                          reply(200, R"({"id":"pi_1","object":"payment_intent"})")};
  auto r = f.create();
  REQUIRE(r.ok);
  CHECK(r.attempts == 2);
  CHECK(r.body["id"] == "pi_1");
  REQUIRE(f.transport->seen.size() == 2);
  for (const auto& req : f.transport->seen) {
    CHECK(header(req, "Idempotency-Key") == "booking_bk_1_create_pi");
    CHECK(header(req, "Stripe-Account") == "acct_1");
    CHECK(header(req, "Stripe-Version") == kStripeApiVersion);
    CHECK(header(req, "Authorization") == "Bearer sk_test_unit");
    CHECK(req.body == "amount=1000&currency=usd&metadata[booking_id]=bk_1");
  }
  CHECK(f.sleeps.size() == 1);
  CHECK(f.sleeps[0] >= 500);
}

TEST_CASE("network errors: max 2 retries, then api_connection_error", "[stripe][client]") {
  Fixture f;
  f.transport->replies = {no_reply(), no_reply(), no_reply()};
  auto r = f.create();
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 3);
  CHECK(r.http_status == 0);
  CHECK(r.error.type == "api_connection_error");
  CHECK(f.sleeps.size() == 2);
}

TEST_CASE("4xx is not retried; Stripe's error becomes a clear error", "[stripe][client]") {
  Fixture f;
  f.transport->replies = {reply(
      402,
      R"({"error":{"type":"card_error","code":"card_declined","message":"Your card was declined.","param":"payment_method"}})")};
  auto r = f.create();
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 1);
  CHECK(r.error.type == "card_error");
  CHECK(r.error.code == "card_declined");
  CHECK(r.error.param == "payment_method");
  CHECK(r.http_status == 402);
}

TEST_CASE("Stripe-Should-Retry false stops retries; 409 and 429", "[stripe][client]") {
  Fixture f;
  f.transport->replies = {
      reply(500, R"({"error":{"type":"api_error"}})", {{"stripe-should-retry", "false"}})};
  CHECK(f.create().attempts == 1);
  f.transport->replies = {reply(409, R"({"error":{"type":"idempotency_error"}})"),
                          reply(200, R"({"id":"pi_2"})")};
  CHECK(f.create().attempts == 2);
  f.transport->replies = {reply(429, R"({"error":{"type":"rate_limit_error"}})")};
  CHECK(f.create().attempts == 1);
}

TEST_CASE("GET requests carry no idempotency key and put params in the query", "[stripe][client]") {
  Fixture f;
  f.transport->replies = {reply(200, R"({"id":"pi_1"})")};
  nlohmann::ordered_json p;
  p["expand"] = {"latest_charge"};
  auto r = f.client->request_blocking("GET", "/v1/payment_intents/pi_1", p,
                                      {"get", "acct_1", "ignored"});
  CHECK(r.ok);
  CHECK(header(f.transport->seen[0], "Idempotency-Key").empty());
  CHECK(f.transport->seen[0].path == "/v1/payment_intents/pi_1?expand[0]=latest_charge");
}
