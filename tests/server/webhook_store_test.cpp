// Issue #11 item 7: merchant webhooks in the store, the same tests for both stores
// (STORE_TEST): endpoints, events and deliveries round trip; the delivery log pages newest
// first; a claim takes an endpoint's deliveries in order (a later one waits while an
// earlier one is pending, a resend never waits), skips disabled endpoints, and an outcome
// is stored only by the claim's holder.
#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

HookEndpoint endpoint(const std::string& id, bool enabled = true) {
  HookEndpoint e;
  e.id = id;
  e.merchant_id = "m1";
  e.url = "https://hooks.example.com/" + id;
  e.events = {"booking.created", "booking.confirmed"};
  e.secret_sealed = "sb1.sealed-" + id;
  e.enabled = enabled;
  e.created_at_ms = 1000;
  e.updated_at_ms = 1000;
  return e;
}

HookEvent event(const std::string& id, const std::string& type = "booking.created") {
  HookEvent v;
  v.id = id;
  v.merchant_id = "m1";
  v.type = type;
  v.booking_id = "bk_1";
  v.payload = R"({"id":")" + id + R"(","type":")" + type + R"("})";
  v.created_at_ms = 2000;
  return v;
}

HookDelivery delivery(const std::string& id, const std::string& event_id,
                      const std::string& endpoint_id, bool manual = false) {
  HookDelivery d;
  d.id = id;
  d.event_id = event_id;
  d.endpoint_id = endpoint_id;
  d.merchant_id = "m1";
  d.manual = manual;
  d.next_at_ms = 2000;
  d.created_at_ms = 2000;
  return d;
}

std::vector<std::string> claim_ids(BookingStore& s, int64_t now, const std::string& owner,
                                   std::vector<ClaimedHookDelivery>* out = nullptr) {
  std::vector<ClaimedHookDelivery> claimed;
  auto w = write_now(s, [&](BookingTx& tx) {
    claimed = tx.claim_webhook_deliveries(now, owner, now + 60'000, 10);
    return true;
  });
  REQUIRE(w.error.empty());
  std::vector<std::string> ids;
  for (const auto& c : claimed) ids.push_back(c.delivery.id);
  if (out) *out = claimed;
  return ids;
}

bool settle(BookingStore& s, HookDelivery d) {
  bool ok = false;
  REQUIRE(write_now(s, [&](BookingTx& tx) {
            ok = tx.settle_webhook_delivery(d);
            return true;
          }).error.empty());
  return ok;
}

// Two endpoints; events e1, e2 each delivered to we_a; e1 also to we_b.
void seed(BookingStore& s) {
  save(s, merchant());
  REQUIRE(write_now(s, [](BookingTx& tx) {
            tx.save_webhook_endpoint(endpoint("we_a"));
            tx.save_webhook_endpoint(endpoint("we_b"));
            tx.insert_webhook_event(event("evt_1"));
            tx.insert_webhook_delivery(delivery("whd_1", "evt_1", "we_a"));
            tx.insert_webhook_delivery(delivery("whd_1b", "evt_1", "we_b"));
            tx.insert_webhook_event(event("evt_2", "booking.confirmed"));
            tx.insert_webhook_delivery(delivery("whd_2", "evt_2", "we_a"));
            return true;
          }).committed);
}

}  // namespace

STORE_TEST(webhook_round_trip, "webhooks: endpoints, events and deliveries round trip") {
  auto s = db.open();
  seed(*s);
  read_now(*s, [](StoreReader& r) {
    auto all = r.webhook_endpoints("m1");
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == "we_a");
    CHECK(all[0].events == std::vector<std::string>{"booking.created", "booking.confirmed"});
    CHECK(all[0].secret_sealed == "sb1.sealed-we_a");
    CHECK(all[0].enabled);
    CHECK(r.webhook_endpoints("m2").empty());
    auto ev = r.webhook_event("evt_2");
    REQUIRE(ev);
    CHECK(ev->type == "booking.confirmed");
    CHECK(ev->payload == R"({"id":"evt_2","type":"booking.confirmed"})");
    auto d = r.webhook_delivery("whd_2");
    REQUIRE(d);
    CHECK(d->event_type == "booking.confirmed");
    CHECK(d->state == "pending");
    CHECK(d->seq > r.webhook_delivery("whd_1")->seq);
    // The log: newest first, a page after a cursor.
    auto page = r.webhook_deliveries("we_a", "", 1);
    REQUIRE(page.size() == 1);
    CHECK(page[0].id == "whd_2");
    auto next = r.webhook_deliveries("we_a", page[0].id, 10);
    REQUIRE(next.size() == 1);
    CHECK(next[0].id == "whd_1");
    CHECK(r.webhook_deliveries("we_a", "whd_1", 10).empty());
  });
  // Changed in place; deleted with its deliveries (the events stay).
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            auto e = endpoint("we_a", false);
            e.disabled_reason = "failing";
            e.failed_events = 5;
            tx.save_webhook_endpoint(e);
            tx.delete_webhook_endpoint("we_b");
            return true;
          }).committed);
  read_now(*s, [](StoreReader& r) {
    auto a = r.webhook_endpoint("we_a");
    REQUIRE(a);
    CHECK_FALSE(a->enabled);
    CHECK(a->disabled_reason == "failing");
    CHECK(a->failed_events == 5);
    CHECK_FALSE(r.webhook_endpoint("we_b"));
    CHECK_FALSE(r.webhook_delivery("whd_1b"));
    CHECK(r.webhook_event("evt_1"));
  });
}

STORE_TEST(webhook_claim_order, "webhooks: per endpoint, deliveries are claimed in order") {
  auto s = db.open();
  seed(*s);
  std::vector<ClaimedHookDelivery> claimed;
  // we_a's second event waits behind its first; we_b's only one goes.
  CHECK(claim_ids(*s, 5000, "w1", &claimed) == std::vector<std::string>{"whd_1", "whd_1b"});
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[0].event.payload == R"({"id":"evt_1","type":"booking.created"})");
  CHECK(claimed[0].endpoint.url == "https://hooks.example.com/we_a");
  CHECK(claimed[0].endpoint.secret_sealed == "sb1.sealed-we_a");
  // Claimed: nobody else takes them, and whd_2 still waits.
  CHECK(claim_ids(*s, 5000, "w2").empty());
  // Only the holder stores an outcome. A retry later keeps whd_2 waiting.
  HookDelivery d1 = claimed[0].delivery;
  d1.attempts = 1;
  d1.next_at_ms = 9000;
  d1.last_status = 500;
  d1.last_outcome = "http_500";
  d1.last_response = "oops";
  d1.last_attempt_at_ms = 5000;
  HookDelivery stolen = d1;
  stolen.claimed_by = "w2";
  CHECK_FALSE(settle(*s, stolen));
  CHECK(settle(*s, d1));
  CHECK(claim_ids(*s, 6000, "w2").empty());
  // A resend of it is never waited for.
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            tx.insert_webhook_delivery(delivery("whd_r", "evt_1", "we_a", true));
            return true;
          }).committed);
  CHECK(claim_ids(*s, 6000, "w2") == std::vector<std::string>{"whd_r"});
  // Due again: whd_1 first; once delivered, whd_2.
  CHECK(claim_ids(*s, 9000, "w1", &claimed) == std::vector<std::string>{"whd_1"});
  d1 = claimed[0].delivery;
  d1.state = "delivered";
  d1.attempts = 2;
  CHECK(settle(*s, d1));
  CHECK(claim_ids(*s, 9000, "w1") == std::vector<std::string>{"whd_2"});
  read_now(*s, [](StoreReader& r) {
    auto d = r.webhook_delivery("whd_1");
    REQUIRE(d);
    CHECK(d->state == "delivered");
    CHECK(d->attempts == 2);
    CHECK(d->claimed_by.empty());
  });
}

STORE_TEST(webhook_claim_disabled, "webhooks: a disabled endpoint's deliveries wait") {
  auto s = db.open();
  seed(*s);
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            tx.save_webhook_endpoint(endpoint("we_a", false));
            return true;
          }).committed);
  CHECK(claim_ids(*s, 5000, "w1") == std::vector<std::string>{"whd_1b"});
  // A lapsed claim is taken over.
  CHECK(claim_ids(*s, 5000 + 60'000, "w2") == std::vector<std::string>{"whd_1b"});
}
