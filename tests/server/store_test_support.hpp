// The store tests run against both stores: a TestDb is a fresh, empty database of one
// kind per test (a SQLite file in a temporary folder, or a PostgreSQL schema of its own
// with a login role of its own on the cluster SLOTPAY_TEST_DATABASE_URL names), and
// opens as many stores on it as a test wants (several "instances" on one database).
//
// STORE_TEST(fn, "title") registers the body `fn(const TestDb&)` twice: as
// "sqlite store: title" [store] and "postgres store: title" [store][postgres]. ctest
// runs everything but [postgres]; tools/scripts/test.d/60-postgres.sh starts a
// throwaway cluster and runs the [postgres] tests with the URL set. Without the URL
// those tests fail: they never skip silently.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>

#include "store/booking_store.hpp"
#include "store/postgres/pg_connection.hpp"

namespace slotpay::server::testing {

enum class StoreKind { kSqlite, kPostgres };

struct OpenOptions {
  int statement_timeout_ms = 5000;  // PostgreSQL
  int write_connections = 4;        // PostgreSQL
};

class TestDb {
 public:
  static TestDb sqlite();
  static TestDb postgres();  // REQUIREs SLOTPAY_TEST_DATABASE_URL
  TestDb(TestDb&&) = default;
  ~TestDb();

  StoreKind kind() const { return kind_; }
  bool postgres_kind() const { return kind_ == StoreKind::kPostgres; }
  // A new store on this database (migrated at open).
  std::unique_ptr<BookingStore> open(const OpenOptions& o = {}) const;
  // PostgreSQL: the URL the stores use, and the role and schema made for this test.
  const std::string& location() const { return location_; }
  const std::string& role() const { return role_; }
  // PostgreSQL: runs `sql` as the cluster's superuser (another connection).
  void admin(const std::string& sql) const;
  // PostgreSQL: the application_name of this test's store connections.
  std::string application_name() const { return "slotpay-test-" + role_; }

 private:
  TestDb() = default;
  StoreKind kind_ = StoreKind::kSqlite;
  std::string location_;  // SQLite file, or PostgreSQL URL
  std::string admin_url_;
  std::string role_;
};

// --- records and shortcuts the tests share ---
Merchant merchant(const std::string& id = "m1");
BookingRecord booking(const std::string& id, BookingStatus st, int64_t expires,
                      int64_t start_s = 1'796'137'200, const std::string& merchant_id = "m1");
void save(BookingStore& s, const Merchant& m, const std::string& catalog = "{}");
void insert(BookingStore& s, const BookingRecord& b);
std::optional<BookingRecord> read_booking(BookingStore& s, const std::string& id);
std::optional<Merchant> read_merchant(BookingStore& s, const std::string& id);

}  // namespace slotpay::server::testing

#define SLOTPAY_STORE_TEST_CAT2(a, b) a##b
#define SLOTPAY_STORE_TEST_CAT(a, b) SLOTPAY_STORE_TEST_CAT2(a, b)
#define STORE_TEST(fn, title)                                   \
  static void fn(const ::slotpay::server::testing::TestDb& db); \
  TEST_CASE("sqlite store: " title, "[store]") {                \
    fn(::slotpay::server::testing::TestDb::sqlite());           \
  }                                                             \
  TEST_CASE("postgres store: " title, "[store][postgres]") {    \
    fn(::slotpay::server::testing::TestDb::postgres());         \
  }                                                             \
  static void fn(const ::slotpay::server::testing::TestDb& db)
