#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <map>
#include <nlohmann/json.hpp>

namespace slotpay::server {

const char* to_string(BookingStatus s) {
  switch (s) {
    case BookingStatus::kHeld:
      return "held";
    case BookingStatus::kAwaitingPayment:
      return "awaiting_payment";
    case BookingStatus::kConfirmed:
      return "confirmed";
    case BookingStatus::kExpired:
      return "expired";
    case BookingStatus::kPaymentFailed:
      return "payment_failed";
    case BookingStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::optional<BookingStatus> booking_status_from(const std::string& s) {
  for (auto st :
       {BookingStatus::kHeld, BookingStatus::kAwaitingPayment, BookingStatus::kConfirmed,
        BookingStatus::kExpired, BookingStatus::kPaymentFailed, BookingStatus::kCancelled})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

namespace {

// Versioned migrations: each runs once, in order, inside a transaction.
const char* const kMigrations[] = {
    // 1: merchants, bookings, Stripe events.
    R"sql(
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  catalog_json TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  charges_enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  status TEXT NOT NULL,
  booking_json TEXT NOT NULL,
  request_json TEXT NOT NULL,
  quote_json TEXT NOT NULL,
  payment_mode TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  application_fee INTEGER NOT NULL,
  hold_expires_at INTEGER NOT NULL,
  access_token_hash TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '',
  payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '',
  pi_cancel_pending INTEGER NOT NULL DEFAULT 0,
  paid_amount INTEGER NOT NULL DEFAULT 0,
  refund_pending INTEGER NOT NULL DEFAULT 0,
  refund_amount INTEGER NOT NULL DEFAULT 0,
  refund_application_fee INTEGER NOT NULL DEFAULT 0,
  refund_reason TEXT NOT NULL DEFAULT '',
  refund_id TEXT NOT NULL DEFAULT '',
  refunded_amount INTEGER NOT NULL DEFAULT 0,
  disputed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX bookings_live ON bookings(merchant_id, status, hold_expires_at);
CREATE INDEX bookings_pi ON bookings(payment_intent_id);
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  account TEXT NOT NULL,
  object_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
)sql",
    // 2: the local start date of each booking, indexed, so availability and
    // validation read only the bookings near the dates in question.
    R"sql(
ALTER TABLE bookings ADD COLUMN start_day TEXT NOT NULL DEFAULT '';
UPDATE bookings SET start_day = COALESCE(substr(json_extract(booking_json, '$.start'), 1, 10), '');
CREATE INDEX bookings_day ON bookings(merchant_id, start_day);
)sql",
};

const char* kBookingColumns =
    "id, merchant_id, status, booking_json, request_json, quote_json, payment_mode, amount, "
    "currency, application_fee, hold_expires_at, access_token_hash, stripe_account, "
    "idempotency_key, payment_intent_id, client_secret, pi_cancel_pending, paid_amount, "
    "refund_pending, refund_amount, refund_application_fee, refund_reason, refund_id, "
    "refunded_amount, disputed, created_at, updated_at";

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK)
      throw StoreError(std::string("prepare failed: ") + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    check(sqlite3_bind_int64(s_, i, v));
    return *this;
  }
  // true while a row is available.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("step failed: ") + sqlite3_errmsg(db_));
  }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : "";
  }
  int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw StoreError(std::string("bind failed: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

BookingRecord read_booking(const Stmt& s) {
  BookingRecord b;
  int c = 0;
  b.id = s.text(c++);
  b.merchant_id = s.text(c++);
  b.status = booking_status_from(s.text(c++)).value_or(BookingStatus::kCancelled);
  b.booking_json = s.text(c++);
  b.request_json = s.text(c++);
  b.quote_json = s.text(c++);
  b.payment_mode = s.text(c++);
  b.amount = s.i64(c++);
  b.currency = s.text(c++);
  b.application_fee = s.i64(c++);
  b.hold_expires_at_ms = s.i64(c++);
  b.access_token_hash = s.text(c++);
  b.stripe_account = s.text(c++);
  b.idempotency_key = s.text(c++);
  b.payment_intent_id = s.text(c++);
  b.client_secret = s.text(c++);
  b.pi_cancel_pending = s.i64(c++) != 0;
  b.paid_amount = s.i64(c++);
  b.refund_pending = s.i64(c++) != 0;
  b.refund_amount = s.i64(c++);
  b.refund_application_fee = s.i64(c++) != 0;
  b.refund_reason = s.text(c++);
  b.refund_id = s.text(c++);
  b.refunded_amount = s.i64(c++);
  b.disputed = s.i64(c++) != 0;
  b.created_at_ms = s.i64(c++);
  b.updated_at_ms = s.i64(c++);
  return b;
}

// Binds every column in kBookingColumns order starting at index 1.
void bind_booking(Stmt& s, const BookingRecord& b) {
  int i = 0;
  auto t = [&](const std::string& v) { s.bind(++i, v); };
  auto n = [&](int64_t v) { s.bind(++i, v); };
  t(b.id);
  t(b.merchant_id);
  t(to_string(b.status));
  t(b.booking_json);
  t(b.request_json);
  t(b.quote_json);
  t(b.payment_mode);
  n(b.amount);
  t(b.currency);
  n(b.application_fee);
  n(b.hold_expires_at_ms);
  t(b.access_token_hash);
  t(b.stripe_account);
  t(b.idempotency_key);
  t(b.payment_intent_id);
  t(b.client_secret);
  n(b.pi_cancel_pending);
  n(b.paid_amount);
  n(b.refund_pending);
  n(b.refund_amount);
  n(b.refund_application_fee);
  t(b.refund_reason);
  t(b.refund_id);
  n(b.refunded_amount);
  n(b.disputed);
  n(b.created_at_ms);
  n(b.updated_at_ms);
}

std::vector<BookingRecord> query_bookings(sqlite3* db, const std::string& where,
                                          const std::function<void(Stmt&)>& binder) {
  Stmt s(db, std::string("SELECT ") + kBookingColumns + " FROM bookings " + where);
  binder(s);
  std::vector<BookingRecord> out;
  while (s.step()) out.push_back(read_booking(s));
  return out;
}

const char* kLiveWhere =
    "WHERE merchant_id = ?1 AND (status = 'confirmed' OR "
    "(status IN ('held','awaiting_payment') AND hold_expires_at > ?2))";
const char* kLiveDaysWhere =
    "WHERE merchant_id = ?1 AND start_day BETWEEN ?3 AND ?4 AND (status = 'confirmed' OR "
    "(status IN ('held','awaiting_payment') AND hold_expires_at > ?2))";

}  // namespace

class SqliteStore::Impl final : public BookingTx {
 public:
  sqlite3* db = nullptr;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      throw StoreError("exec failed: " + msg);
    }
  }

  std::vector<BookingRecord> live_bookings(const std::string& merchant_id, int64_t now_ms,
                                           const std::string& from_day = "",
                                           const std::string& to_day = "") override {
    if (from_day.empty() || to_day.empty())
      return query_bookings(db, kLiveWhere, [&](Stmt& s) {
        s.bind(1, merchant_id);
        s.bind(2, now_ms);
      });
    return query_bookings(db, kLiveDaysWhere, [&](Stmt& s) {
      s.bind(1, merchant_id);
      s.bind(2, now_ms);
      s.bind(3, from_day);
      s.bind(4, to_day);
    });
  }
  std::optional<BookingRecord> booking(const std::string& id) override {
    auto v = query_bookings(db, "WHERE id = ?1", [&](Stmt& s) { s.bind(1, id); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }
  std::optional<BookingRecord> booking_by_payment_intent(const std::string& pi) override {
    if (pi.empty()) return std::nullopt;
    auto v = query_bookings(db, "WHERE payment_intent_id = ?1", [&](Stmt& s) { s.bind(1, pi); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }
  void insert_booking(const BookingRecord& b) override {
    Stmt s(db,
           std::string("INSERT INTO bookings (") + kBookingColumns +
               ", start_day) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
               "?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,"
               "COALESCE(substr(json_extract(?4, '$.start'), 1, 10), ''))");
    bind_booking(s, b);
    s.step();
  }
  void update_booking(const BookingRecord& b) override {
    Stmt s(db,
           "UPDATE bookings SET merchant_id=?2, status=?3, booking_json=?4, request_json=?5, "
           "quote_json=?6, payment_mode=?7, amount=?8, currency=?9, application_fee=?10, "
           "hold_expires_at=?11, access_token_hash=?12, stripe_account=?13, idempotency_key=?14, "
           "payment_intent_id=?15, client_secret=?16, pi_cancel_pending=?17, paid_amount=?18, "
           "refund_pending=?19, refund_amount=?20, refund_application_fee=?21, refund_reason=?22, "
           "refund_id=?23, refunded_amount=?24, disputed=?25, created_at=?26, updated_at=?27 "
           "WHERE id=?1");
    bind_booking(s, b);
    s.step();
  }
  bool record_event(const StripeEventRecord& e) override {
    Stmt s(db,
           "INSERT OR IGNORE INTO stripe_events (id, type, account, object_id, received_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, e.id)
        .bind(2, e.type)
        .bind(3, e.account)
        .bind(4, e.object_id)
        .bind(5, e.received_at_ms);
    s.step();
    return sqlite3_changes(db) == 1;
  }
  void set_charges_enabled(const std::string& account, bool enabled) override {
    Stmt s(db, "UPDATE merchants SET charges_enabled = ?2 WHERE stripe_account = ?1");
    s.bind(1, account).bind(2, int64_t{enabled});
    s.step();
  }
};

SqliteStore::SqliteStore(const std::string& path) : impl_(std::make_unique<Impl>()) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &impl_->db, flags, nullptr) != SQLITE_OK) {
    std::string msg = impl_->db ? sqlite3_errmsg(impl_->db) : "out of memory";
    sqlite3_close(impl_->db);
    impl_->db = nullptr;
    throw StoreError("cannot open database: " + msg);
  }
  sqlite3_busy_timeout(impl_->db, 5000);
  impl_->exec("PRAGMA journal_mode=WAL");
  // WAL + NORMAL survives a process crash (SIGKILL): committed transactions are in
  // the WAL file before COMMIT returns; only an OS crash could lose the last ones.
  impl_->exec("PRAGMA synchronous=NORMAL");
  impl_->exec("PRAGMA foreign_keys=ON");
  impl_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at INTEGER NOT NULL)");
  int current = schema_version();
  int target = static_cast<int>(std::size(kMigrations));
  for (int v = current + 1; v <= target; ++v) {
    impl_->exec("BEGIN IMMEDIATE");
    try {
      // Re-check under the write lock: another process may have migrated.
      if (schema_version() >= v) {
        impl_->exec("COMMIT");
        continue;
      }
      impl_->exec(kMigrations[v - 1]);
      Stmt s(
          impl_->db,
          "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%s','now'))");
      s.bind(1, int64_t{v});
      s.step();
      impl_->exec("COMMIT");
    } catch (...) {
      impl_->exec("ROLLBACK");
      throw;
    }
  }
}

SqliteStore::~SqliteStore() {
  if (impl_ && impl_->db) sqlite3_close(impl_->db);
}

int SqliteStore::schema_version() {
  Stmt s(impl_->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.step();
  return static_cast<int>(s.i64(0));
}

void SqliteStore::upsert_merchant(const Merchant& m) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(
      impl_->db,
      "INSERT INTO merchants (id, catalog_json, stripe_account, allowed_origins, charges_enabled, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET "
      "catalog_json = excluded.catalog_json, stripe_account = excluded.stripe_account, "
      "allowed_origins = excluded.allowed_origins");
  s.bind(1, m.id).bind(2, m.catalog_json).bind(3, m.stripe_account);
  s.bind(4, nlohmann::json(m.allowed_origins).dump()).bind(5, int64_t{m.charges_enabled});
  s.bind(6, m.created_at_ms);
  s.step();
}

std::optional<Merchant> SqliteStore::merchant(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(impl_->db,
         "SELECT id, catalog_json, stripe_account, allowed_origins, charges_enabled, created_at "
         "FROM merchants WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  Merchant m;
  m.id = s.text(0);
  m.catalog_json = s.text(1);
  m.stripe_account = s.text(2);
  auto origins = nlohmann::json::parse(s.text(3), nullptr, false);
  if (origins.is_array())
    for (const auto& o : origins)
      if (o.is_string()) m.allowed_origins.push_back(o.get<std::string>());
  m.charges_enabled = s.i64(4) != 0;
  m.created_at_ms = s.i64(5);
  return m;
}

void SqliteStore::transact(const std::function<bool(BookingTx&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  impl_->exec("BEGIN IMMEDIATE");
  bool commit = false;
  try {
    commit = fn(*impl_);
  } catch (...) {
    sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  if (commit) {
    try {
      impl_->exec("COMMIT");
    } catch (...) {
      sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  } else {
    impl_->exec("ROLLBACK");
  }
}

std::optional<BookingRecord> SqliteStore::booking(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  return impl_->booking(id);
}

std::vector<BookingRecord> SqliteStore::live_bookings(const std::string& merchant_id,
                                                      int64_t now_ms, const std::string& from_day,
                                                      const std::string& to_day) {
  std::lock_guard<std::mutex> lock(mu_);
  return impl_->live_bookings(merchant_id, now_ms, from_day, to_day);
}

std::vector<BookingRecord> SqliteStore::bookings_of(const std::string& merchant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return query_bookings(impl_->db, "WHERE merchant_id = ?1 ORDER BY created_at",
                        [&](Stmt& s) { s.bind(1, merchant_id); });
}

std::vector<BookingRecord> SqliteStore::bookings_with_status(BookingStatus status) {
  std::lock_guard<std::mutex> lock(mu_);
  return query_bookings(impl_->db, "WHERE status = ?1 ORDER BY created_at",
                        [&](Stmt& s) { s.bind(1, std::string(to_string(status))); });
}

std::vector<BookingRecord> SqliteStore::bookings_needing_work(int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  return query_bookings(impl_->db,
                        "WHERE (status IN ('held','awaiting_payment') AND hold_expires_at <= ?1) "
                        "OR pi_cancel_pending = 1 OR refund_pending = 1",
                        [&](Stmt& s) { s.bind(1, now_ms); });
}

std::map<std::string, int64_t> SqliteStore::count_by_status() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(impl_->db, "SELECT status, COUNT(*) FROM bookings GROUP BY status");
  std::map<std::string, int64_t> out;
  while (s.step()) out[s.text(0)] = s.i64(1);
  return out;
}

int64_t SqliteStore::count_events() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(impl_->db, "SELECT COUNT(*) FROM stripe_events");
  s.step();
  return s.i64(0);
}

}  // namespace slotpay::server
