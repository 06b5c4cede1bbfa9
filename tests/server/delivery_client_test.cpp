// Issue #11 item 7: the webhook delivery client against a scripted loopback server: the
// POST as sent (body, headers), a redirect answered but never followed, loopback refused
// unless allowed (before any connection), the attempt's deadline, and TLS verified
// against the CA given (a certificate from another CA fails).
#include "hooks/delivery_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "hooks/endpoint_url.hpp"
#include "loopback_http_server.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

struct Rig {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::thread> threads;
  std::unique_ptr<hooks::DeliveryClient> client;

  explicit Rig(const std::string& ca_file = "") {
    client = hooks::make_delivery_client(io, ca_file);
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { io.run(); });
  }
  ~Rig() {
    client.reset();
    work.reset();
    io.stop();
    for (auto& t : threads) t.join();
  }
  hooks::DeliveryResponse post(const std::string& url, bool loopback = true,
                               int64_t timeout_ms = 5000) {
    hooks::DeliveryRequest req;
    req.url = url;
    req.body = R"({"id":"evt_1","type":"booking.created"})";
    req.headers = {{"Content-Type", "application/json"}, {"Slotpay-Signature", "t=1,v1=ab"}};
    req.timeout_ms = timeout_ms;
    req.allow_loopback = loopback;
    std::promise<hooks::DeliveryResponse> p;
    auto f = p.get_future();
    client->post(req, [&p](hooks::DeliveryResponse r) { p.set_value(std::move(r)); });
    REQUIRE(f.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    return f.get();
  }
};

ScriptedAnswer answer(int status, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  ScriptedAnswer a;
  a.status = status;
  a.body = std::move(body);
  a.headers = std::move(headers);
  return a;
}

}  // namespace

TEST_CASE("webhook delivery: the POST as sent, and the answer", "[hooks]") {
  LoopbackHttpServer server([](const SeenRequest&, int) { return answer(202, "accepted"); });
  Rig rig;
  auto r = rig.post(server.base_url() + "/hooks?x=1");
  CHECK(r.status == 202);
  CHECK(r.transport_error.empty());
  CHECK(r.body == "accepted");
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/hooks?x=1");
  CHECK(seen[0].body == R"({"id":"evt_1","type":"booking.created"})");
  CHECK(seen[0].headers["content-type"] == "application/json");
  CHECK(seen[0].headers["slotpay-signature"] == "t=1,v1=ab");
  CHECK(seen[0].headers["host"] == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("webhook delivery: a redirect is the answer, never followed", "[hooks]") {
  LoopbackHttpServer server([&](const SeenRequest&, int) {
    return answer(302, "", {{"Location", "http://127.0.0.1:1/elsewhere"}});
  });
  Rig rig;
  auto r = rig.post(server.base_url() + "/hooks");
  CHECK(r.status == 302);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("webhook delivery: loopback refused unless allowed, before connecting", "[hooks]") {
  LoopbackHttpServer server([](const SeenRequest&, int) { return answer(200, "ok"); });
  Rig rig;
  auto r = rig.post(server.base_url() + "/hooks", false);
  CHECK(r.status == 0);
  CHECK(r.transport_error == "forbidden_address");
  CHECK(server.connections() == 0);
  auto named = rig.post("http://localhost:" + std::to_string(server.port()) + "/h", false);
  CHECK(named.transport_error == "forbidden_address");
  CHECK(server.connections() == 0);
}

TEST_CASE("webhook delivery: the address is checked after resolution", "[hooks]") {
  LoopbackHttpServer server([](const SeenRequest&, int) { return answer(200, "ok"); });
  Rig rig;
  // Host names the URL check lets through (not an IPv4 literal it knows, not "localhost")
  // that the resolver turns into 127.0.0.1 (inet_aton's forms): refused after resolution,
  // the way a name that resolves (or re-resolves: DNS rebinding) to a private address is.
  for (const std::string host : {"2130706433", "127.1"}) {
    const std::string url = "https://" + host + ":" + std::to_string(server.port()) + "/h";
    REQUIRE_FALSE(hooks::parse_endpoint_url(url, {}).error);
    auto r = rig.post(url, false);
    CHECK(r.status == 0);
    CHECK(r.transport_error == "forbidden_address");
  }
  CHECK(server.connections() == 0);
}

TEST_CASE("webhook delivery: an endpoint that never answers times out", "[hooks]") {
  LoopbackHttpServer server([](const SeenRequest&, int) {
    ScriptedAnswer a;
    a.kind = ScriptedAnswer::Kind::kNeverAnswer;
    return a;
  });
  Rig rig;
  const auto start = std::chrono::steady_clock::now();
  auto r = rig.post(server.base_url() + "/hooks", true, 300);
  CHECK(r.status == 0);
  CHECK(r.transport_error == "timeout");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("webhook delivery: TLS verified against the trust store given", "[hooks]") {
  TestPki pki;
  TlsFiles files = pki.issue("localhost", {"DNS:localhost", "IP:127.0.0.1"});
  LoopbackHttpServer server([](const SeenRequest&, int) { return answer(200, "ok"); }, files);
  {
    Rig rig(pki.ca_file());
    auto r = rig.post("https://localhost:" + std::to_string(server.port()) + "/hooks");
    CHECK(r.status == 200);
    auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].tls_server_name == "localhost");
  }
  TestPki other;
  Rig wrong(other.ca_file());
  auto r = wrong.post("https://localhost:" + std::to_string(server.port()) + "/hooks");
  CHECK(r.status == 0);
  CHECK(r.transport_error == "tls");
}
