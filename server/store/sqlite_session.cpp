#include "store/sqlite_session.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <variant>

namespace slotpay::server::sqlite {
namespace {

using json = nlohmann::json;

// Every column of a booking row, in the order read_booking() and bind_booking() use.
constexpr const char* kBookingColumns[] = {
    "id",
    "merchant_id",
    "status",
    "catalog_version",
    "service",
    "staff",
    "start_at",
    "end_at",
    "start_day",
    "quantity",
    "addons",
    "coupon",
    "customer_name",
    "customer_email",
    "customer_phone",
    "currency",
    "payment_mode",
    "quote_payment",
    "subtotal",
    "discount",
    "tax",
    "tip",
    "total",
    "due_now",
    "due_later",
    "application_fee",
    "min_charge",
    "min_charge_ok",
    "min_charge_adjusted",
    "quote_lines",
    "amount",
    "hold_expires_at",
    "access_token_hash",
    "stripe_account",
    "idempotency_key",
    "payment_intent_id",
    "client_secret",
    "pi_cancel_pending",
    "paid_amount",
    "refund_pending",
    "refund_amount",
    "refund_application_fee",
    "refund_reason",
    "refund_id",
    "refunded_amount",
    "disputed",
    "created_at",
    "updated_at",
    "mode",
    "merchant_keys",
    "client_key",
};
constexpr int kColumnCount = static_cast<int>(std::size(kBookingColumns));

const std::string& select_columns() {
  static const std::string s = [] {
    std::string out;
    for (int i = 0; i < kColumnCount; ++i) out += (i ? ", " : "") + std::string(kBookingColumns[i]);
    return out;
  }();
  return s;
}

const std::string& insert_sql() {
  static const std::string s = [] {
    std::string out = "INSERT INTO bookings (" + select_columns() + ") VALUES (";
    for (int i = 1; i <= kColumnCount; ++i) out += (i > 1 ? ",?" : "?") + std::to_string(i);
    return out + ")";
  }();
  return s;
}

const std::string& update_sql() {
  static const std::string s = [] {
    std::string out = "UPDATE bookings SET ";
    for (int i = 1; i < kColumnCount; ++i)
      out += (i > 1 ? ", " : "") + std::string(kBookingColumns[i]) + "=?" + std::to_string(i + 1);
    return out + " WHERE id=?1";
  }();
  return s;
}

slotpay::ChargeMode charge_mode_from(const std::string& s) {
  for (auto m :
       {ChargeMode::kStripe, ChargeMode::kExternal, ChargeMode::kFree, ChargeMode::kPayAtVenue})
    if (s == to_string(m)) return m;
  return ChargeMode::kStripe;
}

// Quote lines in the shape the core writes them (kind, id | code, rate_bps, inclusive,
// amount), so rows migrated from the JSON columns read the same way.
std::string lines_to_json(const std::vector<QuoteLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    json j;
    j["kind"] = l.kind;
    if (l.kind == "discount")
      j["code"] = l.id;
    else if (!l.id.empty())
      j["id"] = l.id;
    if (l.kind == "tax") {
      j["rate_bps"] = l.rate_bps;
      if (l.inclusive) j["inclusive"] = true;
    }
    j["amount"] = l.amount;
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<QuoteLine> lines_from_json(const std::string& text) {
  std::vector<QuoteLine> out;
  json arr = json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& j : arr) {
    if (!j.is_object()) continue;
    QuoteLine l;
    l.kind = j.value("kind", "");
    l.id = j.value(l.kind == "discount" ? "code" : "id", "");
    l.amount = j.value("amount", int64_t{0});
    l.rate_bps = j.value("rate_bps", int64_t{0});
    l.inclusive = j.value("inclusive", false);
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> strings_from_json(const std::string& text) {
  std::vector<std::string> out;
  json arr = json::parse(text, nullptr, false);
  if (arr.is_array())
    for (const auto& s : arr)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

BookingRecord read_booking(const Query& q) {
  BookingRecord b;
  int c = 0;
  b.id = q.text(c++);
  b.merchant_id = q.text(c++);
  // An unknown status (a newer server wrote it) reads as cancelled: nothing acts on it.
  b.status = booking_status_from(q.text(c++)).value_or(BookingStatus::kCancelled);
  b.catalog_version = q.i64(c++);
  b.slot.service = q.text(c++);
  b.slot.staff = q.text(c++);
  b.slot.start = Instant{q.i64(c++)};
  b.slot.end = Instant{q.i64(c++)};
  b.start_day = q.text(c++);
  b.slot.quantity = q.i64(c++);
  b.addons = strings_from_json(q.text(c++));
  b.coupon = q.text(c++);
  b.customer.name = q.text(c++);
  b.customer.email = q.text(c++);
  if (!q.is_null(c)) b.customer.phone = q.text(c);
  ++c;
  auto currency = find_currency(q.text(c++), "");
  if (currency.ok()) b.quote.currency = currency.value();
  b.payment_mode = q.text(c++);
  b.quote.payment = charge_mode_from(q.text(c++));
  b.quote.subtotal = q.i64(c++);
  b.quote.discount = q.i64(c++);
  b.quote.tax = q.i64(c++);
  b.quote.tip = q.i64(c++);
  b.quote.total = q.i64(c++);
  b.quote.due_now = q.i64(c++);
  b.quote.due_later = q.i64(c++);
  b.quote.application_fee = q.i64(c++);
  if (!q.is_null(c))
    b.quote.min_charge = MinChargeVerdict{q.i64(c), q.i64(c + 1) != 0, q.i64(c + 2) != 0};
  c += 3;
  b.quote.lines = lines_from_json(q.text(c++));
  b.amount = q.i64(c++);
  b.hold_expires_at_ms = q.i64(c++);
  b.access_token_hash = q.text(c++);
  b.stripe_account = q.text(c++);
  b.idempotency_key = q.text(c++);
  b.payment_intent_id = q.text(c++);
  b.client_secret = q.text(c++);
  b.pi_cancel_pending = q.i64(c++) != 0;
  b.paid_amount = q.i64(c++);
  b.refund_pending = q.i64(c++) != 0;
  b.refund_amount = q.i64(c++);
  b.refund_application_fee = q.i64(c++) != 0;
  b.refund_reason = q.text(c++);
  b.refund_id = q.text(c++);
  b.refunded_amount = q.i64(c++);
  b.disputed = q.i64(c++) != 0;
  b.created_at_ms = q.i64(c++);
  b.updated_at_ms = q.i64(c++);
  b.mode = q.text(c++);
  b.merchant_keys = q.i64(c++) != 0;
  b.client_key = q.text(c++);
  return b;
}

// A column value: NULL, an integer or a text.
using Value = std::variant<std::monostate, int64_t, std::string>;

void bind_value(Query& q, int i, const Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v))
    q.bind(i, *n);
  else if (const auto* t = std::get_if<std::string>(&v))
    q.bind(i, *t);
  else
    q.bind_null(i);
}

// Every column of `b`, in kBookingColumns order.
std::vector<Value> columns_of(const BookingRecord& b) {
  std::vector<Value> v;
  v.reserve(kColumnCount);
  auto opt = [](std::optional<int64_t> x) { return x ? Value(*x) : Value(); };
  v.emplace_back(b.id);
  v.emplace_back(b.merchant_id);
  v.emplace_back(std::string(to_string(b.status)));
  v.emplace_back(b.catalog_version);
  v.emplace_back(b.slot.service);
  v.emplace_back(b.slot.staff);
  v.emplace_back(b.slot.start.seconds);
  v.emplace_back(b.slot.end.seconds);
  v.emplace_back(b.start_day);
  v.emplace_back(b.slot.quantity);
  v.emplace_back(json(b.addons).dump());
  v.emplace_back(b.coupon);
  v.emplace_back(b.customer.name);
  v.emplace_back(b.customer.email);
  v.push_back(b.customer.phone ? Value(*b.customer.phone) : Value());
  v.emplace_back(std::string(b.quote.currency.code));
  v.emplace_back(b.payment_mode);
  v.emplace_back(std::string(to_string(b.quote.payment)));
  v.emplace_back(b.quote.subtotal);
  v.emplace_back(b.quote.discount);
  v.emplace_back(b.quote.tax);
  v.emplace_back(b.quote.tip);
  v.emplace_back(b.quote.total);
  v.emplace_back(b.quote.due_now);
  v.emplace_back(b.quote.due_later);
  v.emplace_back(b.quote.application_fee);
  const auto& mc = b.quote.min_charge;
  v.push_back(opt(mc ? std::optional<int64_t>(mc->amount) : std::nullopt));
  v.push_back(opt(mc ? std::optional<int64_t>(mc->ok) : std::nullopt));
  v.push_back(opt(mc ? std::optional<int64_t>(mc->adjusted) : std::nullopt));
  v.emplace_back(lines_to_json(b.quote.lines));
  v.emplace_back(b.amount);
  v.emplace_back(b.hold_expires_at_ms);
  v.emplace_back(b.access_token_hash);
  v.emplace_back(b.stripe_account);
  v.emplace_back(b.idempotency_key);
  v.emplace_back(b.payment_intent_id);
  v.emplace_back(b.client_secret);
  v.emplace_back(int64_t{b.pi_cancel_pending});
  v.emplace_back(b.paid_amount);
  v.emplace_back(int64_t{b.refund_pending});
  v.emplace_back(b.refund_amount);
  v.emplace_back(int64_t{b.refund_application_fee});
  v.emplace_back(b.refund_reason);
  v.emplace_back(b.refund_id);
  v.emplace_back(b.refunded_amount);
  v.emplace_back(int64_t{b.disputed});
  v.emplace_back(b.created_at_ms);
  v.emplace_back(b.updated_at_ms);
  v.emplace_back(b.mode);
  v.emplace_back(int64_t{b.merchant_keys});
  v.emplace_back(b.client_key);
  return v;
}

int column_index(std::string_view name) {
  for (int i = 0; i < kColumnCount; ++i)
    if (name == kBookingColumns[i]) return i;
  return -1;
}

// Whether a change of column `i` changes what the booking occupies (availability).
bool occupancy_column(int i) {
  static const std::set<int> cols = {column_index("status"),         column_index("service"),
                                     column_index("staff"),          column_index("start_at"),
                                     column_index("end_at"),         column_index("quantity"),
                                     column_index("hold_expires_at")};
  return cols.count(i) > 0;
}

const char* kLiveClause =
    "(status = 'confirmed' OR (status IN ('held','awaiting_payment') AND hold_expires_at > ?2))";

}  // namespace

std::vector<BookingRecord> Session::bookings_where(const std::string& where,
                                                   const std::function<void(Query&)>& binder) {
  auto q = db_.query("SELECT " + select_columns() + " FROM bookings " + where);
  binder(q);
  std::vector<BookingRecord> out;
  while (q.step()) out.push_back(read_booking(q));
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

std::vector<BookingRecord> Session::bookings_with_status(BookingStatus status) {
  return bookings_where("WHERE status = ?1 ORDER BY created_at",
                        [&](Query& q) { q.bind(1, std::string(to_string(status))); });
}

std::vector<BookingRecord> Session::bookings_needing_work(int64_t now_ms) {
  // Two indexed halves (bookings_holds, bookings_owing) rather than one scan.
  return bookings_where(
      "WHERE id IN (SELECT id FROM bookings WHERE status IN ('held','awaiting_payment') AND "
      "hold_expires_at <= ?1 UNION SELECT id FROM bookings WHERE pi_cancel_pending = 1 OR "
      "refund_pending = 1) ORDER BY created_at",
      [&](Query& q) { q.bind(1, now_ms); });
}

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
      "WHERE merchant_id = ?1 AND status IN ('held','awaiting_payment') AND "
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
    auto values = columns_of(b);
    for (int i = 0; i < kColumnCount; ++i) bind_value(q, i + 1, values[i]);
    q.step();
  }
  auto m = db_.query(
      "UPDATE merchants SET bookings_version = bookings_version + 1, "
      "max_booking_s = MAX(max_booking_s, ?2) WHERE id = ?1");
  m.bind(1, b.merchant_id).bind(2, b.slot.end.seconds - b.slot.start.seconds).step();
}

void Session::update_booking(const BookingRecord& b) {
  auto q = db_.query(update_sql());
  auto values = columns_of(b);
  for (int i = 0; i < kColumnCount; ++i) bind_value(q, i + 1, values[i]);
  q.step();
  bump_bookings_version(b.merchant_id);
}

void Session::update_booking(const BookingRecord& before, const BookingRecord& after) {
  auto old_values = columns_of(before);
  auto new_values = columns_of(after);
  std::string sql = "UPDATE bookings SET ";
  std::vector<int> changed;
  bool occupancy = false;
  for (int i = 1; i < kColumnCount; ++i) {
    if (old_values[i] == new_values[i]) continue;
    sql += (changed.empty() ? "" : ", ") + std::string(kBookingColumns[i]) + "=?" +
           std::to_string(changed.size() + 2);
    changed.push_back(i);
    occupancy = occupancy || occupancy_column(i);
  }
  if (changed.empty()) return;
  // Only the columns that changed: untouched indexes are left alone.
  auto q = db_.query(sql + " WHERE id=?1");
  q.bind(1, after.id);
  for (size_t k = 0; k < changed.size(); ++k)
    bind_value(q, static_cast<int>(k) + 2, new_values[changed[k]]);
  q.step();
  if (occupancy) bump_bookings_version(after.merchant_id);
}

void Session::bump_bookings_version(const std::string& merchant_id) {
  auto q = db_.query("UPDATE merchants SET bookings_version = bookings_version + 1 WHERE id = ?1");
  q.bind(1, merchant_id).step();
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
  q.bind(1, m.id).bind(2, json(m.allowed_origins).dump()).bind(3, m.name).step();
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
    m.allowed_origins = strings_from_json(q.text(c++));
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
  return strings_from_json(text);
}

}  // namespace slotpay::server::sqlite
