// The store contract (store/booking_store.hpp), the same tests for both stores: typed
// columns round trip, catalog versions, commit and rollback, occupancies, hold and coupon
// counts, event dedupe, work claims, and what must hold with several stores on one
// database at once (the capacity check + insert atomic, no lost update, each event once,
// each claim once).
#include <atomic>
#include <mutex>
#include <thread>

#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

int64_t seats(const std::vector<slotpay::Occupancy>& v) {
  int64_t n = 0;
  for (const auto& o : v) n += o.quantity;
  return n;
}

void wait_until(const std::function<bool()>& cond) {
  for (int i = 0; i < 10000 && !cond(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(cond());
}

}  // namespace

STORE_TEST(migrations_run_once, "migrations run once and the schema is reopened as it is") {
  {
    auto s = db.open();
    save(*s, merchant());
  }
  auto again = db.open();
  auto m = read_merchant(*again, "m1");
  REQUIRE(m);
  CHECK(m->stripe_account == "acct_1");
  CHECK(m->catalog_version == 1);
  CHECK(m->allowed_origins == std::vector<std::string>{"https://a.example"});
  std::optional<BookingRecord> none = read_booking(*again, "nope");
  CHECK_FALSE(none);
  read_now(*again, [](StoreReader& r) { r.ping(); });
}

STORE_TEST(typed_columns_round_trip, "typed booking columns round trip") {
  auto s = db.open();
  save(*s, merchant());
  BookingRecord b = booking("bk_1", BookingStatus::kAwaitingPayment, 5000);
  b.addons = {"wash", "dry"};
  b.coupon = "FIVEOFF";
  b.customer.phone = "+15551234567";
  b.customer.name = "Zoë O'Brien \"Jo\"";  // quotes and UTF-8 are values, never SQL
  b.quote.lines = {{"service", "cut", 4500, 0, false},
                   {"discount", "FIVEOFF", -500, 0, false},
                   {"tax", "", 330, 825, true}};
  b.quote.subtotal = 4500;
  b.quote.discount = 500;
  b.quote.tax = 330;
  b.quote.tip = 100;
  b.quote.total = 4100;
  b.quote.payment = slotpay::ChargeMode::kPayAtVenue;
  b.quote.due_now = 820;
  b.quote.due_later = 3280;
  b.quote.application_fee = 71;
  b.quote.min_charge = slotpay::MinChargeVerdict{50, true, true};
  b.idempotency_key = "k";
  b.payment_intent_id = "pi_1";
  b.client_secret = "secret";
  b.pi_cancel_pending = true;
  b.paid_amount = 820;
  b.refund_amount = 10;
  b.refund_application_fee = true;
  b.refund_reason = "customer_cancel";
  b.refund_id = "re_1";
  b.refunded_amount = 10;
  b.disputed = true;
  b.created_at_ms = 11;
  b.updated_at_ms = 4'102'444'800'123;  // past 2^32 seconds' worth of milliseconds
  b.claimed_by = "inst_a";
  b.claimed_until_ms = 99;
  b.client_key = "2001:db8:1:2::/64";
  insert(*s, b);
  auto got = read_booking(*s, "bk_1");
  REQUIRE(got);
  CHECK(got->status == BookingStatus::kAwaitingPayment);
  CHECK(got->slot.start == b.slot.start);
  CHECK(got->slot.end == b.slot.end);
  CHECK(got->slot.service == "cut");
  CHECK(got->slot.staff == "ana");
  CHECK(got->start_day == "2026-12-01");
  CHECK(got->addons == b.addons);
  CHECK(got->coupon == "FIVEOFF");
  CHECK(got->customer.name == b.customer.name);
  CHECK(got->customer.phone == b.customer.phone);
  CHECK(got->currency() == "usd");
  REQUIRE(got->quote.lines.size() == 3);
  CHECK(got->quote.lines[1].id == "FIVEOFF");
  CHECK(got->quote.lines[2].inclusive);
  CHECK(got->quote.lines[2].rate_bps == 825);
  CHECK(got->quote.total == 4100);
  CHECK(got->quote.tip == 100);
  CHECK(got->quote.payment == slotpay::ChargeMode::kPayAtVenue);
  REQUIRE(got->quote.min_charge);
  CHECK(got->quote.min_charge->adjusted);
  CHECK(got->quote.application_fee == 71);
  CHECK(got->pi_cancel_pending);
  CHECK(got->refund_application_fee);
  CHECK(got->disputed);
  CHECK(got->refund_id == "re_1");
  CHECK(got->created_at_ms == 11);
  CHECK(got->updated_at_ms == 4'102'444'800'123);
  CHECK(got->claimed_by == "inst_a");
  CHECK(got->claimed_until_ms == 99);
  CHECK(got->client_key == "2001:db8:1:2::/64");
  // update_booking writes every mutable field back.
  auto changed = *got;
  changed.status = BookingStatus::kConfirmed;
  changed.quote.min_charge.reset();
  changed.customer.phone.reset();
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.update_booking(changed);
            return true;
          }).committed);
  auto again = read_booking(*s, "bk_1");
  CHECK(again->status == BookingStatus::kConfirmed);
  CHECK_FALSE(again->quote.min_charge);
  CHECK_FALSE(again->customer.phone);
  std::optional<BookingRecord> by_pi;
  read_now(*s, [&](StoreReader& r) { by_pi = r.booking_by_payment_intent("pi_1"); });
  REQUIRE(by_pi);
  CHECK(by_pi->id == "bk_1");
}

STORE_TEST(bookings_version_moves,
           "bookings_version moves with every change of what bookings occupy") {
  auto s = db.open();
  save(*s, merchant());
  auto version = [&] { return *read_merchant(*s, "m1"); };
  int64_t v0 = version().bookings_version;
  BookingRecord b = booking("b1", BookingStatus::kHeld, 5000);
  insert(*s, b);
  Merchant after_insert = version();
  CHECK(after_insert.bookings_version > v0);
  CHECK(after_insert.max_booking_s == 2700);
  // A change that does not touch the occupancy (the intent's id) leaves it alone ...
  BookingRecord with_pi = b;
  with_pi.payment_intent_id = "pi_1";
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.update_booking(b, with_pi);
            return true;
          }).committed);
  CHECK(version().bookings_version == after_insert.bookings_version);
  CHECK(read_booking(*s, "b1")->payment_intent_id == "pi_1");
  // ... and so does held -> awaiting_payment: both hold the seat until the same expiry.
  BookingRecord awaiting = with_pi;
  awaiting.status = BookingStatus::kAwaitingPayment;
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.update_booking(with_pi, awaiting);
            return true;
          }).committed);
  CHECK(version().bookings_version == after_insert.bookings_version);
  // A longer hold does move it.
  BookingRecord longer = awaiting;
  longer.hold_expires_at_ms = 6000;
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.update_booking(awaiting, longer);
            return true;
          }).committed);
  int64_t after_longer = version().bookings_version;
  CHECK(after_longer > after_insert.bookings_version);
  // A change of state moves it, and only the changed fields are written.
  BookingRecord stale = b;  // an older copy: its other fields must not be written back
  stale.status = BookingStatus::kExpired;
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.update_booking(b, stale);
            return true;
          }).committed);
  CHECK(version().bookings_version > after_longer);
  auto got = read_booking(*s, "b1");
  CHECK(got->status == BookingStatus::kExpired);
  CHECK(got->payment_intent_id == "pi_1");
  CHECK(got->hold_expires_at_ms == 6000);
}

STORE_TEST(catalog_versions, "catalog versions: a new version only when the text changes") {
  auto s = db.open();
  int64_t v1 = 0, v2 = 0, v3 = 0;
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            v1 = tx.save_merchant(merchant(), R"({"a":1})");
            v2 = tx.save_merchant(merchant(), R"({"a":1})");
            v3 = tx.save_merchant(merchant(), R"({"a":2})");
            return true;
          }).committed);
  CHECK(v1 == 1);
  CHECK(v2 == 1);
  CHECK(v3 == 2);
  std::optional<std::string> old_text, new_text;
  read_now(*s, [&](StoreReader& r) {
    old_text = r.catalog_text("m1", 1);
    new_text = r.catalog_text("m1", 2);
  });
  CHECK(read_merchant(*s, "m1")->catalog_version == 2);
  CHECK(old_text == std::optional<std::string>(R"({"a":1})"));
  CHECK(new_text == std::optional<std::string>(R"({"a":2})"));
  // Saving again keeps charges_enabled as account.updated left it.
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            tx.set_charges_enabled("acct_1", false);
            return true;
          }).committed);
  save(*s, merchant(), R"({"a":2})");
  auto m = read_merchant(*s, "m1");
  CHECK_FALSE(m->charges_enabled);
  CHECK(m->catalog_version == 2);
}

STORE_TEST(commit_and_rollback, "write jobs commit, roll back on false and on exceptions") {
  auto s = db.open();
  save(*s, merchant());
  CHECK(write_now(*s, [](BookingTx& tx) {
          tx.insert_booking(booking("b1", BookingStatus::kHeld, 100));
          return true;
        }).committed);
  auto rolled = write_now(*s, [](BookingTx& tx) {
    tx.insert_booking(booking("b2", BookingStatus::kHeld, 100));
    return false;
  });
  CHECK_FALSE(rolled.committed);
  CHECK(rolled.error.empty());
  auto threw = write_now(*s, [](BookingTx& tx) -> bool {
    tx.insert_booking(booking("b3", BookingStatus::kHeld, 100));
    throw std::runtime_error("boom");
  });
  CHECK_FALSE(threw.committed);
  CHECK(threw.error == "boom");
  CHECK_FALSE(threw.unavailable);
  // A duplicate primary key is an error, and the job leaves nothing.
  auto dup = write_now(*s, [](BookingTx& tx) {
    tx.insert_booking(booking("b4", BookingStatus::kHeld, 100));
    tx.insert_booking(booking("b1", BookingStatus::kHeld, 100));
    return true;
  });
  CHECK_FALSE(dup.committed);
  CHECK_FALSE(dup.error.empty());
  CHECK_FALSE(dup.unavailable);
  // A job that swallows a failed statement and asks to commit keeps nothing either.
  auto swallowed = write_now(*s, [](BookingTx& tx) {
    tx.insert_booking(booking("b5", BookingStatus::kHeld, 100));
    try {
      tx.insert_booking(booking("b1", BookingStatus::kHeld, 100));
    } catch (const StoreError&) {
    }
    return true;
  });
  if (db.postgres_kind()) {  // the server rolled the whole transaction back
    CHECK_FALSE(swallowed.committed);
    CHECK_FALSE(read_booking(*s, "b5"));
  } else {  // SQLite kept the statements before the failed one
    CHECK(swallowed.committed);
    CHECK(read_booking(*s, "b5"));
  }
  CHECK(read_booking(*s, "b1"));
  CHECK_FALSE(read_booking(*s, "b2"));
  CHECK_FALSE(read_booking(*s, "b3"));
  CHECK_FALSE(read_booking(*s, "b4"));
}

STORE_TEST(many_jobs_keep_their_outcome, "many queued jobs each keep their own outcome") {
  auto s = db.open();
  save(*s, merchant());
  constexpr int kJobs = 200;
  std::atomic<int> done{0}, committed{0};
  std::atomic<bool> go{false};
  s->write(
      [&](BookingTx&) {
        while (!go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return false;
      },
      {});
  for (int i = 0; i < kJobs; ++i) {
    s->write(
        [i](BookingTx& tx) -> bool {
          tx.insert_booking(booking("b" + std::to_string(i), BookingStatus::kConfirmed, 0));
          if (i % 3 == 1) throw std::runtime_error("no");
          return i % 3 == 0;
        },
        [&](const WriteResult& r) {
          if (r.committed) committed++;
          done++;
        });
  }
  go = true;
  wait_until([&] { return done == kJobs; });
  CHECK(committed == (kJobs + 2) / 3);
  std::map<std::string, int64_t> counts;
  read_now(*s, [&](StoreReader& r) { counts = r.count_by_status(); });
  CHECK(counts["confirmed"] == (kJobs + 2) / 3);
}

STORE_TEST(occupancies, "occupancies: confirmed plus unexpired holds, by a range of starts") {
  auto s = db.open();
  save(*s, merchant());
  save(*s, merchant("m2"));
  REQUIRE(write_now(*s, [](BookingTx& tx) {
            tx.insert_booking(booking("held_live", BookingStatus::kHeld, 2000));
            tx.insert_booking(booking("held_old", BookingStatus::kAwaitingPayment, 500));
            tx.insert_booking(booking("conf", BookingStatus::kConfirmed, 0));
            tx.insert_booking(booking("exp", BookingStatus::kExpired, 0));
            tx.insert_booking(
                booking("later", BookingStatus::kConfirmed, 0, 1'796'137'200 + 86400));
            tx.insert_booking(booking("other", BookingStatus::kConfirmed, 0, 1'796'137'200, "m2"));
            return true;
          }).committed);
  std::vector<slotpay::Occupancy> all, first_day, excluded;
  std::vector<BookingRecord> work;
  read_now(*s, [&](StoreReader& r) {
    all = r.occupancies("m1", 1000, 0, INT64_MAX);
    first_day = r.occupancies("m1", 1000, 1'796'137'200, 1'796'137'200 + 86400);
    excluded = r.occupancies("m1", 1000, 0, INT64_MAX, "conf");
    work = r.bookings_needing_work(1000);
  });
  // held_live and conf share service, staff, start and end: one occupancy of 2.
  REQUIRE(all.size() == 2);
  CHECK(seats(all) == 3);
  CHECK(all[0].service == "cut");
  CHECK(all[0].staff == "ana");
  CHECK(all[0].start.seconds == 1'796'137'200);
  CHECK(all[0].end.seconds == 1'796'137'200 + 2700);
  CHECK(all[0].quantity == 2);
  REQUIRE(first_day.size() == 1);
  CHECK(first_day[0].quantity == 2);
  CHECK(seats(excluded) == 2);
  REQUIRE(work.size() == 1);
  CHECK(work[0].id == "held_old");
  // The same reads inside a write transaction (where they lock) answer the same.
  std::vector<slotpay::Occupancy> in_tx;
  write_now(*s, [&](BookingTx& tx) {
    in_tx = tx.occupancies("m1", 1000, 0, INT64_MAX);
    return false;
  });
  CHECK(seats(in_tx) == 3);
}

STORE_TEST(hold_and_coupon_counts,
           "live holds by merchant, client and email, coupon uses by code and email") {
  auto s = db.open();
  save(*s, merchant());
  save(*s, merchant("m2"));
  auto b = [](const std::string& id, BookingStatus st, int64_t expires, const std::string& key,
              const std::string& email, const std::string& coupon,
              const std::string& merchant_id = "m1") {
    BookingRecord r = booking(id, st, expires, 1'796'137'200, merchant_id);
    r.client_key = key;
    r.customer.email = email;
    r.coupon = coupon;
    return r;
  };
  REQUIRE(
      write_now(*s, [&](BookingTx& tx) {
        tx.insert_booking(b("h1", BookingStatus::kHeld, 2000, "1.2.3.4", "Jo@Example.com", ""));
        tx.insert_booking(
            b("h2", BookingStatus::kAwaitingPayment, 2000, "1.2.3.4", "al@example.com", "SAVE"));
        tx.insert_booking(b("h3", BookingStatus::kHeld, 2000, "", "jo@example.com", "save"));
        // Lapsed, settled or another merchant's: no live hold.
        tx.insert_booking(b("old", BookingStatus::kHeld, 500, "1.2.3.4", "jo@example.com", "SAVE"));
        tx.insert_booking(
            b("conf", BookingStatus::kConfirmed, 0, "1.2.3.4", "JO@example.com", "Save"));
        tx.insert_booking(
            b("gone", BookingStatus::kCancelled, 0, "1.2.3.4", "jo@example.com", "SAVE"));
        tx.insert_booking(
            b("m2h", BookingStatus::kHeld, 2000, "1.2.3.4", "jo@example.com", "SAVE", "m2"));
        return true;
      }).committed);
  LiveHolds holds, no_key;
  CouponUses uses, other_code;
  read_now(*s, [&](StoreReader& r) {
    holds = r.live_holds("m1", 1000, "1.2.3.4", "jo@EXAMPLE.com");
    no_key = r.live_holds("m1", 1000, "", "");
    uses = r.coupon_uses("m1", "sAvE", "jo@example.com", 1000);
    other_code = r.coupon_uses("m1", "NOPE", "jo@example.com", 1000);
  });
  CHECK(holds.merchant == 3);
  CHECK(holds.client == 2);  // h1, h2
  CHECK(holds.email == 2);   // h1, h3 (case-insensitive)
  CHECK(no_key.merchant == 3);
  CHECK(no_key.client == 0);  // an empty key or email matches nothing
  CHECK(no_key.email == 0);
  CHECK(uses.total == 3);  // h2, h3, conf (case-insensitive); lapsed and cancelled give theirs back
  CHECK(uses.by_email == 2);  // h3, conf
  CHECK(other_code.total == 0);
  // The same counts inside a write transaction (where the caps are decided).
  LiveHolds in_tx;
  CouponUses uses_in_tx;
  write_now(*s, [&](BookingTx& tx) {
    in_tx = tx.live_holds("m1", 1000, "1.2.3.4", "jo@example.com");
    uses_in_tx = tx.coupon_uses("m1", "SAVE", "jo@example.com", 1000);
    return false;
  });
  CHECK(in_tx.merchant == 3);
  CHECK(in_tx.client == 2);
  CHECK(in_tx.email == 2);
  CHECK(uses_in_tx.total == 3);
  CHECK(uses_in_tx.by_email == 2);
}

STORE_TEST(events_once, "stripe events are recorded once") {
  auto s = db.open();
  bool first = false, second = true;
  write_now(*s, [&](BookingTx& tx) {
    first = tx.record_event({"evt_1", "payment_intent.succeeded", "acct_1", "pi_1", 1});
    return true;
  });
  write_now(*s, [&](BookingTx& tx) {
    second = tx.record_event({"evt_1", "payment_intent.succeeded", "acct_1", "pi_1", 2});
    return true;
  });
  CHECK(first);
  CHECK_FALSE(second);
  int64_t n = 0;
  read_now(*s, [&](StoreReader& r) { n = r.count_events(); });
  CHECK(n == 1);
}

STORE_TEST(events_once_across_stores,
           "an event delivered to two stores at once is recorded by one") {
  auto a = db.open();
  auto b = db.open();
  constexpr int kEvents = 40;
  std::atomic<int> firsts{0}, done{0};
  for (int i = 0; i < kEvents; ++i)
    for (BookingStore* s : {a.get(), b.get()})
      s->write(
          [&firsts, i](BookingTx& tx) {
            if (tx.record_event({"evt_" + std::to_string(i), "charge.refunded", "", "ch", 1}))
              firsts++;
            return true;
          },
          [&done](const WriteResult&) { done++; });
  wait_until([&] { return done == 2 * kEvents; });
  CHECK(firsts == kEvents);
  int64_t n = 0;
  read_now(*a, [&](StoreReader& r) { n = r.count_events(); });
  CHECK(n == kEvents);
}

STORE_TEST(
    capacity_across_stores,
    "capacity check + insert is atomic under concurrent creates, two stores on one database") {
  auto a = db.open();
  auto b = db.open();
  save(*a, merchant());
  constexpr int64_t kCapacity = 3;
  constexpr int kAttempts = 48;
  std::atomic<int> granted{0}, next_id{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    BookingStore& store = (t % 2) ? *a : *b;
    threads.emplace_back([&store, &granted, &next_id, &done] {
      for (int i = 0; i < kAttempts / 8; ++i) {
        store.write(
            [&](BookingTx& tx) {
              if (seats(tx.occupancies("m1", 0, 0, INT64_MAX)) >= kCapacity) return false;
              tx.insert_booking(
                  booking("b" + std::to_string(next_id++), BookingStatus::kHeld, 1'000'000));
              return true;
            },
            [&](const WriteResult& r) {
              if (r.committed) granted++;
              done++;
            });
      }
    });
  }
  for (auto& t : threads) t.join();
  wait_until([&] { return done == kAttempts; });
  CHECK(granted == static_cast<int>(kCapacity));
  std::vector<slotpay::Occupancy> occ;
  read_now(*a, [&](StoreReader& r) { occ = r.occupancies("m1", 0, 0, INT64_MAX); });
  CHECK(seats(occ) == kCapacity);
}

STORE_TEST(no_lost_update,
           "a booking read and written back by two stores at once loses no update") {
  auto a = db.open();
  auto b = db.open();
  save(*a, merchant());
  insert(*a, booking("b1", BookingStatus::kConfirmed, 0));
  constexpr int kEach = 25;
  std::atomic<int> done{0};
  for (int i = 0; i < kEach; ++i)
    for (BookingStore* s : {a.get(), b.get()})
      s->write(
          [](BookingTx& tx) {
            auto cur = tx.booking("b1");
            auto next = *cur;
            next.refunded_amount += 1;
            tx.update_booking(*cur, next);
            return true;
          },
          [&done](const WriteResult& r) {
            if (!r.committed) FAIL_CHECK(r.error);
            done++;
          });
  wait_until([&] { return done == 2 * kEach; });
  CHECK(read_booking(*a, "b1")->refunded_amount == 2 * kEach);
}

STORE_TEST(claim_rules, "work claims: what is taken, by whom, until when") {
  auto s = db.open();
  save(*s, merchant());
  save(*s, merchant("m0"));
  const int64_t now = 10'000;
  auto with_claim = [](BookingRecord b, const std::string& by, int64_t until) {
    b.claimed_by = by;
    b.claimed_until_ms = until;
    return b;
  };
  auto owing = [](BookingRecord b) {
    b.refund_pending = true;
    return b;
  };
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            // held, its create in flight (claimed, live): left alone, even by its owner
            tx.insert_booking(
                with_claim(booking("h_live", BookingStatus::kHeld, 99'000), "me", 20'000));
            // held, claim lapsed: its instance died: taken
            tx.insert_booking(
                with_claim(booking("h_lapsed", BookingStatus::kHeld, 99'000), "x", 9'000));
            // a hold past expiry, unclaimed: taken
            tx.insert_booking(booking("a_expired", BookingStatus::kAwaitingPayment, 5'000));
            // a hold not yet expired: nothing to do
            tx.insert_booking(booking("a_live", BookingStatus::kAwaitingPayment, 50'000));
            // owing a refund, claimed by another live instance: left alone
            tx.insert_booking(with_claim(owing(booking("c_other", BookingStatus::kConfirmed, 0)),
                                         "other", 20'000));
            // owing a refund, claimed by me: taken again (my next pass retries)
            tx.insert_booking(
                with_claim(owing(booking("c_mine", BookingStatus::kConfirmed, 0)), "me", 20'000));
            // owing a refund, another merchant: taken, listed first (merchant order)
            tx.insert_booking(
                owing(booking("c_m0", BookingStatus::kConfirmed, 0, 1'796'137'200, "m0")));
            // confirmed, owing nothing
            tx.insert_booking(booking("c_done", BookingStatus::kConfirmed, 0));
            // cancelled, owing a pay link paid afterwards: taken
            auto late = booking("d_late", BookingStatus::kCancelled, 0);
            late.late_refund_pending = true;
            tx.insert_booking(late);
            return true;
          }).committed);
  std::vector<BookingRecord> claimed;
  REQUIRE(write_now(*s, [&](BookingTx& tx) {
            claimed = tx.claim_work(now, "me", now + 30'000, 100);
            return true;
          }).committed);
  std::vector<std::string> ids;
  for (const auto& b : claimed) ids.push_back(b.id);
  CHECK(ids == std::vector<std::string>{"c_m0", "a_expired", "c_mine", "d_late", "h_lapsed"});
  CHECK(read_booking(*s, "d_late")->late_refund_pending);
  for (const auto& b : claimed) {
    CHECK(b.claimed_by == "me");
    CHECK(b.claimed_until_ms == now + 30'000);
  }
  auto stored = read_booking(*s, "h_lapsed");
  CHECK(stored->claimed_by == "me");
  CHECK(stored->claimed_until_ms == now + 30'000);
  CHECK(read_booking(*s, "c_other")->claimed_by == "other");
  // Another instance right after: everything is claimed by "me" now.
  std::vector<BookingRecord> second;
  write_now(*s, [&](BookingTx& tx) {
    second = tx.claim_work(now + 1, "you", now + 30'000, 100);
    return true;
  });
  CHECK(second.empty());
  // Once the claims lapse, it takes them over (c_other's too), up to its limit.
  write_now(*s, [&](BookingTx& tx) {
    second = tx.claim_work(now + 40'000, "you", now + 70'000, 3);
    return true;
  });
  REQUIRE(second.size() == 3);
  CHECK(second[0].id == "c_m0");
  for (const auto& b : second) CHECK(b.claimed_by == "you");
  // A claim rolled back with its transaction was never made.
  write_now(*s, [&](BookingTx& tx) {
    tx.claim_work(now + 40'000, "ghost", now + 100'000, 100);
    return false;
  });
  for (const auto& id : {"a_expired", "c_other", "h_live"})
    CHECK(read_booking(*s, id)->claimed_by != "ghost");
}

STORE_TEST(claims_once_across_stores, "two stores claiming at once never take the same booking") {
  auto a = db.open();
  auto b = db.open();
  save(*a, merchant());
  constexpr int kBookings = 120;
  REQUIRE(write_now(*a, [&](BookingTx& tx) {
            for (int i = 0; i < kBookings; ++i)
              tx.insert_booking(
                  booking("b" + std::to_string(i), BookingStatus::kAwaitingPayment, 1));
            return true;
          }).committed);
  std::mutex mu;
  std::map<std::string, int> taken;
  std::atomic<int> done{0};
  constexpr int kPasses = 16;
  for (int i = 0; i < kPasses; ++i) {
    BookingStore* s = (i % 2) ? a.get() : b.get();
    std::string owner = "instance_" + std::to_string(i);  // owners retake their own claims
    s->write(
        [&, owner](BookingTx& tx) {
          auto got = tx.claim_work(1000, owner, 1'000'000, 10);
          std::lock_guard<std::mutex> lock(mu);
          for (const auto& r : got) taken[r.id]++;
          return true;
        },
        [&done](const WriteResult& r) {
          if (!r.committed) FAIL_CHECK(r.error);
          done++;
        });
  }
  wait_until([&] { return done == kPasses; });
  CHECK(taken.size() == kBookings);
  for (const auto& [id, n] : taken) CHECK(n == 1);
}

STORE_TEST(reads_do_not_wait, "reads do not wait behind a long write") {
  auto s = db.open();
  save(*s, merchant());
  std::atomic<bool> release{false}, writing{false}, finished{false};
  s->write(
      [&](BookingTx& tx) {
        tx.insert_booking(booking("slow", BookingStatus::kConfirmed, 0));
        writing = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return true;
      },
      [&](const WriteResult&) { finished = true; });
  wait_until([&] { return writing.load(); });
  // The write is in progress: a read answers at once, from the last commit.
  std::optional<Merchant> m;
  bool slow_seen = true;
  read_now(*s, [&](StoreReader& r) {
    m = r.merchant("m1");
    slow_seen = r.booking("slow").has_value();
  });
  CHECK(m);
  CHECK_FALSE(slow_seen);
  release = true;
  wait_until([&] { return finished.load(); });
  CHECK(read_booking(*s, "slow"));
}

STORE_TEST(disputes_round_trip, "disputes are saved, replaced by id and listed by merchant") {
  auto s = db.open();
  save(*s, merchant());
  save(*s, merchant("m2"));
  insert(*s, booking("b1", BookingStatus::kConfirmed, 0));
  insert(*s, booking("b2", BookingStatus::kConfirmed, 0, 1'796'137'200, "m2"));
  DisputeRecord d;
  d.id = "dp_1";
  d.booking_id = "b1";
  d.charge = "ch_1";
  d.amount = 5000;
  d.currency = "usd";
  d.reason = "fraudulent";
  d.status = "needs_response";
  d.evidence_due_by_s = 1'800'000'000;
  d.last_event_created_s = 10;
  d.created_at_ms = d.updated_at_ms = 1000;
  DisputeRecord other = d;
  other.id = "dp_2";
  other.booking_id = "b2";
  CHECK(write_now(*s, [&](BookingTx& tx) {
          CHECK_FALSE(tx.dispute("dp_1"));
          tx.save_dispute(d);
          tx.save_dispute(other);
          return true;
        }).committed);
  DisputeRecord closed = d;
  closed.status = "lost";
  closed.funds_withdrawn = true;
  closed.amount = 4500;
  closed.last_event_created_s = 30;
  closed.updated_at_ms = 2000;
  CHECK(write_now(*s, [&](BookingTx& tx) {
          auto found = tx.dispute("dp_1");
          REQUIRE(found);
          CHECK(*found == d);
          tx.save_dispute(closed);
          return true;
        }).committed);
  std::vector<DisputeRecord> of_m1;
  read_now(*s, [&](StoreReader& r) { of_m1 = r.disputes_of_merchant("m1"); });
  REQUIRE(of_m1.size() == 1);
  CHECK(of_m1[0] == closed);  // replaced, created_at kept as saved
  read_now(*s, [&](StoreReader& r) {
    CHECK(r.disputes_of_merchant("m2").size() == 1);
    CHECK(r.disputes_of_merchant("m3").empty());
  });
  // A dispute never changes what the booking occupies.
  CHECK(read_booking(*s, "b1")->status == BookingStatus::kConfirmed);
}

STORE_TEST(refunds_round_trip,
           "refunds are saved, replaced by id and listed by booking and merchant") {
  auto s = db.open();
  save(*s, merchant());
  insert(*s, booking("b1", BookingStatus::kConfirmed, 0));
  insert(*s, booking("b2", BookingStatus::kConfirmed, 0, 1'796'140'800));
  // The PaymentIntent and origin kept (migration 16): a refund per charge of a booking.
  RefundRecord a{"re_1", "b1", 1000, "usd", "pending", 10, 1000, 1000, "pi_dep", "booking"};
  RefundRecord b{"re_2", "b1", 500, "usd", "succeeded", 11, 1001, 1001, "pi_bal", "merchant:ab"};
  RefundRecord c{"re_3", "b2", 700, "usd", "succeeded", 12, 1002, 1002, "", ""};
  CHECK(write_now(*s, [&](BookingTx& tx) {
          CHECK_FALSE(tx.refund("re_1"));
          tx.save_refund(a);
          tx.save_refund(b);
          tx.save_refund(c);
          return true;
        }).committed);
  RefundRecord failed = a;
  failed.status = "failed";
  failed.last_event_created_s = 20;
  failed.updated_at_ms = 2000;
  CHECK(write_now(*s, [&](BookingTx& tx) {
          REQUIRE(tx.refund("re_1"));
          CHECK(*tx.refund("re_1") == a);
          tx.save_refund(failed);
          return true;
        }).committed);
  read_now(*s, [&](StoreReader& r) {
    CHECK(r.refunds_of_booking("b1") == std::vector<RefundRecord>{failed, b});
    CHECK(r.refunds_of_merchant("m1").size() == 3);
    CHECK(r.refunds_of_booking("nope").empty());
  });
}

STORE_TEST(
    pay_links_round_trip,
    "pay links are saved, updated, and found by id, by PaymentIntent and as a booking's newest") {
  auto s = db.open();
  save(*s, merchant());
  insert(*s, booking("b1", BookingStatus::kConfirmed, 0));
  PayLinkRecord a{"pl_a", "b1", "m1", 4500, "usd", 255, "open", "", "", "", 1000, 9000, 0};
  PayLinkRecord b{"pl_b", "b1", "m1", 3600, "usd", 180, "open", "", "", "", 2000, 9000, 0};
  CHECK(write_now(*s, [&](BookingTx& tx) {
          CHECK_FALSE(tx.pay_link("pl_a"));
          CHECK_FALSE(tx.newest_pay_link("b1"));
          tx.save_pay_link(a);
          tx.save_pay_link(b);
          return true;
        }).committed);
  PayLinkRecord paid = b;
  paid.idempotency_key = "paylink_pl_b_create_pi";
  paid.payment_intent_id = "pi_9";
  paid.client_secret = "sealed";
  paid.status = "paid";
  paid.paid_at_ms = 3000;
  CHECK(write_now(*s, [&](BookingTx& tx) {
          REQUIRE(tx.pay_link("pl_b"));
          CHECK(*tx.pay_link("pl_b") == b);
          tx.save_pay_link(paid);
          return true;
        }).committed);
  read_now(*s, [&](StoreReader& r) {
    CHECK(r.pay_link("pl_a") == a);
    CHECK(r.newest_pay_link("b1") == paid);
    CHECK(r.pay_link_by_payment_intent("pi_9") == paid);
    CHECK_FALSE(r.pay_link_by_payment_intent(""));
    CHECK_FALSE(r.pay_link_by_payment_intent("pi_other"));
    CHECK_FALSE(r.newest_pay_link("b2"));
    // Only the paid ones, oldest payment first (the charges of app/booking_charges.hpp).
    CHECK(r.paid_pay_links("b1") == std::vector<PayLinkRecord>{paid});
    CHECK(r.paid_pay_links("b2").empty());
    // Open, but no page asked for a PaymentIntent yet: nothing to void at Stripe.
    CHECK(r.open_pay_links("b1").empty());
  });
  PayLinkRecord earlier = a;
  earlier.status = "paid";
  earlier.payment_intent_id = "pi_8";
  earlier.paid_at_ms = 2500;
  earlier.late = true;  // paid after its booking was cancelled
  CHECK(write_now(*s, [&](BookingTx& tx) {
          tx.save_pay_link(earlier);
          return true;
        }).committed);
  read_now(*s, [&](StoreReader& r) {
    CHECK(r.paid_pay_links("b1") == std::vector<PayLinkRecord>{earlier, paid});
  });
  // Open links whose page made a PaymentIntent, oldest first (what a cancel voids).
  PayLinkRecord c{"pl_c", "b1", "m1", 900, "usd", 0, "open", "k_c", "pi_c", "s", 4000, 9000, 0};
  PayLinkRecord d{"pl_d", "b1", "m1", 900, "usd", 0, "open", "k_d", "pi_d", "s", 3500, 9000, 0};
  CHECK(write_now(*s, [&](BookingTx& tx) {
          tx.save_pay_link(c);
          tx.save_pay_link(d);
          return true;
        }).committed);
  read_now(*s, [&](StoreReader& r) {
    CHECK(r.open_pay_links("b1") == std::vector<PayLinkRecord>{d, c});
    CHECK(r.open_pay_links("b2").empty());
  });
}

STORE_TEST(bookings_starting_pages,
           "the report pages bookings by start then id, within the range and the mode") {
  auto s = db.open();
  save(*s, merchant());
  save(*s, merchant("m2"));
  const int64_t t0 = 1'796'137'200;
  // Two bookings share a start (the id breaks the tie); one before and one at the range's
  // end fall outside; another merchant's and a live-mode one are filtered.
  for (auto [id, start] : std::vector<std::pair<std::string, int64_t>>{
           {"b3", t0 + 3600}, {"b1", t0}, {"b2", t0}, {"b0", t0 - 1}, {"b9", t0 + 7200}}) {
    auto b = booking(id, BookingStatus::kConfirmed, 0, start);
    b.mode = "test";
    insert(*s, b);
  }
  auto live = booking("b4", BookingStatus::kConfirmed, 0, t0 + 60);
  live.mode = "live";
  insert(*s, live);
  insert(*s, booking("x1", BookingStatus::kConfirmed, 0, t0, "m2"));

  auto ids = [](const std::vector<BookingRecord>& v) {
    std::vector<std::string> out;
    for (const auto& b : v) out.push_back(b.id);
    return out;
  };
  read_now(*s, [&](StoreReader& r) {
    auto first = r.bookings_starting("m1", "test", t0, t0 + 7200, t0 - 1, "", 2);
    CHECK(ids(first) == std::vector<std::string>{"b1", "b2"});
    const auto& last = first.back();
    auto second =
        r.bookings_starting("m1", "test", t0, t0 + 7200, last.slot.start.seconds, last.id, 2);
    CHECK(ids(second) == std::vector<std::string>{"b3"});
    auto both = r.bookings_starting("m1", "", t0, t0 + 7200, t0 - 1, "", 10);
    CHECK(ids(both) == std::vector<std::string>{"b1", "b2", "b4", "b3"});
  });
}
