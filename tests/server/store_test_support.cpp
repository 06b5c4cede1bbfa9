#include "store_test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite_store.hpp"

namespace slotpay::server::testing {
namespace {

namespace fs = std::filesystem;

std::string random_suffix() {
  std::random_device rd;
  std::mt19937_64 gen((uint64_t{rd()} << 32) ^ rd());
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  for (int i = 0; i < 12; ++i) out += digits[gen() % 36];
  return out;
}

// postgresql://[user@]host:port/db[?query] -> postgresql://role@host:port/db?...&options
std::string url_as(const std::string& base, const std::string& role, const std::string& schema) {
  auto scheme_end = base.find("://");
  REQUIRE(scheme_end != std::string::npos);
  std::string rest = base.substr(scheme_end + 3);
  auto at = rest.find('@');
  auto slash = rest.find('/');
  if (at != std::string::npos && (slash == std::string::npos || at < slash))
    rest = rest.substr(at + 1);
  std::string url = base.substr(0, scheme_end + 3) + role + "@" + rest;
  url += (url.find('?') == std::string::npos ? "?" : "&");
  return url + "options=-csearch_path%3D" + schema;
}

}  // namespace

TestDb TestDb::sqlite() {
  TestDb db;
  db.kind_ = StoreKind::kSqlite;
  auto dir = fs::temp_directory_path() / ("slotpay-store-test-" + random_suffix());
  fs::create_directories(dir);
  db.location_ = (dir / "t.db").string();
  return db;
}

TestDb TestDb::postgres() {
  const char* url = std::getenv("SLOTPAY_TEST_DATABASE_URL");
  INFO(
      "SLOTPAY_TEST_DATABASE_URL is not set: the PostgreSQL store tests run from "
      "tools/scripts/test.d/60-postgres.sh, which starts a throwaway cluster");
  REQUIRE(url != nullptr);
  REQUIRE(std::string(url).rfind("postgres", 0) == 0);
  TestDb db;
  db.kind_ = StoreKind::kPostgres;
  db.admin_url_ = url;
  db.role_ = "t_" + random_suffix();
  // A role and a schema per test: tests never see each other's rows, and a test can
  // lock its own role out (CONNECTION LIMIT 0) to play a database that went away.
  db.admin("CREATE ROLE " + db.role_ + " LOGIN");
  db.admin("CREATE SCHEMA " + db.role_ + " AUTHORIZATION " + db.role_);
  db.location_ = url_as(url, db.role_, db.role_);
  return db;
}

TestDb::~TestDb() {
  if (kind_ == StoreKind::kSqlite) {
    if (!location_.empty()) {
      std::error_code ec;
      fs::remove_all(fs::path(location_).parent_path(), ec);
    }
    return;
  }
  if (role_.empty()) return;
  try {
    admin("ALTER ROLE " + role_ + " CONNECTION LIMIT -1");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role_ + "'");
    admin("DROP SCHEMA " + role_ + " CASCADE");
    admin("DROP ROLE " + role_);
  } catch (const std::exception&) {
    // A connection still closing keeps the role a moment; the cluster is thrown away.
  }
}

void TestDb::admin(const std::string& sql) const {
  pg::ConnectionOptions o;
  o.url = admin_url_;
  o.application_name = "slotpay-test-admin";
  pg::Connection conn(o);
  conn.exec(sql);
}

std::unique_ptr<BookingStore> TestDb::open(const OpenOptions& o) const {
  if (kind_ == StoreKind::kSqlite) return std::make_unique<SqliteStore>(location_);
  PostgresStoreOptions p;
  p.url = location_;
  p.write_connections = o.write_connections;
  p.read_connections = 2;
  p.statement_timeout_ms = o.statement_timeout_ms;
  p.application_name = application_name();
  return std::make_unique<PostgresStore>(p);
}

Merchant merchant(const std::string& id) {
  Merchant m;
  m.id = id;
  m.stripe_account = "acct_1";
  m.allowed_origins = {"https://a.example"};
  return m;
}

BookingRecord booking(const std::string& id, BookingStatus st, int64_t expires, int64_t start_s,
                      const std::string& merchant_id) {
  BookingRecord b;
  b.id = id;
  b.merchant_id = merchant_id;
  b.status = st;
  b.catalog_version = 1;
  b.slot = {"cut", "ana", slotpay::Instant{start_s}, slotpay::Instant{start_s + 2700}, 1};
  b.start_day = "2026-12-01";
  b.customer = {"Jo Doe", "jo@example.com", std::nullopt};
  b.quote.currency = slotpay::find_currency("usd", "").value();
  b.payment_mode = "stripe";
  b.amount = 1000;
  b.hold_expires_at_ms = expires;
  b.access_token_hash = "h";
  return b;
}

void save(BookingStore& s, const Merchant& m, const std::string& catalog) {
  auto r = write_now(s, [&](BookingTx& tx) {
    tx.save_merchant(m, catalog);
    return true;
  });
  INFO(r.error);
  REQUIRE(r.committed);
}

void insert(BookingStore& s, const BookingRecord& b) {
  auto r = write_now(s, [&](BookingTx& tx) {
    tx.insert_booking(b);
    return true;
  });
  INFO(r.error);
  REQUIRE(r.committed);
}

std::optional<BookingRecord> read_booking(BookingStore& s, const std::string& id) {
  std::optional<BookingRecord> out;
  read_now(s, [&](StoreReader& r) { out = r.booking(id); });
  return out;
}

std::optional<Merchant> read_merchant(BookingStore& s, const std::string& id) {
  std::optional<Merchant> out;
  read_now(s, [&](StoreReader& r) { out = r.merchant(id); });
  return out;
}

}  // namespace slotpay::server::testing
