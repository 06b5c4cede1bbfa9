// SqliteStore: migrations, transactions (commit, rollback, exception), event dedupe,
// and the capacity check + insert being atomic across threads and connections.
#include "store/sqlite_store.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

using namespace slotpay::server;
namespace fs = std::filesystem;

namespace {
std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-store-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}
Merchant merchant() {
  Merchant m;
  m.id = "m1";
  m.catalog_json = "{}";
  m.stripe_account = "acct_1";
  m.allowed_origins = {"https://a.example"};
  return m;
}
BookingRecord booking(const std::string& id, BookingStatus st, int64_t expires) {
  BookingRecord b;
  b.id = id;
  b.merchant_id = "m1";
  b.status = st;
  b.booking_json = R"({"service":"s"})";
  b.request_json = "{}";
  b.quote_json = "{}";
  b.payment_mode = "stripe";
  b.currency = "usd";
  b.amount = 1000;
  b.hold_expires_at_ms = expires;
  b.access_token_hash = "h";
  return b;
}
}  // namespace

TEST_CASE("migrations run once and are versioned", "[store]") {
  auto path = temp_db();
  {
    SqliteStore s(path);
    CHECK(s.schema_version() == 2);
    s.upsert_merchant(merchant());
  }
  SqliteStore again(path);
  CHECK(again.schema_version() == 2);
  auto m = again.merchant("m1");
  REQUIRE(m);
  CHECK(m->stripe_account == "acct_1");
  CHECK(m->allowed_origins == std::vector<std::string>{"https://a.example"});
}

TEST_CASE("transactions commit, roll back on false and on exceptions", "[store]") {
  SqliteStore s(temp_db());
  s.upsert_merchant(merchant());
  s.transact([](BookingTx& tx) {
    tx.insert_booking(booking("b1", BookingStatus::kHeld, 100));
    return true;
  });
  s.transact([](BookingTx& tx) {
    tx.insert_booking(booking("b2", BookingStatus::kHeld, 100));
    return false;
  });
  CHECK_THROWS(s.transact([](BookingTx& tx) -> bool {
    tx.insert_booking(booking("b3", BookingStatus::kHeld, 100));
    throw std::runtime_error("boom");
  }));
  CHECK(s.booking("b1"));
  CHECK_FALSE(s.booking("b2"));
  CHECK_FALSE(s.booking("b3"));
  // A duplicate primary key is a StoreError, and the transaction leaves nothing.
  CHECK_THROWS_AS(s.transact([](BookingTx& tx) {
    tx.insert_booking(booking("b1", BookingStatus::kHeld, 100));
    return true;
  }),
                  StoreError);
}

TEST_CASE("live bookings: confirmed plus unexpired holds", "[store]") {
  SqliteStore s(temp_db());
  s.upsert_merchant(merchant());
  s.transact([](BookingTx& tx) {
    tx.insert_booking(booking("held_live", BookingStatus::kHeld, 2000));
    tx.insert_booking(booking("held_old", BookingStatus::kAwaitingPayment, 500));
    tx.insert_booking(booking("conf", BookingStatus::kConfirmed, 0));
    tx.insert_booking(booking("exp", BookingStatus::kExpired, 0));
    return true;
  });
  auto live = s.live_bookings("m1", 1000);
  std::set<std::string> ids;
  for (const auto& b : live) ids.insert(b.id);
  CHECK(ids == std::set<std::string>{"held_live", "conf"});
  // Only bookings whose start's local date is in the window.
  s.transact([](BookingTx& tx) {
    auto b = booking("dated", BookingStatus::kConfirmed, 0);
    b.booking_json = R"({"service":"s","start":"2026-12-01T10:00:00-05:00"})";
    tx.insert_booking(b);
    return true;
  });
  CHECK(s.live_bookings("m1", 1000, "2026-11-30", "2026-12-01").size() == 1);
  CHECK(s.live_bookings("m1", 1000, "2026-12-02", "2026-12-03").empty());
  CHECK(s.live_bookings("m1", 1000).size() == 3);
  auto work = s.bookings_needing_work(1000);
  REQUIRE(work.size() == 1);
  CHECK(work[0].id == "held_old");
  auto counts = s.count_by_status();
  CHECK(counts["held"] == 1);
  CHECK(counts["confirmed"] == 2);
  CHECK(counts["expired"] == 1);
}

TEST_CASE("stripe events are recorded once", "[store]") {
  SqliteStore s(temp_db());
  bool first = false, second = true;
  s.transact([&](BookingTx& tx) {
    first = tx.record_event({"evt_1", "payment_intent.succeeded", "acct_1", "pi_1", 1});
    return true;
  });
  s.transact([&](BookingTx& tx) {
    second = tx.record_event({"evt_1", "payment_intent.succeeded", "acct_1", "pi_1", 2});
    return true;
  });
  CHECK(first);
  CHECK_FALSE(second);
  CHECK(s.count_events() == 1);
}

TEST_CASE("capacity check + insert is atomic across threads and two connections", "[store]") {
  auto path = temp_db();
  SqliteStore a(path), b(path);
  a.upsert_merchant(merchant());
  constexpr int kCapacity = 3;
  std::atomic<int> granted{0}, next_id{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    SqliteStore& store = (t % 2) ? a : b;
    threads.emplace_back([&store, &granted, &next_id] {
      for (int i = 0; i < 3; ++i) {
        store.transact([&](BookingTx& tx) {
          if (tx.live_bookings("m1", 0).size() >= static_cast<size_t>(kCapacity)) return false;
          std::string id = std::to_string(next_id++);
          id.insert(0, "b");
          tx.insert_booking(booking(id, BookingStatus::kHeld, 1'000'000));
          granted++;
          return true;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(granted == kCapacity);
  CHECK(a.live_bookings("m1", 0).size() == static_cast<size_t>(kCapacity));
}
