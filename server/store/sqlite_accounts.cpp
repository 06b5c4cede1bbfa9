#include "store/sqlite_accounts.hpp"

#include <nlohmann/json.hpp>

#include "store/booking_store.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server::sqlite {
namespace {

using json = nlohmann::json;

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

}  // namespace

std::vector<UserRecord> AccountSession::users_where(const std::string& where,
                                                    const std::function<void(Query&)>& binder) {
  auto q = db_.query(std::string("SELECT ") + kUserColumns + " FROM users " + where);
  binder(q);
  std::vector<UserRecord> out;
  while (q.step()) {
    UserRecord u;
    u.id = q.text(0);
    u.merchant_id = q.text(1);
    u.email = q.text(2);
    u.password_hash = q.text(3);
    u.role = q.text(4);
    u.created_at_ms = q.i64(5);
    u.password_changed_at_ms = q.i64(6);
    out.push_back(std::move(u));
  }
  return out;
}

std::optional<UserRecord> AccountSession::user(const std::string& id) {
  return first(users_where("WHERE id = ?1", [&](Query& q) { q.bind(1, id); }));
}

std::optional<UserRecord> AccountSession::user_by_email(const std::string& email) {
  return first(users_where("WHERE email = ?1", [&](Query& q) { q.bind(1, email); }));
}

std::vector<UserRecord> AccountSession::users_of(const std::string& merchant_id) {
  return users_where("WHERE merchant_id = ?1 ORDER BY created_at, id",
                     [&](Query& q) { q.bind(1, merchant_id); });
}

std::optional<SessionRecord> AccountSession::session(const std::string& id_hash) {
  auto q = db_.query(
      "SELECT id_hash, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash "
      "= ?1");
  q.bind(1, id_hash);
  if (!q.step()) return std::nullopt;
  return SessionRecord{q.text(0), q.text(1), q.i64(2), q.i64(3), q.i64(4)};
}

std::vector<ApiKeyRecord> AccountSession::keys_where(const std::string& where,
                                                     const std::function<void(Query&)>& binder) {
  auto q = db_.query(std::string("SELECT ") + kKeyColumns + " FROM api_keys " + where);
  binder(q);
  std::vector<ApiKeyRecord> out;
  while (q.step()) {
    ApiKeyRecord k;
    k.id = q.text(0);
    k.merchant_id = q.text(1);
    k.mode = q.text(2);
    k.key_hash = q.text(3);
    k.prefix = q.text(4);
    k.name = q.text(5);
    k.created_by = q.text(6);
    k.created_at_ms = q.i64(7);
    k.last_used_at_ms = q.i64(8);
    k.revoked_at_ms = q.i64(9);
    out.push_back(std::move(k));
  }
  return out;
}

std::optional<ApiKeyRecord> AccountSession::api_key_by_hash(const std::string& key_hash) {
  return first(keys_where("WHERE key_hash = ?1", [&](Query& q) { q.bind(1, key_hash); }));
}

std::vector<ApiKeyRecord> AccountSession::api_keys_of(const std::string& merchant_id) {
  return keys_where("WHERE merchant_id = ?1 ORDER BY created_at, id",
                    [&](Query& q) { q.bind(1, merchant_id); });
}

std::vector<StripeSide> AccountSession::sides_where(const std::string& where,
                                                    const std::function<void(Query&)>& binder) {
  auto q = db_.query(std::string("SELECT ") + kSideColumns + " FROM merchant_stripe " + where);
  binder(q);
  std::vector<StripeSide> out;
  while (q.step()) {
    StripeSide s;
    int c = 0;
    s.merchant_id = q.text(c++);
    s.mode = q.text(c++);
    s.connection = q.text(c++);
    s.stripe_account = q.text(c++);
    s.dashboard = q.text(c++);
    s.charges_enabled = q.i64(c++) != 0;
    s.details_submitted = q.i64(c++) != 0;
    s.payouts_enabled = q.i64(c++) != 0;
    s.deauthorized = q.i64(c++) != 0;
    s.currently_due = strings_from_json_text(q.text(c++));
    s.disabled_reason = q.text(c++);
    s.status_at_s = q.i64(c++);
    s.publishable_key = q.text(c++);
    s.secret_key_sealed = q.text(c++);
    s.webhook_secret_sealed = q.text(c++);
    s.secret_key_hint = q.text(c++);
    s.updated_at_ms = q.i64(c++);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<StripeSide> AccountSession::stripe_side(const std::string& merchant_id,
                                                      const std::string& mode) {
  return first(sides_where("WHERE merchant_id = ?1 AND mode = ?2",
                           [&](Query& q) { q.bind(1, merchant_id).bind(2, mode); }));
}

std::vector<StripeSide> AccountSession::stripe_sides(const std::string& merchant_id) {
  return sides_where("WHERE merchant_id = ?1 ORDER BY mode",
                     [&](Query& q) { q.bind(1, merchant_id); });
}

std::vector<StripeSide> AccountSession::sides_by_account(const std::string& stripe_account) {
  if (stripe_account.empty()) return {};
  return sides_where("WHERE stripe_account = ?1", [&](Query& q) { q.bind(1, stripe_account); });
}

std::optional<StripeSide> AccountSession::any_sealed_side() {
  return first(sides_where(
      "WHERE secret_key_sealed != '' ORDER BY CASE mode WHEN 'live' THEN 0 ELSE 1 END LIMIT 1",
      [](Query&) {}));
}

std::vector<PaymentDomainRecord> AccountSession::payment_domains(const std::string& merchant_id,
                                                                 const std::string& mode) {
  auto q = db_.query(
      "SELECT merchant_id, mode, domain, stripe_id, enabled, status, apple_pay, google_pay, "
      "error, registered_on, updated_at FROM payment_method_domains WHERE merchant_id = ?1 AND "
      "mode = ?2 ORDER BY domain");
  q.bind(1, merchant_id).bind(2, mode);
  std::vector<PaymentDomainRecord> out;
  while (q.step()) {
    PaymentDomainRecord d;
    d.merchant_id = q.text(0);
    d.mode = q.text(1);
    d.domain = q.text(2);
    d.stripe_id = q.text(3);
    d.enabled = q.i64(4) != 0;
    d.status = q.text(5);
    d.apple_pay = q.text(6);
    d.google_pay = q.text(7);
    d.error = q.text(8);
    d.registered_on = q.text(9);
    d.updated_at_ms = q.i64(10);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Merchant> AccountSession::merchants() {
  return select_merchants(db_, "ORDER BY m.id", [](Query&) {});
}

bool AccountSession::insert_user(const UserRecord& u) {
  auto q = db_.query(
      "INSERT OR IGNORE INTO users (id, merchant_id, email, password_hash, role, created_at, "
      "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  q.bind(1, u.id).bind(2, u.merchant_id).bind(3, u.email).bind(4, u.password_hash);
  q.bind(5, u.role).bind(6, u.created_at_ms).bind(7, u.password_changed_at_ms).step();
  return db_.changes() == 1;
}

void AccountSession::set_password(const std::string& user_id, const std::string& hash,
                                  int64_t now_ms) {
  auto q = db_.query("UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1");
  q.bind(1, user_id).bind(2, hash).bind(3, now_ms).step();
}

void AccountSession::delete_user(const std::string& user_id) {
  db_.query("DELETE FROM sessions WHERE user_id = ?1").bind(1, user_id).step();
  db_.query("DELETE FROM users WHERE id = ?1").bind(1, user_id).step();
}

void AccountSession::insert_session(const SessionRecord& s) {
  auto q = db_.query(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES "
      "(?1, ?2, ?3, ?4, ?5)");
  q.bind(1, s.id_hash).bind(2, s.user_id).bind(3, s.created_at_ms).bind(4, s.last_seen_at_ms);
  q.bind(5, s.expires_at_ms).step();
}

void AccountSession::touch_session(const std::string& id_hash, int64_t now_ms) {
  db_.query("UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1")
      .bind(1, id_hash)
      .bind(2, now_ms)
      .step();
}

void AccountSession::delete_session(const std::string& id_hash) {
  db_.query("DELETE FROM sessions WHERE id_hash = ?1").bind(1, id_hash).step();
}

void AccountSession::delete_sessions_of(const std::string& user_id, const std::string& keep_hash) {
  db_.query("DELETE FROM sessions WHERE user_id = ?1 AND id_hash != ?2")
      .bind(1, user_id)
      .bind(2, keep_hash)
      .step();
}

void AccountSession::insert_api_key(const ApiKeyRecord& k) {
  auto q = db_.query(
      "INSERT INTO api_keys (id, merchant_id, mode, key_hash, prefix, name, created_by, "
      "created_at, last_used_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  q.bind(1, k.id).bind(2, k.merchant_id).bind(3, k.mode).bind(4, k.key_hash).bind(5, k.prefix);
  q.bind(6, k.name).bind(7, k.created_by).bind(8, k.created_at_ms).bind(9, k.last_used_at_ms);
  q.bind(10, k.revoked_at_ms).step();
}

bool AccountSession::revoke_api_key(const std::string& merchant_id, const std::string& id,
                                    int64_t now_ms) {
  auto q = db_.query(
      "UPDATE api_keys SET revoked_at = ?3 WHERE merchant_id = ?1 AND id = ?2 AND revoked_at = 0");
  q.bind(1, merchant_id).bind(2, id).bind(3, now_ms).step();
  return db_.changes() == 1;
}

void AccountSession::touch_api_key(const std::string& id, int64_t now_ms) {
  db_.query("UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1")
      .bind(1, id)
      .bind(2, now_ms)
      .step();
}

void AccountSession::save_stripe_side(const StripeSide& s) {
  auto q = db_.query(std::string("INSERT OR REPLACE INTO merchant_stripe (") + kSideColumns +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                     "?15, ?16, ?17)");
  q.bind(1, s.merchant_id).bind(2, s.mode).bind(3, s.connection).bind(4, s.stripe_account);
  q.bind(5, s.dashboard).bind(6, int64_t{s.charges_enabled}).bind(7, int64_t{s.details_submitted});
  q.bind(8, int64_t{s.payouts_enabled}).bind(9, int64_t{s.deauthorized});
  q.bind(10, json(s.currently_due).dump()).bind(11, s.disabled_reason).bind(12, s.status_at_s);
  q.bind(13, s.publishable_key).bind(14, s.secret_key_sealed).bind(15, s.webhook_secret_sealed);
  q.bind(16, s.secret_key_hint).bind(17, s.updated_at_ms).step();
}

void AccountSession::save_payment_domain(const PaymentDomainRecord& d) {
  auto q = db_.query(
      "INSERT OR REPLACE INTO payment_method_domains (merchant_id, mode, domain, stripe_id, "
      "enabled, status, apple_pay, google_pay, error, registered_on, updated_at) VALUES (?1, ?2, "
      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  q.bind(1, d.merchant_id).bind(2, d.mode).bind(3, d.domain).bind(4, d.stripe_id);
  q.bind(5, int64_t{d.enabled}).bind(6, d.status).bind(7, d.apple_pay).bind(8, d.google_pay);
  q.bind(9, d.error).bind(10, d.registered_on).bind(11, d.updated_at_ms).step();
}

bool AccountSession::create_merchant(const Merchant& m, const std::string& catalog_json) {
  {
    auto q = db_.query(
        "INSERT OR IGNORE INTO merchants (id, catalog_version, allowed_origins, created_at, name, "
        "status, mode, fee_bps, fee_fixed) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    q.bind(1, m.id).bind(2, json(m.allowed_origins).dump()).bind(3, m.created_at_ms);
    q.bind(4, m.name).bind(5, m.status).bind(6, m.mode).bind(7, m.fee_bps).bind(8, m.fee_fixed);
    q.step();
    if (db_.changes() != 1) return false;
  }
  auto q = db_.query(
      "INSERT INTO catalog_versions (merchant_id, version, catalog_json, created_at) VALUES (?1, "
      "1, ?2, ?3)");
  q.bind(1, m.id).bind(2, catalog_json).bind(3, m.created_at_ms).step();
  return true;
}

bool AccountSession::set_merchant_status(const std::string& merchant_id,
                                         const std::string& status) {
  db_.query("UPDATE merchants SET status = ?2 WHERE id = ?1")
      .bind(1, merchant_id)
      .bind(2, status)
      .step();
  return db_.changes() == 1;
}

bool AccountSession::set_platform_fee(const std::string& merchant_id,
                                      std::optional<int64_t> rate_bps,
                                      std::optional<int64_t> fixed) {
  db_.query("UPDATE merchants SET fee_bps = ?2, fee_fixed = ?3 WHERE id = ?1")
      .bind(1, merchant_id)
      .bind(2, rate_bps)
      .bind(3, fixed)
      .step();
  return db_.changes() == 1;
}

bool AccountSession::set_merchant_mode(const std::string& merchant_id, const std::string& mode) {
  db_.query("UPDATE merchants SET mode = ?2 WHERE id = ?1")
      .bind(1, merchant_id)
      .bind(2, mode)
      .step();
  return db_.changes() == 1;
}

bool AccountSession::set_allowed_origins(const std::string& merchant_id,
                                         const std::vector<std::string>& origins) {
  db_.query("UPDATE merchants SET allowed_origins = ?2 WHERE id = ?1")
      .bind(1, merchant_id)
      .bind(2, json(origins).dump())
      .step();
  return db_.changes() == 1;
}

bool AccountSession::lock_merchant(const std::string& merchant_id) {
  // The write transaction is BEGIN IMMEDIATE: it holds the database's write lock already.
  auto q = db_.query("SELECT 1 FROM merchants WHERE id = ?1");
  q.bind(1, merchant_id);
  return q.step();
}

int64_t AccountSession::save_catalog(const std::string& merchant_id,
                                     const std::string& catalog_json, const std::string& name,
                                     int64_t now_ms) {
  int64_t version = 0;
  {
    auto q = db_.query("SELECT catalog_version FROM merchants WHERE id = ?1");
    q.bind(1, merchant_id);
    if (!q.step()) throw StoreError("save_catalog: no merchant " + merchant_id);
    version = q.i64(0);
  }
  bool same = false;
  {
    auto q = db_.query(
        "SELECT catalog_json FROM catalog_versions WHERE merchant_id = ?1 AND version = ?2");
    q.bind(1, merchant_id).bind(2, version);
    same = q.step() && q.text(0) == catalog_json;
  }
  if (!same) {
    {
      auto q = db_.query(
          "SELECT COALESCE(MAX(version), 0) FROM catalog_versions WHERE merchant_id = ?1");
      q.bind(1, merchant_id).step();
      version = q.i64(0) + 1;
    }
    auto q = db_.query(
        "INSERT INTO catalog_versions (merchant_id, version, catalog_json, created_at) VALUES "
        "(?1, ?2, ?3, ?4)");
    q.bind(1, merchant_id).bind(2, version).bind(3, catalog_json).bind(4, now_ms).step();
  }
  db_.query("UPDATE merchants SET catalog_version = ?2, name = ?3 WHERE id = ?1")
      .bind(1, merchant_id)
      .bind(2, version)
      .bind(3, name)
      .step();
  return version;
}

int64_t AccountSession::adopt_unmoded_rows(const std::string& mode) {
  int64_t changed = 0;
  for (const char* sql : {"UPDATE merchants SET mode = ?1 WHERE mode = ''",
                          "UPDATE merchant_stripe SET mode = ?1 WHERE mode = ''",
                          "UPDATE bookings SET mode = ?1 WHERE mode = ''",
                          "UPDATE payment_method_domains SET mode = ?1 WHERE mode = ''"}) {
    db_.query(sql).bind(1, mode).step();
    changed += db_.changes();
  }
  return changed;
}

}  // namespace slotpay::server::sqlite
