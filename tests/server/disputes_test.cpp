// Disputes (server/app/disputes.hpp): Stripe's dispute events parsed and applied to the
// dispute's record in every order Stripe may deliver them, and what each state puts at
// stake for the merchant.
#include "app/disputes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

using namespace slotpay::server;
using json = nlohmann::json;

namespace {

json dispute_object(const std::string& status, int64_t amount = 5000, int64_t due_by = 1800000000) {
  return json{{"id", "dp_1"},
              {"object", "dispute"},
              {"amount", amount},
              {"charge", "ch_1"},
              {"currency", "usd"},
              {"reason", "fraudulent"},
              {"status", status},
              {"payment_intent", "pi_1"},
              {"evidence_details", {{"due_by", due_by}, {"has_evidence", false}}}};
}

DisputeEvent event(const std::string& type, const std::string& status, int64_t created,
                   int64_t amount = 5000) {
  auto e = dispute_event_from(type, dispute_object(status, amount), created);
  REQUIRE(e);
  return *e;
}

DisputeRecord run(const std::vector<DisputeEvent>& events) {
  std::optional<DisputeRecord> r;
  int64_t now = 1000;
  for (const auto& e : events) r = apply_dispute_event(r, "bk_1", e, now++).record;
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("dispute events are parsed from Stripe's dispute object", "[disputes]") {
  auto e = dispute_event_from("charge.dispute.created", dispute_object("needs_response"), 1700);
  REQUIRE(e);
  CHECK(e->kind == "created");
  CHECK(e->dispute_id == "dp_1");
  CHECK(e->charge == "ch_1");
  CHECK(e->amount == 5000);
  CHECK(e->currency == "usd");
  CHECK(e->reason == "fraudulent");
  CHECK(e->status == "needs_response");
  CHECK(e->evidence_due_by_s == 1800000000);
  CHECK(e->event_created_s == 1700);
  for (const char* t : {"charge.dispute.updated", "charge.dispute.closed",
                        "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"})
    CHECK(dispute_event_from(t, dispute_object("under_review"), 1));

  CHECK_FALSE(dispute_event_from("charge.refunded", dispute_object("lost"), 1));
  CHECK_FALSE(dispute_event_from("charge.dispute.bogus", dispute_object("lost"), 1));
  auto not_dispute = dispute_object("lost");
  not_dispute["object"] = "charge";
  CHECK_FALSE(dispute_event_from("charge.dispute.closed", not_dispute, 1));
  for (const char* field : {"id", "amount", "currency", "status"}) {
    auto missing = dispute_object("lost");
    missing.erase(field);
    CHECK_FALSE(dispute_event_from("charge.dispute.closed", missing, 1));
  }
  auto negative = dispute_object("lost", -1);
  CHECK_FALSE(dispute_event_from("charge.dispute.closed", negative, 1));
  auto text_amount = dispute_object("lost");
  text_amount["amount"] = "5000";
  CHECK_FALSE(dispute_event_from("charge.dispute.closed", text_amount, 1));
}

TEST_CASE("a lost dispute in order: recorded, funds withdrawn, at stake", "[disputes]") {
  auto r = run({event("charge.dispute.created", "needs_response", 10),
                event("charge.dispute.funds_withdrawn", "needs_response", 10),
                event("charge.dispute.updated", "under_review", 20),
                event("charge.dispute.closed", "lost", 30)});
  CHECK(r.id == "dp_1");
  CHECK(r.booking_id == "bk_1");
  CHECK(r.status == "lost");
  CHECK(r.funds_withdrawn);
  CHECK_FALSE(r.funds_reinstated);
  CHECK(r.evidence_due_by_s == 1800000000);
  CHECK(r.last_event_created_s == 30);
  CHECK(amount_at_stake(r) == 5000);
  auto v = dispute_view(r);
  CHECK(v["status"] == "lost");
  CHECK(v["amount_at_stake"] == 5000);
  CHECK(v["evidence_due_by"] == 1800000000);
}

TEST_CASE("a won dispute: funds reinstated, nothing at stake", "[disputes]") {
  auto r = run({event("charge.dispute.created", "needs_response", 10),
                event("charge.dispute.funds_withdrawn", "needs_response", 10),
                event("charge.dispute.closed", "won", 40),
                event("charge.dispute.funds_reinstated", "won", 40)});
  CHECK(r.status == "won");
  CHECK(r.funds_withdrawn);
  CHECK(r.funds_reinstated);
  CHECK(amount_at_stake(r) == 0);
  // An inquiry (warning_*) closed without a chargeback puts nothing at stake either.
  auto inquiry = run({event("charge.dispute.created", "warning_needs_response", 10),
                      event("charge.dispute.closed", "warning_closed", 20)});
  CHECK(amount_at_stake(inquiry) == 0);
  // An open dispute does (the funds are usually withdrawn at once).
  auto open = run({event("charge.dispute.created", "needs_response", 10)});
  CHECK(amount_at_stake(open) == 5000);
}

TEST_CASE("every delivery order of a dispute's events ends in the same record", "[disputes]") {
  std::vector<DisputeEvent> events = {
      event("charge.dispute.created", "needs_response", 10, 5000),
      event("charge.dispute.funds_withdrawn", "needs_response", 11, 5000),
      event("charge.dispute.updated", "under_review", 20, 4500),  // amount lowered later
      event("charge.dispute.closed", "lost", 30, 4500),
  };
  std::vector<int> order = {0, 1, 2, 3};
  std::optional<DisputeRecord> first;
  int orders = 0;
  do {
    std::vector<DisputeEvent> shuffled;
    for (int i : order) shuffled.push_back(events[i]);
    auto r = run(shuffled);
    CHECK(r.status == "lost");  // a closed dispute never reopens
    CHECK(r.amount == 4500);    // the newest event's amount
    CHECK(r.funds_withdrawn);
    CHECK(r.last_event_created_s == 30);
    r.created_at_ms = r.updated_at_ms = 0;  // when it was applied, not what it says
    if (first)
      CHECK(r == *first);
    else
      first = r;
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(orders == 24);
}

TEST_CASE("a repeated or older event changes nothing", "[disputes]") {
  auto created = event("charge.dispute.created", "needs_response", 10);
  auto first = apply_dispute_event(std::nullopt, "bk_1", created, 1000);
  CHECK(first.changed);
  CHECK(first.record.created_at_ms == 1000);
  auto again = apply_dispute_event(first.record, "bk_1", created, 2000);
  CHECK_FALSE(again.changed);
  CHECK(again.record.updated_at_ms == 1000);
  auto closed =
      apply_dispute_event(first.record, "bk_1", event("charge.dispute.closed", "won", 50), 3000);
  CHECK(closed.changed);
  CHECK(closed.record.updated_at_ms == 3000);
  auto late = apply_dispute_event(closed.record, "bk_1",
                                  event("charge.dispute.updated", "under_review", 20, 1), 4000);
  CHECK_FALSE(late.changed);
  CHECK(late.record.status == "won");
  CHECK(late.record.amount == 5000);
}
