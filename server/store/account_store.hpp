// The merchant side of the store (issue #10): users, dashboard sessions, API keys, each
// merchant's Stripe sides (test and live: Connect account status or its own sealed
// keys), payment method domains, and the operator's settings (suspension, platform
// fee). Reached from a read job through StoreReader::accounts() and from a write job
// through BookingTx::accounts(), so it shares their connection and transaction.
// Secrets arrive sealed (app/secret_box.hpp): the store never sees a plaintext key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slotpay::server {

struct Merchant;

struct UserRecord {
  std::string id;  // "usr_..."
  std::string merchant_id;
  std::string email;          // normalised (lowercase); unique across merchants
  std::string password_hash;  // argon2id string
  std::string role;           // "owner" | "staff"
  int64_t created_at_ms = 0;
  int64_t password_changed_at_ms = 0;
};

struct SessionRecord {
  std::string id_hash;  // sha256 of the session id (the id itself is only in the cookie)
  std::string user_id;
  int64_t created_at_ms = 0;
  int64_t last_seen_at_ms = 0;
  int64_t expires_at_ms = 0;
};

struct ApiKeyRecord {
  std::string id;  // "ak_..."
  std::string merchant_id;
  std::string mode;      // "test" | "live"
  std::string key_hash;  // sha256 of the key
  std::string prefix;    // "spk_test_1a2b…"
  std::string name;
  std::string created_by;  // user id
  int64_t created_at_ms = 0;
  int64_t last_used_at_ms = 0;
  int64_t revoked_at_ms = 0;  // 0 while valid
};

// One side (mode) of a merchant's Stripe setup.
struct StripeSide {
  std::string merchant_id;
  std::string mode;  // "test" | "live"
  // "none": nothing connected; "platform": an account the operator set (or the
  // platform's own); "connect": created by Connect onboarding; "keys": the merchant's
  // own API keys.
  std::string connection = "none";
  std::string stripe_account;  // acct_... (platform, connect)
  std::string dashboard;       // "full" | "express" | "" (connect)
  bool charges_enabled = false;
  bool details_submitted = false;
  bool payouts_enabled = false;
  bool deauthorized = false;
  std::vector<std::string> currently_due;
  std::string disabled_reason;
  // Stripe's time (Unix seconds) of the status held: an account.updated event older than
  // this (events arrive out of order) does not overwrite it.
  int64_t status_at_s = 0;
  std::string publishable_key;        // keys: the merchant's pk_
  std::string secret_key_sealed;      // keys: sealed sk_/rk_
  std::string webhook_secret_sealed;  // keys: sealed whsec_
  std::string secret_key_hint;        // keys: "…abcd"
  int64_t updated_at_ms = 0;
};

struct PaymentDomainRecord {
  std::string merchant_id;
  std::string mode;
  std::string domain;     // "salon.example"
  std::string stripe_id;  // "pmd_..." once registered
  bool enabled = true;    // false once unregistered (Stripe keeps the object)
  std::string status;     // "pending" | "active" | "inactive" | "failed" | "removed"
  std::string apple_pay;  // Stripe's apple_pay.status ("active" | "inactive"), "" unknown
  std::string google_pay;
  std::string error;  // the last failure, for the merchant
  // Where it was registered: the connected account, or "keys" (the merchant's own
  // account). A side that changes account registers its domains again.
  std::string registered_on;
  int64_t updated_at_ms = 0;
};

class AccountReader {
 public:
  virtual ~AccountReader() = default;
  virtual std::optional<UserRecord> user(const std::string& id) = 0;
  virtual std::optional<UserRecord> user_by_email(const std::string& email) = 0;
  virtual std::vector<UserRecord> users_of(const std::string& merchant_id) = 0;
  virtual std::optional<SessionRecord> session(const std::string& id_hash) = 0;
  virtual std::optional<ApiKeyRecord> api_key_by_hash(const std::string& key_hash) = 0;
  virtual std::vector<ApiKeyRecord> api_keys_of(const std::string& merchant_id) = 0;
  virtual std::optional<StripeSide> stripe_side(const std::string& merchant_id,
                                                const std::string& mode) = 0;
  virtual std::vector<StripeSide> stripe_sides(const std::string& merchant_id) = 0;
  // Sides using a connected account (account events find their merchant by it).
  virtual std::vector<StripeSide> sides_by_account(const std::string& stripe_account) = 0;
  // Any side holding sealed secrets, live ones first (startup checks the master key
  // opens them); nullopt when none.
  virtual std::optional<StripeSide> any_sealed_side() = 0;
  virtual std::vector<PaymentDomainRecord> payment_domains(const std::string& merchant_id,
                                                           const std::string& mode) = 0;
  // Every merchant (the operator's list), by id.
  virtual std::vector<Merchant> merchants() = 0;
};

class AccountTx : public AccountReader {
 public:
  // false when the e-mail address is taken.
  virtual bool insert_user(const UserRecord& u) = 0;
  virtual void set_password(const std::string& user_id, const std::string& hash,
                            int64_t now_ms) = 0;
  virtual void delete_user(const std::string& user_id) = 0;  // and its sessions
  virtual void insert_session(const SessionRecord& s) = 0;
  virtual void touch_session(const std::string& id_hash, int64_t now_ms) = 0;
  virtual void delete_session(const std::string& id_hash) = 0;
  // Every session of the user except `keep_hash` (password change).
  virtual void delete_sessions_of(const std::string& user_id, const std::string& keep_hash) = 0;
  virtual void insert_api_key(const ApiKeyRecord& k) = 0;
  // false when the merchant has no such key or it was revoked before.
  virtual bool revoke_api_key(const std::string& merchant_id, const std::string& id,
                              int64_t now_ms) = 0;
  virtual void touch_api_key(const std::string& id, int64_t now_ms) = 0;
  // Creates or replaces the side (merchant_id, mode).
  virtual void save_stripe_side(const StripeSide& side) = 0;
  virtual void save_payment_domain(const PaymentDomainRecord& d) = 0;
  // Creates a merchant with its first catalog version; false when the id is taken.
  virtual bool create_merchant(const Merchant& m, const std::string& catalog_json) = 0;
  // false when there is no such merchant.
  virtual bool set_merchant_status(const std::string& merchant_id, const std::string& status) = 0;
  virtual bool set_platform_fee(const std::string& merchant_id, std::optional<int64_t> rate_bps,
                                std::optional<int64_t> fixed) = 0;
  virtual bool set_merchant_mode(const std::string& merchant_id, const std::string& mode) = 0;
  // Saves a catalog text as the merchant's next version (the merchant must exist; the
  // same text as the current version keeps that version). Returns the version.
  virtual int64_t save_catalog(const std::string& merchant_id, const std::string& catalog_json,
                               const std::string& name, int64_t now_ms) = 0;
  // Issue #10: the merchant's allowed widget origins (CORS, frame-ancestors); false when
  // there is no such merchant.
  virtual bool set_allowed_origins(const std::string& merchant_id,
                                   const std::vector<std::string>& origins) = 0;
  // Holds the merchant's row until the transaction ends, so that a read-modify-write of
  // its catalog (an item edit) sees the last committed version and no concurrent edit is
  // lost (PostgreSQL: SELECT ... FOR UPDATE; SQLite: write transactions are serial
  // already). false when there is no such merchant.
  virtual bool lock_merchant(const std::string& merchant_id) = 0;
  // Rows from before modes existed (mode '') are given `mode`: merchants, their Stripe
  // sides and bookings were all made with the platform's key. Returns rows changed.
  virtual int64_t adopt_unmoded_rows(const std::string& mode) = 0;
};

}  // namespace slotpay::server
