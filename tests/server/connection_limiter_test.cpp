// Connection caps (in all, per client address), the client address, CORS decisions.
#include "http/connection_limiter.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "http/client_address.hpp"
#include "http/cors.hpp"

using namespace slotpay::server::http;

TEST_CASE("connection caps: per client and in all, tickets give slots back", "[http][limits]") {
  ConnectionLimiter limiter(5, 2);
  std::vector<ConnectionLimiter::Ticket> held;
  for (int i = 0; i < 2; ++i) {
    auto t = limiter.try_acquire("10.0.0.1");
    REQUIRE(t);
    held.push_back(std::move(*t));
  }
  CHECK_FALSE(limiter.try_acquire("10.0.0.1"));
  CHECK(limiter.open_for("10.0.0.1") == 2);
  for (const char* c : {"10.0.0.2", "10.0.0.2", "10.0.0.3"}) {
    auto t = limiter.try_acquire(c);
    REQUIRE(t);
    held.push_back(std::move(*t));
  }
  CHECK(limiter.open() == 5);
  CHECK_FALSE(limiter.try_acquire("10.0.0.4"));  // total cap
  CHECK(limiter.open_for("10.0.0.4") == 0);
  held.erase(held.begin());  // one of 10.0.0.1's
  CHECK(limiter.open() == 4);
  CHECK(limiter.open_for("10.0.0.1") == 1);
  CHECK(limiter.try_acquire("10.0.0.4"));  // acquired and released at once
  CHECK(limiter.open() == 4);
  held.clear();
  CHECK(limiter.open() == 0);
  CHECK(limiter.open_for("10.0.0.2") == 0);
}

TEST_CASE("client address: the peer, IPv4-mapped shown as IPv4, forwarding headers ignored",
          "[http][limits]") {
  CHECK(normalize_peer_address("::ffff:127.0.0.1") == "127.0.0.1");
  CHECK(normalize_peer_address("::1") == "::1");
  CHECK(normalize_peer_address("192.0.2.7") == "192.0.2.7");
  CHECK(client_address("192.0.2.7", {{"X-Forwarded-For", "203.0.113.9"},
                                     {"Forwarded", "for=203.0.113.9"}}) == "192.0.2.7");
}

TEST_CASE("CORS: merchant allow-list, same origin, preflight", "[http][cors]") {
  slotpay::server::Merchant m;
  m.allowed_origins = {"https://salon.example"};
  HttpRequest req;
  req.headers = {{"Host", "api.example:8080"}, {"Origin", "https://salon.example"}};
  CHECK(origin_allowed(req, &m));
  HttpResponse res;
  apply_cors(req, res, &m);
  CHECK(res.header("Access-Control-Allow-Origin") == "https://salon.example");
  CHECK(res.header("Vary") == "Origin");
  auto pre = preflight_response(req, &m);
  CHECK(pre.status == 204);
  CHECK(pre.header("Access-Control-Allow-Methods") == "GET, POST, OPTIONS");

  req.headers = {{"Host", "api.example:8080"}, {"Origin", "https://evil.example"}};
  CHECK_FALSE(origin_allowed(req, &m));
  CHECK_FALSE(origin_allowed(req, nullptr));
  HttpResponse none;
  apply_cors(req, none, &m);
  CHECK(none.headers.empty());
  CHECK(preflight_response(req, &m).status == 403);

  req.headers = {{"Host", "api.example:8080"}, {"Origin", "http://api.example:8080"}};
  CHECK(origin_allowed(req, nullptr));  // same origin
  req.headers = {{"Host", "api.example:8080"}};
  CHECK(origin_allowed(req, nullptr));  // not a cross-origin browser request
}
