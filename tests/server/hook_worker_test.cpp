// Issue #11 item 7: the webhook delivery worker on a SQLite store with a scripted client:
// each attempt signed with the endpoint's secret (opened with the master key), an
// endpoint's events in order (a later one waits while an earlier one is retried, and a
// backlog drains in one pass once it is delivered), and an endpoint disabled after its
// events failed for good several times in a row.
#include "app/hook_worker.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <mutex>

#include "app/merchant_webhooks.hpp"
#include "app/secret_box.hpp"
#include "hooks/signature.hpp"
#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;

class FixedClock final : public Clock {
 public:
  int64_t now_ms() const override { return now; }
  int64_t now = kNow;
};

// Answers from `statuses` in turn (200 once they run out); records what it was sent.
class ScriptedClient final : public hooks::DeliveryClient {
 public:
  void post(hooks::DeliveryRequest request, hooks::DeliveryDone done) override {
    int status = 200;
    {
      std::lock_guard<std::mutex> lock(mu);
      sent.push_back(request);
      if (!statuses.empty()) {
        status = statuses.front();
        statuses.pop_front();
      }
    }
    hooks::DeliveryResponse r;
    r.status = status;
    r.body = status == 200 ? "ok" : "down";
    done(r);
  }
  std::mutex mu;
  std::deque<int> statuses;
  std::vector<hooks::DeliveryRequest> sent;
};

struct Rig {
  TestDb db = TestDb::sqlite();
  std::unique_ptr<BookingStore> store = db.open();
  FixedClock clock;
  Metrics metrics;
  std::shared_ptr<const SecretBox> box = std::make_shared<SecretBox>(std::array<unsigned char, 32>{
      1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  ScriptedClient client;
  const std::string secret = "spwhsec_" + std::string(64, 'a');

  Rig() {
    save(*store, merchant());
    HookEndpoint e;
    e.id = "we_1";
    e.merchant_id = "m1";
    e.url = "https://hooks.example.com/h";
    e.events = {"booking.created"};
    e.secret_sealed = box->seal(secret, endpoint_secret_context(e.id));
    e.created_at_ms = e.updated_at_ms = kNow;
    REQUIRE(write_now(*store, [&](BookingTx& tx) {
              tx.save_webhook_endpoint(e);
              return true;
            }).committed);
  }
  void add_event(const std::string& id) {
    REQUIRE(write_now(*store, [&](BookingTx& tx) {
              HookEvent v;
              v.id = id;
              v.merchant_id = "m1";
              v.type = "booking.created";
              v.payload = R"({"id":")" + id + R"("})";
              v.created_at_ms = kNow;
              tx.insert_webhook_event(v);
              HookDelivery d;
              d.id = "whd_" + id;
              d.event_id = id;
              d.endpoint_id = "we_1";
              d.merchant_id = "m1";
              d.next_at_ms = kNow;
              d.created_at_ms = kNow;
              tx.insert_webhook_delivery(d);
              return true;
            }).committed);
  }
  std::unique_ptr<HookWorker> worker(hooks::DeliveryPolicy policy = {}) {
    HookWorkerOptions o;
    o.owner = "test";
    o.policy = policy;
    return std::make_unique<HookWorker>(*store, clock, metrics, box, client, o);
  }
  std::vector<std::string> sent_ids() {
    std::vector<std::string> out;
    for (const auto& r : client.sent) out.push_back(nlohmann::json::parse(r.body)["id"]);
    return out;
  }
  std::optional<HookDelivery> delivery(const std::string& id) {
    std::optional<HookDelivery> d;
    read_now(*store, [&](StoreReader& r) { d = r.webhook_delivery(id); });
    return d;
  }
  std::optional<HookEndpoint> endpoint() {
    std::optional<HookEndpoint> e;
    read_now(*store, [&](StoreReader& r) { e = r.webhook_endpoint("we_1"); });
    return e;
  }
};

}  // namespace

TEST_CASE("hook worker: signed, retried, in order", "[hooks]") {
  Rig rig;
  rig.add_event("evt_1");
  rig.add_event("evt_2");
  rig.client.statuses = {500};
  auto w = rig.worker();
  auto first = w->run_once();
  CHECK(first.retried == 1);
  CHECK(first.delivered == 0);
  // evt_2 waits behind evt_1's retry.
  REQUIRE(rig.sent_ids() == std::vector<std::string>{"evt_1"});
  const auto& req = rig.client.sent[0];
  CHECK(req.url == "https://hooks.example.com/h");
  std::string signature;
  for (const auto& [name, value] : req.headers)
    if (name == "Slotpay-Signature") signature = value;
  CHECK(hooks::verify_delivery(req.body, signature, rig.secret, kNow / 1000).ok);
  CHECK_FALSE(hooks::verify_delivery(req.body, signature, "spwhsec_other", kNow / 1000).ok);
  auto d1 = rig.delivery("whd_evt_1");
  REQUIRE(d1);
  CHECK(d1->state == "pending");
  CHECK(d1->attempts == 1);
  CHECK(d1->last_status == 500);
  CHECK(d1->last_outcome == "http_500");
  CHECK(d1->last_response == "down");
  CHECK(d1->next_at_ms == kNow + 60'000);
  // Not due yet: nothing.
  CHECK(w->run_once().claimed == 0);
  // Due: evt_1 delivered, then evt_2 in the same pass.
  rig.clock.now = kNow + 60'000;
  auto second = w->run_once();
  CHECK(second.delivered == 2);
  CHECK(rig.sent_ids() == std::vector<std::string>{"evt_1", "evt_1", "evt_2"});
  CHECK(rig.delivery("whd_evt_1")->state == "delivered");
  CHECK(rig.delivery("whd_evt_2")->state == "delivered");
  CHECK(rig.endpoint()->enabled);
}

TEST_CASE("hook worker: an endpoint failing event after event is disabled", "[hooks]") {
  Rig rig;
  rig.add_event("evt_1");
  rig.add_event("evt_2");
  rig.add_event("evt_3");
  rig.client.statuses = {500, 500, 500};
  hooks::DeliveryPolicy policy;
  policy.give_up_after_s = 0;  // the first failure is final
  policy.disable_after_failed_events = 2;
  auto stats = rig.worker(policy)->run_once();
  CHECK(stats.failed == 2);
  CHECK(rig.sent_ids() == std::vector<std::string>{"evt_1", "evt_2"});
  CHECK(rig.delivery("whd_evt_1")->state == "failed");
  CHECK(rig.delivery("whd_evt_2")->state == "failed");
  CHECK(rig.delivery("whd_evt_3")->state == "pending");  // waits for the endpoint
  auto e = rig.endpoint();
  REQUIRE(e);
  CHECK_FALSE(e->enabled);
  CHECK(e->disabled_reason == "failing");
  CHECK(e->failed_events == 2);
}
