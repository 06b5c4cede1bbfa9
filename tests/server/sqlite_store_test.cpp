// What only the SQLite store does: migrating a file made by the old JSON-column schema,
// sharing one commit among queued jobs, ":memory:". The store contract both stores
// keep is tested in store_test.cpp.
#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "store/sqlite_schema.hpp"

using namespace slotpay::server;
namespace fs = std::filesystem;

namespace {

std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-store-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}

Merchant merchant(const std::string& id = "m1") {
  Merchant m;
  m.id = id;
  m.stripe_account = "acct_1";
  m.allowed_origins = {"https://a.example"};
  return m;
}

slotpay::Currency usd() { return slotpay::find_currency("usd", "").value(); }

BookingRecord booking(const std::string& id, BookingStatus st, int64_t expires,
                      int64_t start_s = 1'796'137'200) {
  BookingRecord b;
  b.id = id;
  b.merchant_id = "m1";
  b.status = st;
  b.catalog_version = 1;
  b.slot = {"cut", "ana", slotpay::Instant{start_s}, slotpay::Instant{start_s + 2700}, 1};
  b.start_day = "2026-12-01";
  b.customer = {"Jo Doe", "jo@example.com", std::nullopt};
  b.quote.currency = usd();
  b.payment_mode = "stripe";
  b.amount = 1000;
  b.hold_expires_at_ms = expires;
  b.access_token_hash = "h";
  return b;
}

void save(SqliteStore& s, const Merchant& m, const std::string& catalog = "{}") {
  auto r = write_now(s, [&](BookingTx& tx) {
    tx.save_merchant(m, catalog);
    return true;
  });
  REQUIRE(r.committed);
}

void insert(SqliteStore& s, const BookingRecord& b) {
  auto r = write_now(s, [&](BookingTx& tx) {
    tx.insert_booking(b);
    return true;
  });
  REQUIRE(r.committed);
}

std::optional<BookingRecord> read_booking(SqliteStore& s, const std::string& id) {
  std::optional<BookingRecord> out;
  read_now(s, [&](StoreReader& r) { out = r.booking(id); });
  return out;
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("a v2 database made by the old schema opens and its bookings read back right",
          "[store]") {
  auto path = temp_db();
  {
    // The schema of versions 1 and 2, as the server before typed columns made it.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    exec(db, R"sql(
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
INSERT INTO schema_migrations VALUES (1, 0), (2, 0);
CREATE TABLE merchants (id TEXT PRIMARY KEY, catalog_json TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '', allowed_origins TEXT NOT NULL DEFAULT '[]',
  charges_enabled INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL);
CREATE TABLE bookings (id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL REFERENCES merchants(id),
  status TEXT NOT NULL, booking_json TEXT NOT NULL, request_json TEXT NOT NULL,
  quote_json TEXT NOT NULL, payment_mode TEXT NOT NULL, amount INTEGER NOT NULL,
  currency TEXT NOT NULL, application_fee INTEGER NOT NULL, hold_expires_at INTEGER NOT NULL,
  access_token_hash TEXT NOT NULL, stripe_account TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '', payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '', pi_cancel_pending INTEGER NOT NULL DEFAULT 0,
  paid_amount INTEGER NOT NULL DEFAULT 0, refund_pending INTEGER NOT NULL DEFAULT 0,
  refund_amount INTEGER NOT NULL DEFAULT 0, refund_application_fee INTEGER NOT NULL DEFAULT 0,
  refund_reason TEXT NOT NULL DEFAULT '', refund_id TEXT NOT NULL DEFAULT '',
  refunded_amount INTEGER NOT NULL DEFAULT 0, disputed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  start_day TEXT NOT NULL DEFAULT '');
CREATE INDEX bookings_live ON bookings(merchant_id, status, hold_expires_at);
CREATE INDEX bookings_pi ON bookings(payment_intent_id);
CREATE INDEX bookings_day ON bookings(merchant_id, start_day);
CREATE TABLE stripe_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, account TEXT NOT NULL,
  object_id TEXT NOT NULL, received_at INTEGER NOT NULL);
INSERT INTO merchants VALUES ('m_old', '{"merchant":{"id":"m_old"}}', 'acct_old',
  '["https://old.example"]', 0, 1700000000000);
INSERT INTO bookings (id, merchant_id, status, booking_json, request_json, quote_json,
  payment_mode, amount, currency, application_fee, hold_expires_at, access_token_hash,
  stripe_account, idempotency_key, payment_intent_id, client_secret, paid_amount,
  refund_pending, refund_amount, refund_application_fee, refund_reason, created_at,
  updated_at, start_day) VALUES
 ('bk_paid', 'm_old', 'confirmed',
  '{"end":"2026-12-01T10:45:00-05:00","quantity":2,"service":"cut","staff":"ana","start":"2026-12-01T10:00:00-05:00"}',
  '{"addons":["wash"],"coupon":"WELCOME10","customer":{"email":"jo@example.com","name":"Jo Doe","phone":"+15551234567"},"quantity":2,"service":"cut","staff":"any","start":"2026-12-01T10:00:00-05:00"}',
  '{"currency":"usd","lines":[{"kind":"service","id":"cut","amount":4500},{"kind":"discount","code":"WELCOME10","amount":-450},{"kind":"tax","rate_bps":825,"amount":334}],"subtotal":4500,"discount":450,"tax":334,"tip":0,"total":4384,"payment":"stripe","due_now":877,"due_later":3507,"application_fee":74,"min_charge":{"amount":50,"ok":true,"adjusted":false}}',
  'stripe', 877, 'usd', 74, 1700000600000, 'hash1', 'acct_old', 'booking_bk_paid_create_pi',
  'pi_old', 'pi_old_secret', 877, 1, 877, 1, 'slot_gone', 1700000000000, 1700000001000,
  '2026-12-01'),
 ('bk_free', 'm_old', 'confirmed',
  '{"end":"2026-12-02T09:15:00+00:00","quantity":1,"service":"consult","staff":"","start":"2026-12-02T09:00:00+00:00"}',
  '{"customer":{"email":"a@example.com","name":"A"},"service":"consult","staff":"any","start":"2026-12-02T09:00:00+00:00"}',
  '{"currency":"usd","lines":[{"kind":"service","id":"consult","amount":0}],"subtotal":0,"discount":0,"tax":0,"tip":0,"total":0,"payment":"free","due_now":0,"due_later":0}',
  'free', 0, 'usd', 0, 0, 'hash2', 'acct_old', '', '', '', 0, 0, 0, 0, '', 1700000000000,
  1700000000000, '2026-12-02');
INSERT INTO stripe_events VALUES ('evt_1', 'payment_intent.succeeded', 'acct_old', 'pi_old', 1);
)sql");
    sqlite3_close(db);
  }
  SqliteStore s(path);
  CHECK(s.schema_version() == sqlite::latest_schema_version());
  std::optional<Merchant> m;
  std::optional<std::string> catalog;
  std::optional<BookingRecord> paid, free_booking;
  int64_t events = 0;
  read_now(s, [&](StoreReader& r) {
    m = r.merchant("m_old");
    catalog = r.catalog_text("m_old", 1);
    paid = r.booking("bk_paid");
    free_booking = r.booking("bk_free");
    events = r.count_events();
  });
  REQUIRE(m);
  CHECK(m->catalog_version == 1);
  CHECK(m->stripe_account == "acct_old");
  CHECK_FALSE(m->charges_enabled);
  CHECK(m->allowed_origins == std::vector<std::string>{"https://old.example"});
  CHECK(m->max_booking_s == 2700);
  // Migration 7 leaves the mode of older rows empty until the server adopts them into
  // its key's mode; the merchant keeps its account through it.
  CHECK(m->mode.empty());
  REQUIRE(write_now(s, [](BookingTx& tx) {
            CHECK(tx.accounts().adopt_unmoded_rows("test") >= 4);  // merchant, side, 2 bookings
            return true;
          }).committed);
  read_now(s, [&](StoreReader& r) { m = r.merchant("m_old"); });
  CHECK(m->mode == "test");
  CHECK(m->stripe_account == "acct_old");
  REQUIRE(catalog);
  CHECK(*catalog == R"({"merchant":{"id":"m_old"}})");
  CHECK(events == 1);

  REQUIRE(paid);
  const BookingRecord& b = *paid;
  CHECK(b.status == BookingStatus::kConfirmed);
  CHECK(b.catalog_version == 1);
  CHECK(b.slot.service == "cut");
  CHECK(b.slot.staff == "ana");
  CHECK(b.slot.start.seconds == 1'796'137'200);  // 2026-12-01T15:00:00Z
  CHECK(b.slot.end.seconds == 1'796'137'200 + 2700);
  CHECK(b.slot.quantity == 2);
  CHECK(b.start_day == "2026-12-01");
  CHECK(b.addons == std::vector<std::string>{"wash"});
  CHECK(b.coupon == "WELCOME10");
  CHECK(b.customer.name == "Jo Doe");
  CHECK(b.customer.email == "jo@example.com");
  CHECK(b.customer.phone == std::optional<std::string>("+15551234567"));
  CHECK(b.currency() == "usd");
  CHECK(b.quote.subtotal == 4500);
  CHECK(b.quote.discount == 450);
  CHECK(b.quote.tax == 334);
  CHECK(b.quote.total == 4384);
  CHECK(b.quote.due_now == 877);
  CHECK(b.quote.due_later == 3507);
  CHECK(b.quote.application_fee == 74);
  CHECK(b.quote.payment == slotpay::ChargeMode::kStripe);
  REQUIRE(b.quote.min_charge);
  CHECK(b.quote.min_charge->amount == 50);
  CHECK(b.quote.min_charge->ok);
  REQUIRE(b.quote.lines.size() == 3);
  CHECK(b.quote.lines[1].kind == "discount");
  CHECK(b.quote.lines[1].id == "WELCOME10");
  CHECK(b.quote.lines[1].amount == -450);
  CHECK(b.quote.lines[2].rate_bps == 825);
  CHECK(b.amount == 877);
  CHECK(b.payment_intent_id == "pi_old");
  CHECK(b.paid_amount == 877);
  CHECK(b.refund_pending);
  CHECK(b.refund_application_fee);
  CHECK(b.refund_reason == "slot_gone");
  CHECK(b.created_at_ms == 1700000000000);
  CHECK(b.updated_at_ms == 1700000001000);

  REQUIRE(free_booking);
  CHECK(free_booking->slot.staff == "");
  CHECK(free_booking->quote.payment == slotpay::ChargeMode::kFree);
  CHECK_FALSE(free_booking->quote.min_charge);
  CHECK_FALSE(free_booking->customer.phone);
  CHECK(free_booking->addons.empty());
  // The migrated rows are found by their new indexes.
  std::vector<slotpay::Occupancy> occ;
  std::vector<BookingRecord> owing;
  read_now(s, [&](StoreReader& r) {
    occ = r.occupancies("m_old", 0, 1'796'137'200, 1'796'137'201);
    owing = r.bookings_needing_work(0);
  });
  REQUIRE(occ.size() == 1);
  CHECK(occ[0].quantity == 2);
  REQUIRE(owing.size() == 1);
  CHECK(owing[0].id == "bk_paid");
}

TEST_CASE("jobs batched in one commit keep their own outcome", "[store]") {
  SqliteStore s(temp_db());
  save(s, merchant());
  // Queue many jobs behind a held-up one so that they share transactions; a third of
  // them fail, a third roll back.
  constexpr int kJobs = 200;
  std::atomic<int> done{0}, committed{0};
  std::atomic<bool> go{false};
  s.write(
      [&](BookingTx&) {
        while (!go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return false;
      },
      {});
  for (int i = 0; i < kJobs; ++i) {
    s.write(
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
  while (done < kJobs) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(committed == (kJobs + 2) / 3);
  std::map<std::string, int64_t> counts;
  read_now(s, [&](StoreReader& r) { counts = r.count_by_status(); });
  CHECK(counts["confirmed"] == (kJobs + 2) / 3);
  CHECK(s.stats().write_jobs >= static_cast<uint64_t>(kJobs));
  CHECK(s.stats().commits < static_cast<uint64_t>(kJobs));  // some shared a commit
}

TEST_CASE(":memory: works with reads on the writer thread", "[store]") {
  SqliteStore s(":memory:");
  save(s, merchant());
  insert(s, booking("b1", BookingStatus::kConfirmed, 0));
  CHECK(read_booking(s, "b1"));
}
