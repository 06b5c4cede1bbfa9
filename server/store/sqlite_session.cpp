#include "store/sqlite_session.hpp"

#include "store/booking_row.hpp"

namespace slotpay::server::sqlite {
namespace {

using row::kBookingColumnCount;
using row::kBookingColumns;
using row::Value;

const std::string& insert_sql() {
  static const std::string s = [] {
    std::string out = "INSERT INTO bookings (" + row::column_list() + ") VALUES (";
    for (int i = 1; i <= kBookingColumnCount; ++i) out += (i > 1 ? ",?" : "?") + std::to_string(i);
    return out + ")";
  }();
  return s;
}

const std::string& update_sql() {
  static const std::string s = [] {
    std::string out = "UPDATE bookings SET ";
    for (int i = 1; i < kBookingColumnCount; ++i)
      out += (i > 1 ? ", " : "") + std::string(kBookingColumns[i]) + "=?" + std::to_string(i + 1);
    return out + " WHERE id=?1";
  }();
  return s;
}

const char* kLiveClause =
    "(status IN ('confirmed','completed','no_show') OR (status IN "
    "('held','awaiting_payment','pending_confirmation') AND "
    "hold_expires_at > ?2))";

}  // namespace

void bind_value(Query& q, int i, const row::Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v))
    q.bind(i, *n);
  else if (const auto* t = std::get_if<std::string>(&v))
    q.bind(i, *t);
  else
    q.bind_null(i);
}

std::vector<BookingRecord> Session::bookings_where(const std::string& where,
                                                   const std::function<void(Query&)>& binder) {
  auto q = db_.query("SELECT " + row::column_list() + " FROM bookings " + where);
  binder(q);
  std::vector<BookingRecord> out;
  while (q.step()) out.push_back(row::read_booking(q));
  return out;
}

std::optional<Merchant> Session::merchant(const std::string& id) {
  auto v = select_merchants(db_, "WHERE m.id = ?1", [&](Query& q) { q.bind(1, id); });
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::optional<std::string> Session::catalog_text(const std::string& merchant_id, int64_t version) {
  auto q = db_.query(
      "SELECT catalog_json FROM catalog_versions WHERE merchant_id = ?1 AND version = ?2");
  q.bind(1, merchant_id).bind(2, version);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

std::optional<BookingRecord> Session::booking(const std::string& id) {
  auto v = bookings_where("WHERE id = ?1", [&](Query& q) { q.bind(1, id); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<BookingRecord> Session::booking_by_payment_intent(const std::string& pi) {
  if (pi.empty()) return std::nullopt;
  auto v = bookings_where("WHERE payment_intent_id = ?1", [&](Query& q) { q.bind(1, pi); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Occupancy> Session::occupancies(const std::string& merchant_id, int64_t now_ms,
                                            int64_t from_s, int64_t to_s,
                                            const std::string& exclude_id) {
  // Bookings of one class (same service, resource, start and end) count as one
  // occupancy of their summed quantity: the core counts them so, and a popular class
  // is then one row instead of hundreds.
  auto q = db_.query(std::string("SELECT service, staff, start_at, end_at, SUM(quantity) "
                                 "FROM bookings WHERE merchant_id = ?1 AND start_at >= ?3 AND "
                                 "start_at < ?4 AND id != ?5 AND ") +
                     kLiveClause + " GROUP BY service, staff, start_at, end_at");
  q.bind(1, merchant_id).bind(2, now_ms).bind(3, from_s).bind(4, to_s).bind(5, exclude_id);
  std::vector<Occupancy> out;
  while (q.step())
    out.push_back(Occupancy{q.text(0), q.text(1), Instant{q.i64(2)}, Instant{q.i64(3)}, q.i64(4)});
  return out;
}

std::vector<BookingRecord> Session::bookings_of(const std::string& merchant_id) {
  return bookings_where("WHERE merchant_id = ?1 ORDER BY created_at",
                        [&](Query& q) { q.bind(1, merchant_id); });
}

std::vector<BookingRecord> Session::bookings_of_mode(const std::string& merchant_id,
                                                     const std::string& mode, int64_t limit) {
  return bookings_where("WHERE merchant_id = ?1 AND mode = ?2 ORDER BY created_at DESC LIMIT ?3",
                        [&](Query& q) { q.bind(1, merchant_id).bind(2, mode).bind(3, limit); });
}

std::vector<BookingRecord> Session::bookings_starting(const std::string& merchant_id,
                                                      const std::string& mode, int64_t from_s,
                                                      int64_t to_s, int64_t after_start_s,
                                                      const std::string& after_id, int64_t limit) {
  return bookings_where(
      "WHERE merchant_id = ?1 AND (?2 = '' OR mode = ?2) AND start_at >= ?3 AND start_at < ?4 "
      "AND (start_at > ?5 OR (start_at = ?5 AND id > ?6)) ORDER BY start_at, id LIMIT ?7",
      [&](Query& q) {
        q.bind(1, merchant_id)
            .bind(2, mode)
            .bind(3, from_s)
            .bind(4, to_s)
            .bind(5, after_start_s)
            .bind(6, after_id)
            .bind(7, limit);
      });
}

std::vector<BookingRecord> Session::bookings_with_status(BookingStatus status) {
  return bookings_where("WHERE status = ?1 ORDER BY created_at",
                        [&](Query& q) { q.bind(1, std::string(to_string(status))); });
}

std::vector<BookingRecord> Session::bookings_needing_work(int64_t now_ms) {
  // Two indexed halves (bookings_holds, bookings_owing) rather than one scan.
  return bookings_where(
      "WHERE id IN (SELECT id FROM bookings WHERE status IN "
      "('held','awaiting_payment','pending_confirmation') AND "
      "hold_expires_at <= ?1 UNION SELECT id FROM bookings WHERE pi_cancel_pending = 1 OR "
      "refund_pending = 1 OR late_refund_pending = 1) ORDER BY created_at",
      [&](Query& q) { q.bind(1, now_ms); });
}

std::vector<BookingRecord> Session::claim_work(int64_t now_ms, const std::string& owner,
                                               int64_t until_ms, int limit) {
  // The one writer runs this transaction alone: nothing to skip. The same rule as the
  // PostgreSQL store's (booking_store.hpp), by three indexed parts.
  auto claimed = bookings_where(
      "WHERE id IN (SELECT id FROM bookings WHERE status IN "
      "('held','awaiting_payment','pending_confirmation') AND "
      "hold_expires_at <= ?1 AND (claimed_until <= ?1 OR (claimed_by = ?2 AND status != 'held')) "
      "UNION SELECT id FROM bookings WHERE (pi_cancel_pending = 1 OR refund_pending = 1 OR "
      "late_refund_pending = 1) AND "
      "(claimed_until <= ?1 OR (claimed_by = ?2 AND status != 'held')) "
      "UNION SELECT id FROM bookings WHERE status = 'held' AND claimed_until <= ?1) "
      "ORDER BY merchant_id, id LIMIT ?3",
      [&](Query& q) { q.bind(1, now_ms).bind(2, owner).bind(3, int64_t{limit}); });
  for (auto& b : claimed) {
    auto q = db_.query("UPDATE bookings SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1");
    q.bind(1, b.id).bind(2, owner).bind(3, until_ms).step();
    b.claimed_by = owner;
    b.claimed_until_ms = until_ms;
  }
  return claimed;
}

std::vector<BookingRecord> Session::take_due_reminders(int64_t now_ms, int limit) {
  // The one writer runs this transaction alone; the partial index bookings_reminders.
  auto due =
      bookings_where("WHERE remind_at > 0 AND remind_at <= ?1 ORDER BY remind_at, id LIMIT ?2",
                     [&](Query& q) { q.bind(1, now_ms).bind(2, int64_t{limit}); });
  for (auto& b : due) {
    auto q = db_.query("UPDATE bookings SET remind_at = 0 WHERE id = ?1");
    q.bind(1, b.id).step();
    b.remind_at_ms = 0;
  }
  return due;
}

void Session::ping() { db_.query("SELECT 1").step(); }

std::map<std::string, int64_t> Session::count_by_status() {
  auto q = db_.query("SELECT status, COUNT(*) FROM bookings GROUP BY status");
  std::map<std::string, int64_t> out;
  while (q.step()) out[q.text(0)] = q.i64(1);
  return out;
}

int64_t Session::count_events() {
  auto q = db_.query("SELECT COUNT(*) FROM stripe_events");
  q.step();
  return q.i64(0);
}

LiveHolds Session::live_holds(const std::string& merchant_id, int64_t now_ms,
                              const std::string& client_key, const std::string& email) {
  // The partial index bookings_live_holds: a scan of the merchant's live holds only
  // (bounded by the per-merchant cap).
  auto q = db_.query(
      "SELECT COUNT(*), COALESCE(SUM(client_key = ?3 AND ?3 != ''), 0), "
      "COALESCE(SUM(customer_email = ?4 COLLATE NOCASE AND ?4 != ''), 0) FROM bookings "
      "WHERE merchant_id = ?1 AND status IN ('held','awaiting_payment','pending_confirmation') AND "
      "hold_expires_at > ?2");
  q.bind(1, merchant_id).bind(2, now_ms).bind(3, client_key).bind(4, email);
  q.step();
  return LiveHolds{q.i64(0), q.i64(1), q.i64(2)};
}

CouponUses Session::coupon_uses(const std::string& merchant_id, const std::string& code,
                                const std::string& email, int64_t now_ms) {
  auto q = db_.query(std::string("SELECT COUNT(*), COALESCE(SUM(customer_email = ?4 COLLATE "
                                 "NOCASE), 0) FROM bookings WHERE merchant_id = ?1 AND "
                                 "coupon = ?3 COLLATE NOCASE AND ") +
                     kLiveClause);
  q.bind(1, merchant_id).bind(2, now_ms).bind(3, code).bind(4, email);
  q.step();
  return CouponUses{q.i64(0), q.i64(1)};
}

void Session::insert_booking(const BookingRecord& b) {
  {
    auto q = db_.query(insert_sql());
    auto values = row::booking_values(b);
    for (int i = 0; i < kBookingColumnCount; ++i) bind_value(q, i + 1, values[i]);
    q.step();
  }
  auto m = db_.query(
      "UPDATE merchants SET bookings_version = bookings_version + 1, "
      "max_booking_s = MAX(max_booking_s, ?2) WHERE id = ?1");
  m.bind(1, b.merchant_id).bind(2, b.slot.end.seconds - b.slot.start.seconds).step();
}

void Session::update_booking(const BookingRecord& b) {
  auto q = db_.query(update_sql());
  auto values = row::booking_values(b);
  for (int i = 0; i < kBookingColumnCount; ++i) bind_value(q, i + 1, values[i]);
  q.step();
  bump_bookings_version(b.merchant_id, b.slot.end.seconds - b.slot.start.seconds);
}

void Session::update_booking(const BookingRecord& before, const BookingRecord& after) {
  auto old_values = row::booking_values(before);
  auto new_values = row::booking_values(after);
  std::string sql = "UPDATE bookings SET ";
  std::vector<int> changed;
  for (int i = 1; i < kBookingColumnCount; ++i) {
    if (old_values[i] == new_values[i]) continue;
    sql += (changed.empty() ? "" : ", ") + std::string(kBookingColumns[i]) + "=?" +
           std::to_string(changed.size() + 2);
    changed.push_back(i);
  }
  if (changed.empty()) return;
  // Only the columns that changed: untouched indexes are left alone.
  auto q = db_.query(sql + " WHERE id=?1");
  q.bind(1, after.id);
  for (size_t k = 0; k < changed.size(); ++k)
    bind_value(q, static_cast<int>(k) + 2, new_values[changed[k]]);
  q.step();
  if (row::occupancy_changed(old_values, new_values))
    bump_bookings_version(after.merchant_id, after.slot.end.seconds - after.slot.start.seconds);
}

void Session::bump_bookings_version(const std::string& merchant_id, int64_t length_s) {
  auto q = db_.query(
      "UPDATE merchants SET bookings_version = bookings_version + 1, "
      "max_booking_s = MAX(max_booking_s, ?2) WHERE id = ?1");
  q.bind(1, merchant_id).bind(2, length_s).step();
}

bool Session::record_event(const StripeEventRecord& e) {
  auto q = db_.query(
      "INSERT OR IGNORE INTO stripe_events (id, type, account, object_id, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  q.bind(1, e.id).bind(2, e.type).bind(3, e.account).bind(4, e.object_id);
  q.bind(5, e.received_at_ms).step();
  return db_.changes() == 1;
}

void Session::set_charges_enabled(const std::string& account, bool enabled) {
  auto q = db_.query(
      "UPDATE merchant_stripe SET charges_enabled = ?2 WHERE stripe_account = ?1 AND "
      "stripe_account != ''");
  q.bind(1, account).bind(2, int64_t{enabled}).step();
}

int64_t Session::save_merchant(const Merchant& m, const std::string& catalog_json) {
  const bool existed = merchant(m.id).has_value();
  int64_t version = 1;
  if (existed) {
    version = accounts_.save_catalog(m.id, catalog_json, m.name, m.created_at_ms);
  } else {
    Merchant fresh = m;
    fresh.catalog_version = 1;
    accounts_.create_merchant(fresh, catalog_json);
  }
  auto q = db_.query("UPDATE merchants SET allowed_origins = ?2, name = ?3 WHERE id = ?1");
  q.bind(1, m.id).bind(2, row::strings_to_json(m.allowed_origins)).bind(3, m.name).step();
  // The operator's side of the merchant's mode at creation (or its current mode).
  std::string mode = existed ? merchant(m.id)->mode : m.mode;
  auto cur = accounts_.stripe_side(m.id, mode);
  if (!m.stripe_account.empty()) {
    StripeSide side = cur.value_or(StripeSide{});
    const bool same =
        cur && cur->connection == "platform" && cur->stripe_account == m.stripe_account;
    if (!same) {
      side = StripeSide{};
      side.charges_enabled = m.charges_enabled;
      side.details_submitted = m.charges_enabled;
    }
    side.merchant_id = m.id;
    side.mode = mode;
    side.connection = "platform";
    side.stripe_account = m.stripe_account;
    side.updated_at_ms = m.created_at_ms;
    accounts_.save_stripe_side(side);
  } else if (!cur) {
    StripeSide side;
    side.merchant_id = m.id;
    side.mode = mode;
    side.connection = "platform";
    side.charges_enabled = m.charges_enabled;
    side.details_submitted = m.charges_enabled;
    side.updated_at_ms = m.created_at_ms;
    accounts_.save_stripe_side(side);
  }
  return existed ? version : 1;
}

// --- merchant rows, shared with the account queries ---

std::vector<Merchant> select_merchants(Connection& db, const std::string& where,
                                       const std::function<void(Query&)>& binder) {
  // The active side (merchants.mode) decides the account and whether online payments
  // are possible now: charges enabled, not deauthorized, connected at all.
  auto q = db.query(
      "SELECT m.id, m.catalog_version, COALESCE(s.stripe_account, ''), m.allowed_origins, "
      "COALESCE(s.charges_enabled AND NOT s.deauthorized AND s.connection != 'none', 0), "
      "m.created_at, m.bookings_version, m.max_booking_s, m.name, m.status, m.mode, "
      "COALESCE(s.connection, 'none'), COALESCE(s.publishable_key, ''), m.fee_bps, m.fee_fixed "
      "FROM merchants m LEFT JOIN merchant_stripe s ON s.merchant_id = m.id AND s.mode = m.mode " +
      where);
  binder(q);
  std::vector<Merchant> out;
  while (q.step()) {
    Merchant m;
    int c = 0;
    m.id = q.text(c++);
    m.catalog_version = q.i64(c++);
    m.stripe_account = q.text(c++);
    m.allowed_origins = row::strings_from_json(q.text(c++));
    m.charges_enabled = q.i64(c++) != 0;
    m.created_at_ms = q.i64(c++);
    m.bookings_version = q.i64(c++);
    m.max_booking_s = q.i64(c++);
    m.name = q.text(c++);
    m.status = q.text(c++);
    m.mode = q.text(c++);
    m.connection = q.text(c++);
    m.publishable_key = q.text(c++);
    if (!q.is_null(c)) m.fee_bps = q.i64(c);
    ++c;
    if (!q.is_null(c)) m.fee_fixed = q.i64(c);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> strings_from_json_text(const std::string& text) {
  return row::strings_from_json(text);
}

}  // namespace slotpay::server::sqlite
