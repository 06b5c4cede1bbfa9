#include "store/postgres/pg_accounts.hpp"

#include "store/booking_row.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server::pg {
namespace {

constexpr const char* kUserColumns =
    "id, merchant_id, email, password_hash, role, created_at, password_changed_at";
constexpr const char* kKeyColumns =
    "id, merchant_id, mode, key_hash, prefix, name, created_by, created_at, last_used_at, "
    "revoked_at";
constexpr const char* kSideColumns =
    "merchant_id, mode, connection, stripe_account, dashboard, charges_enabled, "
    "details_submitted, payouts_enabled, deauthorized, currently_due, disabled_reason, "
    "status_at, publishable_key, secret_key_sealed, webhook_secret_sealed, secret_key_hint, "
    "updated_at";

template <class T>
std::optional<T> first(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

Params& add_opt(Params& p, std::optional<int64_t> v) { return v ? p.add(*v) : p.add_null(); }

}  // namespace

std::vector<UserRecord> AccountSession::users_where(const std::string& tail, const Params& params) {
  auto r = db_.query(std::string("SELECT ") + kUserColumns + " FROM users " + tail, params);
  std::vector<UserRecord> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(UserRecord{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                             r.i64(i, 5), r.i64(i, 6)});
  return out;
}

std::optional<UserRecord> AccountSession::user(const std::string& id) {
  return first(users_where("WHERE id = $1", Params().add(id)));
}

std::optional<UserRecord> AccountSession::user_by_email(const std::string& email) {
  return first(users_where("WHERE email = $1", Params().add(email)));
}

std::vector<UserRecord> AccountSession::users_of(const std::string& merchant_id) {
  return users_where("WHERE merchant_id = $1 ORDER BY created_at, id", Params().add(merchant_id));
}

std::optional<SessionRecord> AccountSession::session(const std::string& id_hash) {
  auto r = db_.query(
      "SELECT id_hash, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash "
      "= $1",
      Params().add(id_hash));
  if (r.rows() == 0) return std::nullopt;
  return SessionRecord{r.text(0, 0), r.text(0, 1), r.i64(0, 2), r.i64(0, 3), r.i64(0, 4)};
}

std::vector<ApiKeyRecord> AccountSession::keys_where(const std::string& tail,
                                                     const Params& params) {
  auto r = db_.query(std::string("SELECT ") + kKeyColumns + " FROM api_keys " + tail, params);
  std::vector<ApiKeyRecord> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(ApiKeyRecord{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                               r.text(i, 5), r.text(i, 6), r.i64(i, 7), r.i64(i, 8), r.i64(i, 9)});
  return out;
}

std::optional<ApiKeyRecord> AccountSession::api_key_by_hash(const std::string& key_hash) {
  return first(keys_where("WHERE key_hash = $1", Params().add(key_hash)));
}

std::vector<ApiKeyRecord> AccountSession::api_keys_of(const std::string& merchant_id) {
  return keys_where("WHERE merchant_id = $1 ORDER BY created_at, id", Params().add(merchant_id));
}

std::vector<StripeSide> AccountSession::sides_where(const std::string& tail, const Params& params) {
  auto r =
      db_.query(std::string("SELECT ") + kSideColumns + " FROM merchant_stripe " + tail, params);
  std::vector<StripeSide> out;
  for (int i = 0; i < r.rows(); ++i) {
    StripeSide s;
    int c = 0;
    s.merchant_id = r.text(i, c++);
    s.mode = r.text(i, c++);
    s.connection = r.text(i, c++);
    s.stripe_account = r.text(i, c++);
    s.dashboard = r.text(i, c++);
    s.charges_enabled = r.i64(i, c++) != 0;
    s.details_submitted = r.i64(i, c++) != 0;
    s.payouts_enabled = r.i64(i, c++) != 0;
    s.deauthorized = r.i64(i, c++) != 0;
    s.currently_due = row::strings_from_json(r.text(i, c++));
    s.disabled_reason = r.text(i, c++);
    s.status_at_s = r.i64(i, c++);
    s.publishable_key = r.text(i, c++);
    s.secret_key_sealed = r.text(i, c++);
    s.webhook_secret_sealed = r.text(i, c++);
    s.secret_key_hint = r.text(i, c++);
    s.updated_at_ms = r.i64(i, c++);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<StripeSide> AccountSession::stripe_side(const std::string& merchant_id,
                                                      const std::string& mode) {
  return first(
      sides_where("WHERE merchant_id = $1 AND mode = $2", Params().add(merchant_id).add(mode)));
}

std::vector<StripeSide> AccountSession::stripe_sides(const std::string& merchant_id) {
  return sides_where("WHERE merchant_id = $1 ORDER BY mode", Params().add(merchant_id));
}

std::vector<StripeSide> AccountSession::sides_by_account(const std::string& stripe_account) {
  if (stripe_account.empty()) return {};
  return sides_where("WHERE stripe_account = $1 ORDER BY merchant_id, mode",
                     Params().add(stripe_account));
}

std::optional<StripeSide> AccountSession::any_sealed_side() {
  return first(
      sides_where("WHERE secret_key_sealed <> '' ORDER BY CASE mode WHEN 'live' THEN 0 ELSE 1 END, "
                  "merchant_id LIMIT 1",
                  Params()));
}

std::vector<PaymentDomainRecord> AccountSession::payment_domains(const std::string& merchant_id,
                                                                 const std::string& mode) {
  auto r = db_.query(
      "SELECT merchant_id, mode, domain, stripe_id, enabled, status, apple_pay, google_pay, "
      "error, registered_on, updated_at FROM payment_method_domains WHERE merchant_id = $1 AND "
      "mode = $2 ORDER BY domain",
      Params().add(merchant_id).add(mode));
  std::vector<PaymentDomainRecord> out;
  for (int i = 0; i < r.rows(); ++i) {
    PaymentDomainRecord d;
    d.merchant_id = r.text(i, 0);
    d.mode = r.text(i, 1);
    d.domain = r.text(i, 2);
    d.stripe_id = r.text(i, 3);
    d.enabled = r.i64(i, 4) != 0;
    d.status = r.text(i, 5);
    d.apple_pay = r.text(i, 6);
    d.google_pay = r.text(i, 7);
    d.error = r.text(i, 8);
    d.registered_on = r.text(i, 9);
    d.updated_at_ms = r.i64(i, 10);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Merchant> AccountSession::merchants() {
  return select_merchants(db_, "ORDER BY m.id", Params());
}

bool AccountSession::insert_user(const UserRecord& u) {
  // ON CONFLICT without a target: a taken id or e-mail address (a concurrent sign-up
  // with the same address waits for the other transaction, then inserts nothing).
  auto r = db_.query(
      "INSERT INTO users (id, merchant_id, email, password_hash, role, created_at, "
      "password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
      Params()
          .add(u.id)
          .add(u.merchant_id)
          .add(u.email)
          .add(u.password_hash)
          .add(u.role)
          .add(u.created_at_ms)
          .add(u.password_changed_at_ms));
  return r.affected() == 1;
}

void AccountSession::set_password(const std::string& user_id, const std::string& hash,
                                  int64_t now_ms) {
  db_.query("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
            Params().add(user_id).add(hash).add(now_ms));
}

void AccountSession::delete_user(const std::string& user_id) {
  db_.query("DELETE FROM sessions WHERE user_id = $1", Params().add(user_id));
  db_.query("DELETE FROM users WHERE id = $1", Params().add(user_id));
}

void AccountSession::insert_session(const SessionRecord& s) {
  db_.query(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, "
      "$2, $3, $4, $5)",
      Params()
          .add(s.id_hash)
          .add(s.user_id)
          .add(s.created_at_ms)
          .add(s.last_seen_at_ms)
          .add(s.expires_at_ms));
}

void AccountSession::touch_session(const std::string& id_hash, int64_t now_ms) {
  db_.query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1",
            Params().add(id_hash).add(now_ms));
}

void AccountSession::delete_session(const std::string& id_hash) {
  db_.query("DELETE FROM sessions WHERE id_hash = $1", Params().add(id_hash));
}

void AccountSession::delete_sessions_of(const std::string& user_id, const std::string& keep_hash) {
  db_.query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2",
            Params().add(user_id).add(keep_hash));
}

void AccountSession::insert_api_key(const ApiKeyRecord& k) {
  db_.query(
      "INSERT INTO api_keys (id, merchant_id, mode, key_hash, prefix, name, created_by, "
      "created_at, last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      Params()
          .add(k.id)
          .add(k.merchant_id)
          .add(k.mode)
          .add(k.key_hash)
          .add(k.prefix)
          .add(k.name)
          .add(k.created_by)
          .add(k.created_at_ms)
          .add(k.last_used_at_ms)
          .add(k.revoked_at_ms));
}

bool AccountSession::revoke_api_key(const std::string& merchant_id, const std::string& id,
                                    int64_t now_ms) {
  auto r = db_.query(
      "UPDATE api_keys SET revoked_at = $3 WHERE merchant_id = $1 AND id = $2 AND revoked_at = 0",
      Params().add(merchant_id).add(id).add(now_ms));
  return r.affected() == 1;
}

void AccountSession::touch_api_key(const std::string& id, int64_t now_ms) {
  db_.query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1", Params().add(id).add(now_ms));
}

void AccountSession::save_stripe_side(const StripeSide& s) {
  db_.query(
      std::string("INSERT INTO merchant_stripe (") + kSideColumns +
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
          "ON CONFLICT (merchant_id, mode) DO UPDATE SET connection = excluded.connection, "
          "stripe_account = excluded.stripe_account, dashboard = excluded.dashboard, "
          "charges_enabled = excluded.charges_enabled, details_submitted = "
          "excluded.details_submitted, payouts_enabled = excluded.payouts_enabled, deauthorized "
          "= excluded.deauthorized, currently_due = excluded.currently_due, disabled_reason = "
          "excluded.disabled_reason, status_at = excluded.status_at, publishable_key = "
          "excluded.publishable_key, secret_key_sealed = excluded.secret_key_sealed, "
          "webhook_secret_sealed = excluded.webhook_secret_sealed, secret_key_hint = "
          "excluded.secret_key_hint, updated_at = excluded.updated_at",
      Params()
          .add(s.merchant_id)
          .add(s.mode)
          .add(s.connection)
          .add(s.stripe_account)
          .add(s.dashboard)
          .add(int64_t{s.charges_enabled})
          .add(int64_t{s.details_submitted})
          .add(int64_t{s.payouts_enabled})
          .add(int64_t{s.deauthorized})
          .add(row::strings_to_json(s.currently_due))
          .add(s.disabled_reason)
          .add(s.status_at_s)
          .add(s.publishable_key)
          .add(s.secret_key_sealed)
          .add(s.webhook_secret_sealed)
          .add(s.secret_key_hint)
          .add(s.updated_at_ms));
}

void AccountSession::save_payment_domain(const PaymentDomainRecord& d) {
  db_.query(
      "INSERT INTO payment_method_domains (merchant_id, mode, domain, stripe_id, enabled, status, "
      "apple_pay, google_pay, error, registered_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11) ON CONFLICT (merchant_id, mode, domain) DO UPDATE SET stripe_id = "
      "excluded.stripe_id, enabled = excluded.enabled, status = excluded.status, apple_pay = "
      "excluded.apple_pay, google_pay = excluded.google_pay, error = excluded.error, "
      "registered_on = excluded.registered_on, updated_at = excluded.updated_at",
      Params()
          .add(d.merchant_id)
          .add(d.mode)
          .add(d.domain)
          .add(d.stripe_id)
          .add(int64_t{d.enabled})
          .add(d.status)
          .add(d.apple_pay)
          .add(d.google_pay)
          .add(d.error)
          .add(d.registered_on)
          .add(d.updated_at_ms));
}

bool AccountSession::create_merchant(const Merchant& m, const std::string& catalog_json) {
  Params p;
  p.add(m.id)
      .add(row::strings_to_json(m.allowed_origins))
      .add(m.created_at_ms)
      .add(m.name)
      .add(m.status)
      .add(m.mode);
  add_opt(p, m.fee_bps);
  add_opt(p, m.fee_fixed);
  auto r = db_.query(
      "INSERT INTO merchants (id, catalog_version, allowed_origins, created_at, name, status, "
      "mode, fee_bps, fee_fixed) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO "
      "NOTHING",
      p);
  if (r.affected() != 1) return false;
  db_.query(
      "INSERT INTO catalog_versions (merchant_id, version, catalog_json, created_at) VALUES ($1, "
      "1, $2, $3)",
      Params().add(m.id).add(catalog_json).add(m.created_at_ms));
  return true;
}

bool AccountSession::set_merchant_status(const std::string& merchant_id,
                                         const std::string& status) {
  return db_.query("UPDATE merchants SET status = $2 WHERE id = $1",
                   Params().add(merchant_id).add(status))
             .affected() == 1;
}

bool AccountSession::set_platform_fee(const std::string& merchant_id,
                                      std::optional<int64_t> rate_bps,
                                      std::optional<int64_t> fixed) {
  Params p;
  p.add(merchant_id);
  add_opt(p, rate_bps);
  add_opt(p, fixed);
  return db_.query("UPDATE merchants SET fee_bps = $2, fee_fixed = $3 WHERE id = $1", p)
             .affected() == 1;
}

bool AccountSession::set_merchant_mode(const std::string& merchant_id, const std::string& mode) {
  return db_.query("UPDATE merchants SET mode = $2 WHERE id = $1",
                   Params().add(merchant_id).add(mode))
             .affected() == 1;
}

bool AccountSession::set_allowed_origins(const std::string& merchant_id,
                                         const std::vector<std::string>& origins) {
  return db_.query("UPDATE merchants SET allowed_origins = $2 WHERE id = $1",
                   Params().add(merchant_id).add(row::strings_to_json(origins)))
             .affected() == 1;
}

bool AccountSession::lock_merchant(const std::string& merchant_id) {
  return db_.query("SELECT 1 FROM merchants WHERE id = $1 FOR UPDATE", Params().add(merchant_id))
             .rows() == 1;
}

int64_t AccountSession::save_catalog(const std::string& merchant_id,
                                     const std::string& catalog_json, const std::string& name,
                                     int64_t now_ms) {
  // The merchant's row locked first: saves of one merchant take numbers one at a time.
  auto cur = db_.query("SELECT catalog_version FROM merchants WHERE id = $1 FOR UPDATE",
                       Params().add(merchant_id));
  if (cur.rows() == 0) throw StoreError("save_catalog: no merchant " + merchant_id);
  int64_t version = cur.i64(0, 0);
  auto text =
      db_.query("SELECT catalog_json FROM catalog_versions WHERE merchant_id = $1 AND version = $2",
                Params().add(merchant_id).add(version));
  const bool same = text.rows() == 1 && text.text(0, 0) == catalog_json;
  if (!same) {
    version = db_.query(
                     "SELECT COALESCE(MAX(version), 0) FROM catalog_versions WHERE merchant_id = "
                     "$1",
                     Params().add(merchant_id))
                  .i64(0, 0) +
              1;
    db_.query(
        "INSERT INTO catalog_versions (merchant_id, version, catalog_json, created_at) VALUES "
        "($1, $2, $3, $4)",
        Params().add(merchant_id).add(version).add(catalog_json).add(now_ms));
  }
  db_.query("UPDATE merchants SET catalog_version = $2, name = $3 WHERE id = $1",
            Params().add(merchant_id).add(version).add(name));
  return version;
}

int64_t AccountSession::adopt_unmoded_rows(const std::string& mode) {
  int64_t changed = 0;
  for (const char* sql : {"UPDATE merchants SET mode = $1 WHERE mode = ''",
                          "UPDATE merchant_stripe SET mode = $1 WHERE mode = ''",
                          "UPDATE bookings SET mode = $1 WHERE mode = ''",
                          "UPDATE payment_method_domains SET mode = $1 WHERE mode = ''"})
    changed += db_.query(sql, Params().add(mode)).affected();
  return changed;
}

std::vector<Merchant> select_merchants(Connection& db, const std::string& tail,
                                       const Params& params) {
  // The active side (merchants.mode) decides the account and whether online payments
  // are possible now: charges enabled, not deauthorized, connected at all.
  auto r = db.query(
      "SELECT m.id, m.catalog_version, COALESCE(s.stripe_account, ''), m.allowed_origins, CASE "
      "WHEN s.charges_enabled <> 0 AND s.deauthorized = 0 AND s.connection <> 'none' THEN 1 ELSE "
      "0 END, m.created_at, m.bookings_version, m.max_booking_s, m.name, m.status, m.mode, "
      "COALESCE(s.connection, 'none'), COALESCE(s.publishable_key, ''), m.fee_bps, m.fee_fixed "
      "FROM merchants m LEFT JOIN merchant_stripe s ON s.merchant_id = m.id AND s.mode = m.mode " +
          tail,
      params);
  std::vector<Merchant> out;
  for (int i = 0; i < r.rows(); ++i) {
    Merchant m;
    int c = 0;
    m.id = r.text(i, c++);
    m.catalog_version = r.i64(i, c++);
    m.stripe_account = r.text(i, c++);
    m.allowed_origins = row::strings_from_json(r.text(i, c++));
    m.charges_enabled = r.i64(i, c++) != 0;
    m.created_at_ms = r.i64(i, c++);
    m.bookings_version = r.i64(i, c++);
    m.max_booking_s = r.i64(i, c++);
    m.name = r.text(i, c++);
    m.status = r.text(i, c++);
    m.mode = r.text(i, c++);
    m.connection = r.text(i, c++);
    m.publishable_key = r.text(i, c++);
    if (!r.is_null(i, c)) m.fee_bps = r.i64(i, c);
    ++c;
    if (!r.is_null(i, c)) m.fee_fixed = r.i64(i, c);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace slotpay::server::pg
