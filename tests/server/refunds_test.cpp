// Refunds (server/app/refunds.hpp): Stripe's Refund objects applied to the refund's
// record in any delivery order, and the booking's refunded amount as the sum of the
// refunds that did not fail.
#include "app/refunds.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "app/lifecycle.hpp"

using namespace slotpay::server;
using json = nlohmann::json;

namespace {

json refund_object(const std::string& id, int64_t amount, const std::string& status) {
  return json{{"id", id},          {"object", "refund"}, {"amount", amount},
              {"currency", "usd"}, {"status", status},   {"payment_intent", "pi_1"},
              {"charge", "ch_1"}};
}

RefundEvent event(const std::string& type, const std::string& id, int64_t amount,
                  const std::string& status, int64_t created) {
  auto e = refund_event_from(type, refund_object(id, amount, status), created);
  REQUIRE(e);
  return *e;
}

}  // namespace

TEST_CASE("refund events are parsed from Stripe's Refund object", "[refunds]") {
  for (const char* t :
       {"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"}) {
    CHECK(is_refund_event_type(t));
    auto e = refund_event_from(t, refund_object("re_1", 1500, "succeeded"), 77);
    REQUIRE(e);
    CHECK(e->refund_id == "re_1");
    CHECK(e->amount == 1500);
    CHECK(e->currency == "usd");
    CHECK(e->status == "succeeded");
    CHECK(e->event_created_s == 77);
  }
  CHECK_FALSE(is_refund_event_type("charge.refunded"));
  CHECK_FALSE(refund_event_from("charge.refunded", refund_object("re_1", 1, "succeeded"), 1));
  CHECK_FALSE(refund_event_from("refund.created", refund_object("re_1", 1, "bogus"), 1));
  CHECK_FALSE(refund_event_from("refund.created", refund_object("re_1", -1, "pending"), 1));
  auto charge = refund_object("re_1", 1, "pending");
  charge["object"] = "charge";
  CHECK_FALSE(refund_event_from("refund.created", charge, 1));
  for (const char* field : {"id", "amount", "currency", "status"}) {
    auto missing = refund_object("re_1", 1, "pending");
    missing.erase(field);
    CHECK_FALSE(refund_event_from("refund.created", missing, 1));
  }
}

TEST_CASE("a refund's PaymentIntent and origin are read and kept once known", "[refunds]") {
  auto object = refund_object("re_1", 900, "pending");
  object["metadata"] = json{{"booking_id", "bk_1"}, {"origin", "merchant:abc"}};
  auto e = refund_event_from("refund.created", object, 10);
  REQUIRE(e);
  CHECK(e->payment_intent_id == "pi_1");
  CHECK(e->origin == "merchant:abc");
  auto first = apply_refund_event(std::nullopt, "bk_1", *e, 1000);
  CHECK(first.record.payment_intent_id == "pi_1");
  CHECK(first.record.origin == "merchant:abc");

  // A dashboard refund has no origin; a Refund without metadata or payment_intent reads as "".
  auto bare = refund_object("re_1", 100, "succeeded");
  bare.erase("payment_intent");
  auto plain = refund_event_from("refund.updated", bare, 11);
  REQUIRE(plain);
  CHECK(plain->payment_intent_id.empty());
  CHECK(plain->origin.empty());
  // A later event without them does not erase what is known.
  auto later = apply_refund_event(first.record, "bk_1", *plain, 2000);
  CHECK(later.record.payment_intent_id == "pi_1");
  CHECK(later.record.origin == "merchant:abc");
}

TEST_CASE("the refunded total: pending and succeeded count, failed and canceled do not",
          "[refunds]") {
  std::vector<RefundRecord> refunds(4);
  refunds[0].amount = 1000, refunds[0].status = "succeeded";
  refunds[1].amount = 500, refunds[1].status = "pending";
  refunds[2].amount = 700, refunds[2].status = "failed";
  refunds[3].amount = 300, refunds[3].status = "canceled";
  CHECK(refunded_total(refunds) == 1500);
  CHECK(refunded_total({}) == 0);
}

TEST_CASE("every delivery order of a refund that fails ends failed and gives nothing back",
          "[refunds]") {
  std::vector<RefundEvent> events = {
      event("refund.created", "re_1", 1000, "succeeded", 10),
      event("refund.updated", "re_1", 1000, "failed", 20),
      event("refund.failed", "re_1", 1000, "failed", 20),
      event("charge.refund.updated", "re_1", 1000, "failed", 20),
  };
  std::vector<int> order = {0, 1, 2, 3};
  int orders = 0;
  do {
    std::optional<RefundRecord> r;
    for (int i : order) r = apply_refund_event(r, "bk_1", events[i], 1000).record;
    REQUIRE(r);
    CHECK(r->status == "failed");
    CHECK(r->amount == 1000);
    CHECK(refunded_total({*r}) == 0);
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(orders == 24);
}

TEST_CASE("a refund's status only moves forward, and repeats change nothing", "[refunds]") {
  auto first = apply_refund_event(std::nullopt, "bk_1",
                                  event("refund.created", "re_1", 800, "pending", 10), 1000);
  CHECK(first.changed);
  CHECK(first.record.booking_id == "bk_1");
  CHECK(first.record.created_at_ms == 1000);
  auto same = apply_refund_event(first.record, "bk_1",
                                 event("refund.created", "re_1", 800, "pending", 10), 2000);
  CHECK_FALSE(same.changed);
  auto done = apply_refund_event(first.record, "bk_1",
                                 event("refund.updated", "re_1", 800, "succeeded", 11), 3000);
  CHECK(done.record.status == "succeeded");
  CHECK(done.record.updated_at_ms == 3000);
  // An older "pending" delivered late does not take a succeeded refund back.
  auto late = apply_refund_event(done.record, "bk_1",
                                 event("refund.created", "re_1", 800, "pending", 10), 4000);
  CHECK_FALSE(late.changed);
  CHECK(late.record.status == "succeeded");
  CHECK(refund_view(late.record)["status"] == "succeeded");
}

TEST_CASE("lifecycle: RefundsTotalled sets the refunded amount exactly, down as well as up",
          "[refunds]") {
  BookingRecord b;
  b.id = "bk_1";
  b.status = BookingStatus::kConfirmed;
  b.paid_amount = 5000;
  b.refunded_amount = 1000;
  auto down = apply_event(b, RefundsTotalled{0}, 10);
  CHECK(down.changed);
  CHECK(down.record.refunded_amount == 0);
  CHECK(down.record.status == BookingStatus::kConfirmed);
  CHECK(down.outcome == Outcome::kRefundRecorded);
  auto same = apply_event(b, RefundsTotalled{1000}, 10);
  CHECK_FALSE(same.changed);
}
