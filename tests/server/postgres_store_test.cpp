// What only the PostgreSQL store does: instances migrating one database at once,
// reconnecting after the server closed its connections, failing cleanly (as
// unavailable, nothing kept) while the database is away or a lock wait passes the
// statement timeout, and working again by itself. [postgres]: run by
// tools/scripts/test.d/60-postgres.sh on a throwaway cluster. The store selection by
// --db value is tested here too, without a database.
#include "store/postgres/postgres_store.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "store/open_store.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

void wait_until(const std::function<bool()>& cond) {
  for (int i = 0; i < 10000 && !cond(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(cond());
}

// Closes this test's store connections from the server side (as a restart does).
void terminate_connections(const TestDb& db) {
  db.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
           db.application_name() + "'");
}

pg::Connection connect(const TestDb& db) {
  pg::ConnectionOptions o;
  o.url = db.location();
  o.application_name = "slotpay-test-reader";
  return pg::Connection(o);
}

}  // namespace

TEST_CASE("the store chosen by --db: a postgresql:// URL or a SQLite file", "[store]") {
  CHECK(is_postgres_url("postgresql://u@h:5432/db"));
  CHECK(is_postgres_url("postgres://h/db"));
  CHECK_FALSE(is_postgres_url("slotpay.db"));
  CHECK_FALSE(is_postgres_url("/var/lib/postgresql.db"));
  CHECK(redact_db("postgresql://slotpay:s3cret@db.internal:5432/slotpay") ==
        "postgresql://slotpay:***@db.internal:5432/slotpay");
  CHECK(redact_db("postgresql://h/db?user=u&password=s3cret&sslmode=require") ==
        "postgresql://h/db?user=u&password=***&sslmode=require");
  CHECK(redact_db("postgresql://u@h/db") == "postgresql://u@h/db");
  CHECK(redact_db("data/slotpay.db") == "data/slotpay.db");
}

TEST_CASE("postgres: instances starting together migrate the database once", "[postgres]") {
  TestDb db = TestDb::postgres();
  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<BookingStore>> stores(kInstances);
  std::vector<std::string> errors(kInstances);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i)
    threads.emplace_back([&, i] {
      try {
        stores[i] = db.open();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kInstances; ++i) {
    INFO(errors[i]);
    REQUIRE(stores[i]);
    CHECK(static_cast<PostgresStore&>(*stores[i]).schema_version() == pg::latest_schema_version());
  }
  auto conn = connect(db);
  auto r =
      conn.query("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_migrations");
  CHECK(r.i64(0, 0) == pg::latest_schema_version());
  CHECK(r.i64(0, 1) == pg::latest_schema_version());
  CHECK(r.i64(0, 2) == pg::latest_schema_version());
  save(*stores[0], merchant());
  CHECK(read_merchant(*stores[3], "m1"));
}

TEST_CASE("postgres: connections the server closed are replaced, the next jobs do not fail",
          "[postgres]") {
  TestDb db = TestDb::postgres();
  auto store = db.open();
  auto& pg_store = static_cast<PostgresStore&>(*store);
  save(*store, merchant());
  CHECK(read_merchant(*store, "m1"));
  uint64_t before = pg_store.stats().connections;
  terminate_connections(db);
  // Idle connections found dead are reopened before the job starts.
  for (int i = 0; i < 6; ++i) {
    insert(*store, booking("b" + std::to_string(i), BookingStatus::kConfirmed, 0));
    CHECK(read_booking(*store, "b" + std::to_string(i)));
  }
  CHECK(pg_store.stats().connections > before);
}

TEST_CASE("postgres: while the database is away jobs fail as unavailable, then work by themselves",
          "[postgres]") {
  TestDb db = TestDb::postgres();
  auto store = db.open();
  save(*store, merchant());
  // No new connection for this role, and the open ones closed: the database is gone.
  db.admin("ALTER ROLE " + db.role() + " CONNECTION LIMIT 0");
  terminate_connections(db);

  auto w = write_now(*store, [](BookingTx& tx) {
    tx.insert_booking(booking("lost", BookingStatus::kConfirmed, 0));
    return true;
  });
  CHECK_FALSE(w.committed);
  CHECK(w.unavailable);
  CHECK_FALSE(w.error.empty());
  // A read job still runs, once; its reads throw StoreUnavailable.
  int runs = 0;
  bool unavailable = false;
  read_now(*store, [&](StoreReader& r) {
    runs++;
    try {
      r.merchant("m1");
    } catch (const StoreUnavailable&) {
      unavailable = true;
    }
  });
  CHECK(runs == 1);
  CHECK(unavailable);
  CHECK_THROWS_AS(read_now(*store, [](StoreReader& r) { r.ping(); }), StoreUnavailable);

  db.admin("ALTER ROLE " + db.role() + " CONNECTION LIMIT -1");
  insert(*store, booking("back", BookingStatus::kConfirmed, 0));
  CHECK(read_booking(*store, "back"));
  CHECK_FALSE(read_booking(*store, "lost"));
}

TEST_CASE("postgres: a job whose connection dies midway keeps nothing", "[postgres]") {
  TestDb db = TestDb::postgres();
  auto store = db.open();
  save(*store, merchant());
  std::atomic<bool> inserted{false}, release{false};
  std::promise<WriteResult> result;
  store->write(
      [&](BookingTx& tx) {
        tx.insert_booking(booking("half", BookingStatus::kHeld, 1'000'000));
        inserted = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        tx.insert_booking(booking("other_half", BookingStatus::kHeld, 1'000'000));
        return true;
      },
      [&](const WriteResult& r) { result.set_value(r); });
  wait_until([&] { return inserted.load(); });
  terminate_connections(db);
  release = true;
  WriteResult r = result.get_future().get();
  CHECK_FALSE(r.committed);
  CHECK(r.unavailable);
  CHECK_FALSE(read_booking(*store, "half"));
  CHECK_FALSE(read_booking(*store, "other_half"));
  insert(*store, booking("after", BookingStatus::kHeld, 1'000'000));  // the store goes on
}

TEST_CASE("postgres: a lock wait past the statement timeout fails as unavailable", "[postgres]") {
  TestDb db = TestDb::postgres();
  auto holder = db.open();
  OpenOptions impatient;
  impatient.statement_timeout_ms = 300;
  auto waiter = db.open(impatient);
  save(*holder, merchant());
  std::atomic<bool> locked{false}, release{false};
  std::promise<WriteResult> held;
  holder->write(
      [&](BookingTx& tx) {
        tx.merchant("m1");  // locks the merchant's capacity
        locked = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return false;
      },
      [&](const WriteResult& r) { held.set_value(r); });
  wait_until([&] { return locked.load(); });
  auto t0 = std::chrono::steady_clock::now();
  auto r = write_now(*waiter, [](BookingTx& tx) {
    tx.occupancies("m1", 0, 0, INT64_MAX, "");
    tx.insert_booking(booking("late", BookingStatus::kHeld, 1'000'000));
    return true;
  });
  auto waited = std::chrono::steady_clock::now() - t0;
  release = true;
  held.get_future().get();
  CHECK_FALSE(r.committed);
  CHECK(r.unavailable);
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(4));
  CHECK_FALSE(read_booking(*holder, "late"));
  // Once the lock is free the same job goes through.
  CHECK(write_now(*waiter, [](BookingTx& tx) {
          tx.occupancies("m1", 0, 0, INT64_MAX, "");
          tx.insert_booking(booking("late", BookingStatus::kHeld, 1'000'000));
          return true;
        }).committed);
}

TEST_CASE("postgres: a database nobody answers for does not open", "[store]") {
  PostgresStoreOptions o;
  o.url = "postgresql://nobody@127.0.0.1:1/none";
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(PostgresStore(o), StoreUnavailable);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  StoreConfig c;
  c.db = o.url;
  CHECK_THROWS_AS(open_store(c), StoreUnavailable);
}
