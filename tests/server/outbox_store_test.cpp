// Issue #12: the outbox in the store, the same tests for both stores (STORE_TEST): a
// message queued in a transaction exists only if that transaction commits; a claim
// takes due messages once (also with several stores on one database at once); an
// outcome is stored only by the claim's holder; a lapsed claim is taken over.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

OutboxMessage message(const std::string& id, int64_t due_ms, const std::string& booking = "bk_1") {
  OutboxMessage m;
  m.id = id;
  m.booking_id = booking;
  m.merchant_id = "m1";
  m.kind = "booking_confirmed";
  m.message_id = "<" + id + "@test.example>";
  m.envelope_from = "bookings@test.example";
  m.recipients = {"jo@example.com"};
  m.subject = "Booked: Zoë's \"cut\"";
  m.data = "From: x\r\nSubject: y\r\n\r\nbody =C3=A9\r\n";
  m.queued_at_ms = 1000;
  m.next_attempt_at_ms = due_ms;
  return m;
}

std::vector<OutboxMessage> claim(BookingStore& s, int64_t now, const std::string& owner,
                                 int limit = 10, int64_t lease = 60'000) {
  std::vector<OutboxMessage> out;
  auto w = write_now(s, [&](BookingTx& tx) {
    out = tx.claim_messages(now, owner, now + lease, limit);
    return true;
  });
  REQUIRE(w.error.empty());
  return out;
}

std::map<std::string, int64_t> counts(BookingStore& s) {
  std::map<std::string, int64_t> out;
  read_now(s, [&](StoreReader& r) { out = r.count_messages_by_status(); });
  return out;
}

}  // namespace

STORE_TEST(outbox_round_trip, "outbox: a queued message round trips, and a rollback keeps none") {
  auto s = db.open();
  save(*s, merchant());
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            tx.queue_message(message("msg_1", 2000));
            return true;
          }).committed);
  auto rolled = write_now(*s, [](BookingTx& tx) {
    tx.queue_message(message("msg_2", 2000));
    return false;
  });
  CHECK_FALSE(rolled.committed);
  std::optional<OutboxMessage> m;
  std::vector<OutboxMessage> recent;
  read_now(*s, [&](StoreReader& r) {
    m = r.message("msg_1");
    recent = r.recent_messages(10);
  });
  REQUIRE(m);
  CHECK(m->subject == "Booked: Zoë's \"cut\"");
  CHECK(m->data == message("msg_1", 2000).data);
  CHECK(m->recipients == std::vector<std::string>{"jo@example.com"});
  CHECK(m->status == OutboxStatus::kQueued);
  CHECK(m->next_attempt_at_ms == 2000);
  REQUIRE(recent.size() == 1);
  CHECK(recent[0].id == "msg_1");
  CHECK(counts(*s) == std::map<std::string, int64_t>{{"queued", 1}});
}

STORE_TEST(outbox_claim_once,
           "outbox: due messages are claimed once and settled by the holder only") {
  auto s = db.open();
  save(*s, merchant());
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            tx.queue_message(message("msg_a", 1000));
            tx.queue_message(message("msg_b", 1500));
            tx.queue_message(message("msg_later", 9000));
            return true;
          }).committed);
  auto first = claim(*s, 2000, "w1");
  REQUIRE(first.size() == 2);
  CHECK(first[0].id == "msg_a");
  CHECK(first[1].id == "msg_b");
  CHECK(first[0].claimed_by == "w1");
  // Claimed: nobody else gets them while the lease runs.
  CHECK(claim(*s, 2001, "w2").empty());

  // Only the holder stores an outcome.
  OutboxMessage sent = first[0];
  sent.status = OutboxStatus::kSent;
  sent.attempts = 1;
  sent.last_code = 250;
  OutboxMessage stranger = sent;
  stranger.claimed_by = "w2";
  bool stored = false;
  write_now(*s, [&](BookingTx& tx) { return stored = tx.settle_message(stranger); });
  CHECK_FALSE(stored);
  write_now(*s, [&](BookingTx& tx) { return stored = tx.settle_message(sent); });
  CHECK(stored);
  // Settled once: a second outcome for the same claim is refused (sent stays sent).
  write_now(*s, [&](BookingTx& tx) { return stored = tx.settle_message(sent); });
  CHECK_FALSE(stored);

  // A retry releases the claim; the message is due again at its next attempt.
  OutboxMessage retry = first[1];
  retry.attempts = 1;
  retry.last_code = 451;
  retry.next_attempt_at_ms = 5000;
  write_now(*s, [&](BookingTx& tx) { return stored = tx.settle_message(retry); });
  CHECK(stored);
  CHECK(claim(*s, 4999, "w2").empty());
  auto again = claim(*s, 5000, "w2");
  REQUIRE(again.size() == 1);
  CHECK(again[0].id == "msg_b");
  CHECK(again[0].attempts == 1);
  CHECK(again[0].last_code == 451);

  // A lapsed claim (its worker died) is taken over; the old holder can no longer settle.
  auto lapsed = claim(*s, 5000 + 60'000, "w3", 1, 60'000);
  REQUIRE(lapsed.size() == 1);
  CHECK(lapsed[0].id == "msg_b");
  retry = again[0];
  retry.status = OutboxStatus::kSent;
  write_now(*s, [&](BookingTx& tx) { return stored = tx.settle_message(retry); });
  CHECK_FALSE(stored);
  CHECK(counts(*s) == std::map<std::string, int64_t>{{"queued", 2}, {"sent", 1}});
}

STORE_TEST(outbox_claims_concurrent,
           "outbox: several stores claiming at once never hand one message out twice") {
  auto setup = db.open();
  save(*setup, merchant());
  const int kMessages = 60;
  REQUIRE(write_now(*setup, [&](BookingTx& tx) {
            for (int i = 0; i < kMessages; ++i)
              tx.queue_message(message("msg_" + std::to_string(100 + i), 1000));
            return true;
          }).committed);
  std::vector<std::unique_ptr<BookingStore>> stores;
  for (int i = 0; i < 3; ++i) stores.push_back(db.open());
  std::mutex mu;
  std::vector<std::string> seen;
  std::vector<std::thread> workers;
  for (int w = 0; w < 3; ++w)
    for (int t = 0; t < 2; ++t)
      workers.emplace_back([&, w, t] {
        const std::string owner = "w" + std::to_string(w) + "_" + std::to_string(t);
        for (;;) {
          // No Catch2 assertion on these threads (not thread-safe): the checks follow.
          std::vector<OutboxMessage> got;
          write_now(*stores[w], [&](BookingTx& tx) {
            got = tx.claim_messages(2000, owner, 62'000, 4);
            return true;
          });
          if (got.empty()) return;
          std::lock_guard<std::mutex> lock(mu);
          for (const auto& m : got) seen.push_back(m.id);
        }
      });
  for (auto& t : workers) t.join();
  std::set<std::string> unique(seen.begin(), seen.end());
  CHECK(seen.size() == static_cast<size_t>(kMessages));
  CHECK(unique.size() == static_cast<size_t>(kMessages));
}
