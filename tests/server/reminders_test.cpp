// Issue #12: reminders. When a booking's reminder is due (pure), whether it still goes
// out when its time comes (pure), and the store taking due reminders once (both stores;
// also two instances on one database at once). The email itself is in outbox_test.cpp;
// the whole path over HTTP with SMTP in tests/server/e2e/reminders.test.mjs.
#include "app/reminders.hpp"

#include <set>
#include <thread>

#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;
using slotpay::Instant;

namespace {
constexpr int64_t kHour = 3600;
constexpr int64_t kStartS = 1'796'137'200;  // 2026-12-01T15:00:00Z
}  // namespace

TEST_CASE("reminders: due reminder_hours before the start, none when booked inside the window",
          "[reminders]") {
  const Instant start{kStartS};
  const int64_t two_days_before_ms = (kStartS - 48 * kHour) * 1000;
  CHECK(reminder_due_at_ms(start, two_days_before_ms, 24) == (kStartS - 24 * kHour) * 1000);
  CHECK(reminder_due_at_ms(start, two_days_before_ms, 1) == (kStartS - kHour) * 1000);
  CHECK(reminder_due_at_ms(start, two_days_before_ms, 168) == 0);  // booked inside 7 days
  CHECK(reminder_due_at_ms(start, two_days_before_ms, 0) == 0);    // reminders off
  // Booked exactly at the moment the reminder would be due, or one millisecond before.
  const int64_t due_ms = (kStartS - 24 * kHour) * 1000;
  CHECK(reminder_due_at_ms(start, due_ms, 24) == 0);
  CHECK(reminder_due_at_ms(start, due_ms - 1, 24) == due_ms);
}

TEST_CASE("reminders: only a confirmed booking that has not started gets one", "[reminders]") {
  BookingRecord b = booking("bk_r", BookingStatus::kConfirmed, 0, kStartS);
  const int64_t start_ms = kStartS * 1000;
  CHECK(reminder_still_wanted(b, start_ms - 1));
  CHECK_FALSE(reminder_still_wanted(b, start_ms));  // the server was down until the start
  for (auto status :
       {BookingStatus::kCancelled, BookingStatus::kAwaitingPayment,
        BookingStatus::kPendingConfirmation, BookingStatus::kExpired, BookingStatus::kHeld}) {
    b.status = status;
    CHECK_FALSE(reminder_still_wanted(b, start_ms - 1));
  }
}

namespace {

std::vector<BookingRecord> take(BookingStore& s, int64_t now_ms, int limit = 10) {
  std::vector<BookingRecord> out;
  auto w = write_now(s, [&](BookingTx& tx) {
    out = tx.take_due_reminders(now_ms, limit);
    return true;
  });
  REQUIRE(w.error.empty());
  return out;
}

std::set<std::string> ids(const std::vector<BookingRecord>& v) {
  std::set<std::string> out;
  for (const auto& b : v) out.insert(b.id);
  return out;
}

}  // namespace

STORE_TEST(reminders_taken_once,
           "reminders: due ones are taken once, oldest first, up to a limit") {
  auto s = db.open();
  save(*s, merchant());
  auto with_reminder = [](const std::string& id, int64_t remind_at_ms) {
    BookingRecord b = booking(id, BookingStatus::kConfirmed, 0);
    b.remind_at_ms = remind_at_ms;
    return b;
  };
  insert(*s, with_reminder("bk_a", 3000));
  insert(*s, with_reminder("bk_b", 1000));
  insert(*s, with_reminder("bk_c", 2000));
  insert(*s, with_reminder("bk_later", 9000));
  insert(*s, with_reminder("bk_none", 0));
  CHECK(take(*s, 999).empty());
  auto first = take(*s, 5000, 2);
  REQUIRE(first.size() == 2);
  CHECK(first[0].id == "bk_b");
  CHECK(first[1].id == "bk_c");
  CHECK(first[0].remind_at_ms == 0);
  CHECK(read_booking(*s, "bk_b")->remind_at_ms == 0);
  CHECK(ids(take(*s, 5000)) == std::set<std::string>{"bk_a"});
  CHECK(take(*s, 5000).empty());
  CHECK(ids(take(*s, 100'000)) == std::set<std::string>{"bk_later"});
  CHECK(read_booking(*s, "bk_none")->remind_at_ms == 0);
  // A rolled-back take leaves the reminder due.
  insert(*s, with_reminder("bk_d", 4000));
  auto rolled = write_now(*s, [](BookingTx& tx) {
    CHECK(tx.take_due_reminders(5000, 10).size() == 1);
    return false;
  });
  CHECK_FALSE(rolled.committed);
  CHECK(read_booking(*s, "bk_d")->remind_at_ms == 4000);
}

STORE_TEST(reminders_two_instances, "reminders: two instances taking at once share nothing") {
  auto a = db.open();
  auto b = db.open();
  save(*a, merchant());
  for (int i = 0; i < 40; ++i) {
    BookingRecord r = booking("bk_" + std::to_string(100 + i), BookingStatus::kConfirmed, 0);
    r.remind_at_ms = 1000 + i;
    insert(*a, r);
  }
  std::vector<BookingRecord> got_a, got_b;
  std::thread ta([&] {
    for (int i = 0; i < 10; ++i) {
      auto v = take(*a, 5000, 3);
      got_a.insert(got_a.end(), v.begin(), v.end());
    }
  });
  std::thread tb([&] {
    for (int i = 0; i < 10; ++i) {
      auto v = take(*b, 5000, 3);
      got_b.insert(got_b.end(), v.begin(), v.end());
    }
  });
  ta.join();
  tb.join();
  auto seen = ids(got_a);
  for (const auto& r : got_b) CHECK(seen.insert(r.id).second);  // never taken twice
  CHECK(seen.size() == 40);
}
