#include "store/postgres/pg_session.hpp"

#include <algorithm>
#include <tuple>

#include "store/booking_row.hpp"

namespace slotpay::server::pg {
namespace {

using row::kBookingColumnCount;
using row::kBookingColumns;

const std::string& insert_sql() {
  static const std::string s = [] {
    std::string out = "INSERT INTO bookings (" + row::column_list() + ") VALUES (";
    for (int i = 1; i <= kBookingColumnCount; ++i) out += (i > 1 ? ",$" : "$") + std::to_string(i);
    return out + ")";
  }();
  return s;
}

const std::string& update_sql() {
  static const std::string s = [] {
    std::string out = "UPDATE bookings SET ";
    for (int i = 1; i < kBookingColumnCount; ++i)
      out += (i > 1 ? ", " : "") + std::string(kBookingColumns[i]) + "=$" + std::to_string(i + 1);
    return out + " WHERE id=$1";
  }();
  return s;
}

// The classid half of pg_advisory_xact_lock(classid, objid) for a merchant's save.
constexpr const char* kSaveMerchantLock = "7310768";

}  // namespace

std::vector<BookingRecord> Session::bookings_where(const std::string& tail, const Params& params) {
  auto r = db_.query("SELECT " + row::column_list() + " FROM bookings " + tail, params);
  std::vector<BookingRecord> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_booking(r.at(i)));
  return out;
}

std::optional<Merchant> Session::merchant(const std::string& id) {
  auto v = select_merchants(db_, write_ ? "WHERE m.id = $1 FOR UPDATE OF m" : "WHERE m.id = $1",
                            Params().add(id));
  if (v.empty()) return std::nullopt;
  if (write_) locked_merchants_.insert(id);
  return std::move(v.front());
}

void Session::lock_merchant(const std::string& merchant_id) {
  if (!write_ || locked_merchants_.count(merchant_id)) return;
  db_.query("SELECT 1 FROM merchants WHERE id = $1 FOR UPDATE", Params().add(merchant_id));
  locked_merchants_.insert(merchant_id);
}

std::optional<std::string> Session::catalog_text(const std::string& merchant_id, int64_t version) {
  auto r =
      db_.query("SELECT catalog_json FROM catalog_versions WHERE merchant_id = $1 AND version = $2",
                Params().add(merchant_id).add(version));
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

std::optional<BookingRecord> Session::booking(const std::string& id) {
  auto v = bookings_where(write_ ? "WHERE id = $1 FOR UPDATE" : "WHERE id = $1", Params().add(id));
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<BookingRecord> Session::booking_by_payment_intent(const std::string& pi) {
  if (pi.empty()) return std::nullopt;
  auto v = bookings_where(write_ ? "WHERE payment_intent_id = $1 ORDER BY id LIMIT 1 FOR UPDATE"
                                 : "WHERE payment_intent_id = $1 ORDER BY id LIMIT 1",
                          Params().add(pi));
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Occupancy> Session::occupancies(const std::string& merchant_id, int64_t now_ms,
                                            int64_t from_s, int64_t to_s,
                                            const std::string& exclude_id) {
  // A capacity decision: after this lock no other transaction can add to what is read
  // below until this one ends (READ COMMITTED: the query sees every commit before it).
  lock_merchant(merchant_id);
  auto r = db_.query(
      "SELECT service, staff, start_at, end_at, SUM(quantity) FROM bookings WHERE merchant_id = $1 "
      "AND start_at >= $3 AND start_at < $4 AND id <> $5 AND (status IN "
      "('confirmed','completed','no_show') OR (status IN "
      "('held','awaiting_payment','pending_confirmation') AND hold_expires_at > $2)) GROUP BY "
      "service, staff, start_at, "
      "end_at ORDER BY start_at, end_at, service, staff",
      Params().add(merchant_id).add(now_ms).add(from_s).add(to_s).add(exclude_id));
  std::vector<Occupancy> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(Occupancy{r.text(i, 0), r.text(i, 1), Instant{r.i64(i, 2)}, Instant{r.i64(i, 3)},
                            r.i64(i, 4)});
  return out;
}

std::vector<BookingRecord> Session::bookings_of(const std::string& merchant_id) {
  return bookings_where("WHERE merchant_id = $1 ORDER BY created_at, id",
                        Params().add(merchant_id));
}

std::vector<BookingRecord> Session::bookings_starting(const std::string& merchant_id,
                                                      const std::string& mode, int64_t from_s,
                                                      int64_t to_s, int64_t after_start_s,
                                                      const std::string& after_id, int64_t limit) {
  return bookings_where(
      "WHERE merchant_id = $1 AND ($2 = '' OR mode = $2) AND start_at >= $3 AND start_at < $4 "
      "AND (start_at > $5 OR (start_at = $5 AND id > $6)) ORDER BY start_at, id LIMIT $7",
      Params()
          .add(merchant_id)
          .add(mode)
          .add(from_s)
          .add(to_s)
          .add(after_start_s)
          .add(after_id)
          .add(limit));
}

std::vector<BookingRecord> Session::bookings_of_mode(const std::string& merchant_id,
                                                     const std::string& mode, int64_t limit) {
  return bookings_where(
      "WHERE merchant_id = $1 AND mode = $2 ORDER BY created_at DESC, id LIMIT $3",
      Params().add(merchant_id).add(mode).add(limit));
}

std::vector<BookingRecord> Session::bookings_with_status(BookingStatus status) {
  return bookings_where(write_ ? "WHERE status = $1 ORDER BY created_at, id FOR UPDATE"
                               : "WHERE status = $1 ORDER BY created_at, id",
                        Params().add(to_string(status)));
}

std::vector<BookingRecord> Session::bookings_needing_work(int64_t now_ms) {
  return bookings_where(
      "WHERE id IN (SELECT id FROM bookings WHERE status IN "
      "('held','awaiting_payment','pending_confirmation') AND "
      "hold_expires_at <= $1 UNION SELECT id FROM bookings WHERE pi_cancel_pending = 1 OR "
      "refund_pending = 1 OR late_refund_pending = 1) ORDER BY created_at, id",
      Params().add(now_ms));
}

std::vector<BookingRecord> Session::claim_work(int64_t now_ms, const std::string& owner,
                                               int64_t until_ms, int limit) {
  // The conditions sit on the locked rows themselves (not in a subquery), so that a
  // row another instance claimed and committed meanwhile is re-checked on its new
  // version (READ COMMITTED) and left out; rows still locked are skipped.
  static const std::string sql = [] {
    std::string cols;
    for (int i = 0; i < kBookingColumnCount; ++i)
      cols += (i ? ", b." : "b.") + std::string(kBookingColumns[i]);
    return "WITH c AS (SELECT id FROM bookings WHERE ((status IN "
           "('held','awaiting_payment','pending_confirmation') AND "
           "hold_expires_at <= $1) OR pi_cancel_pending = 1 OR refund_pending = 1 OR "
           "late_refund_pending = 1 OR status = 'held') AND (claimed_until <= $1 OR (claimed_by = "
           "$2 AND status <> 'held')) ORDER BY "
           "merchant_id, id LIMIT $4 FOR UPDATE SKIP LOCKED) UPDATE bookings b SET claimed_by = "
           "$2, claimed_until = $3 FROM c WHERE b.id = c.id RETURNING " +
           cols;
  }();
  auto r = db_.query(sql, Params().add(now_ms).add(owner).add(until_ms).add(int64_t{limit}));
  std::vector<BookingRecord> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_booking(r.at(i)));
  // Merchants' rows are then locked in one order by every pass: no deadlock between
  // two instances' passes.
  std::sort(out.begin(), out.end(), [](const BookingRecord& a, const BookingRecord& b) {
    return std::tie(a.merchant_id, a.id) < std::tie(b.merchant_id, b.id);
  });
  return out;
}

std::vector<BookingRecord> Session::take_due_reminders(int64_t now_ms, int limit) {
  // As claim_work: the condition sits on the locked rows, so a reminder another instance
  // took and committed meanwhile is left out; rows still locked are skipped.
  static const std::string sql = [] {
    std::string cols;
    for (int i = 0; i < kBookingColumnCount; ++i)
      cols += (i ? ", b." : "b.") + std::string(kBookingColumns[i]);
    return "WITH c AS (SELECT id FROM bookings WHERE remind_at > 0 AND remind_at <= $1 ORDER BY "
           "remind_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) UPDATE bookings b SET remind_at = 0 "
           "FROM c WHERE b.id = c.id RETURNING " +
           cols;
  }();
  auto r = db_.query(sql, Params().add(now_ms).add(int64_t{limit}));
  std::vector<BookingRecord> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_booking(r.at(i)));
  return out;
}

std::map<std::string, int64_t> Session::count_by_status() {
  auto r = db_.query("SELECT status, COUNT(*) FROM bookings GROUP BY status");
  std::map<std::string, int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out[r.text(i, 0)] = r.i64(i, 1);
  return out;
}

int64_t Session::count_events() {
  return db_.query("SELECT COUNT(*) FROM stripe_events").i64(0, 0);
}

void Session::ping() { db_.query("SELECT 1"); }

// The hold and coupon caps are decisions like capacity: in a write transaction the
// merchant's row is locked first, so two instances cannot both take the last hold or
// the last redemption (every booking insert updates that row).
LiveHolds Session::live_holds(const std::string& merchant_id, int64_t now_ms,
                              const std::string& client_key, const std::string& email) {
  lock_merchant(merchant_id);
  auto r = db_.query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN client_key = $3::text AND $3::text <> '' THEN 1 "
      "ELSE 0 END), 0), COALESCE(SUM(CASE WHEN lower(customer_email) = lower($4::text) AND "
      "$4::text <> '' THEN 1 ELSE 0 END), 0) FROM bookings WHERE merchant_id = $1 AND status IN "
      "('held','awaiting_payment','pending_confirmation') AND hold_expires_at > $2",
      Params().add(merchant_id).add(now_ms).add(client_key).add(email));
  return LiveHolds{r.i64(0, 0), r.i64(0, 1), r.i64(0, 2)};
}

CouponUses Session::coupon_uses(const std::string& merchant_id, const std::string& code,
                                const std::string& email, int64_t now_ms) {
  lock_merchant(merchant_id);
  auto r = db_.query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN lower(customer_email) = lower($4::text) THEN 1 "
      "ELSE 0 END), 0) FROM bookings WHERE merchant_id = $1 AND coupon <> '' AND lower(coupon) = "
      "lower($3::text) AND (status IN ('confirmed','completed','no_show') OR (status IN "
      "('held','awaiting_payment','pending_confirmation') AND "
      "hold_expires_at > $2))",
      Params().add(merchant_id).add(now_ms).add(code).add(email));
  return CouponUses{r.i64(0, 0), r.i64(0, 1)};
}

void Session::insert_booking(const BookingRecord& b) {
  Params p;
  for (const auto& v : row::booking_values(b)) p.add(v);
  db_.query(insert_sql(), p);
  db_.query(
      "UPDATE merchants SET bookings_version = bookings_version + 1, max_booking_s = "
      "GREATEST(max_booking_s, $2) WHERE id = $1",
      Params().add(b.merchant_id).add(b.slot.end.seconds - b.slot.start.seconds));
  locked_merchants_.insert(b.merchant_id);  // the UPDATE locked the row
}

void Session::update_booking(const BookingRecord& b) {
  Params p;
  for (const auto& v : row::booking_values(b)) p.add(v);
  db_.query(update_sql(), p);
  bump_bookings_version(b.merchant_id, b.slot.end.seconds - b.slot.start.seconds);
}

void Session::update_booking(const BookingRecord& before, const BookingRecord& after) {
  auto old_values = row::booking_values(before);
  auto new_values = row::booking_values(after);
  std::string sql = "UPDATE bookings SET ";
  Params p;
  p.add(after.id);
  int n = 0;
  for (int i = 1; i < kBookingColumnCount; ++i) {
    if (old_values[i] == new_values[i]) continue;
    sql += (n ? ", " : "") + std::string(kBookingColumns[i]) + "=$" + std::to_string(n + 2);
    ++n;
    p.add(new_values[i]);
  }
  if (n == 0) return;
  // Only the columns that changed: untouched indexes are left alone.
  db_.query(sql + " WHERE id=$1", p);
  if (row::occupancy_changed(old_values, new_values))
    bump_bookings_version(after.merchant_id, after.slot.end.seconds - after.slot.start.seconds);
}

void Session::bump_bookings_version(const std::string& merchant_id, int64_t length_s) {
  db_.query(
      "UPDATE merchants SET bookings_version = bookings_version + 1, max_booking_s = "
      "GREATEST(max_booking_s, $2) WHERE id = $1",
      Params().add(merchant_id).add(length_s));
  locked_merchants_.insert(merchant_id);
}

bool Session::record_event(const StripeEventRecord& e) {
  // A concurrent insert of the same id waits for the other transaction: duplicate if
  // it commits, recorded here if it rolls back.
  auto r = db_.query(
      "INSERT INTO stripe_events (id, type, account, object_id, received_at) VALUES ($1, $2, $3, "
      "$4, $5) ON CONFLICT (id) DO NOTHING",
      Params().add(e.id).add(e.type).add(e.account).add(e.object_id).add(e.received_at_ms));
  return r.affected() == 1;
}

void Session::set_charges_enabled(const std::string& account, bool enabled) {
  db_.query(
      "UPDATE merchant_stripe SET charges_enabled = $2 WHERE stripe_account = $1 AND "
      "stripe_account <> ''",
      Params().add(account).add(int64_t{enabled}));
}

int64_t Session::save_merchant(const Merchant& m, const std::string& catalog_json) {
  // Saves of one merchant one after the other, a new merchant included (no row to
  // lock yet).
  db_.query(std::string("SELECT pg_advisory_xact_lock(") + kSaveMerchantLock + ", hashtext($1))",
            Params().add(m.id));
  auto existing = merchant(m.id);
  int64_t version = 1;
  if (existing) {
    version = accounts_.save_catalog(m.id, catalog_json, m.name, m.created_at_ms);
  } else {
    Merchant fresh = m;
    fresh.catalog_version = 1;
    accounts_.create_merchant(fresh, catalog_json);
  }
  db_.query("UPDATE merchants SET allowed_origins = $2, name = $3 WHERE id = $1",
            Params().add(m.id).add(row::strings_to_json(m.allowed_origins)).add(m.name));
  locked_merchants_.insert(m.id);
  // The operator's side of the merchant's mode at creation (or its current mode).
  const std::string mode = existing ? existing->mode : m.mode;
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
  return version;
}

}  // namespace slotpay::server::pg
