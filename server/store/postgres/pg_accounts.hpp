// The account queries (account_store.hpp) over one PostgreSQL connection, inside the
// caller's transaction (a pg::Session's): the twin of sqlite_accounts.hpp.
#pragma once

#include "store/account_store.hpp"
#include "store/postgres/pg_connection.hpp"

namespace slotpay::server::pg {

class AccountSession final : public AccountTx {
 public:
  explicit AccountSession(Connection& db) : db_(db) {}

  std::optional<UserRecord> user(const std::string& id) override;
  std::optional<UserRecord> user_by_email(const std::string& email) override;
  std::vector<UserRecord> users_of(const std::string& merchant_id) override;
  std::optional<SessionRecord> session(const std::string& id_hash) override;
  std::optional<ApiKeyRecord> api_key_by_hash(const std::string& key_hash) override;
  std::vector<ApiKeyRecord> api_keys_of(const std::string& merchant_id) override;
  std::optional<StripeSide> stripe_side(const std::string& merchant_id,
                                        const std::string& mode) override;
  std::vector<StripeSide> stripe_sides(const std::string& merchant_id) override;
  std::vector<StripeSide> sides_by_account(const std::string& stripe_account) override;
  std::optional<StripeSide> any_sealed_side() override;
  std::vector<PaymentDomainRecord> payment_domains(const std::string& merchant_id,
                                                   const std::string& mode) override;
  std::vector<Merchant> merchants() override;

  bool insert_user(const UserRecord& u) override;
  void set_password(const std::string& user_id, const std::string& hash, int64_t now_ms) override;
  void delete_user(const std::string& user_id) override;
  void insert_session(const SessionRecord& s) override;
  void touch_session(const std::string& id_hash, int64_t now_ms) override;
  void delete_session(const std::string& id_hash) override;
  void delete_sessions_of(const std::string& user_id, const std::string& keep_hash) override;
  void insert_api_key(const ApiKeyRecord& k) override;
  bool revoke_api_key(const std::string& merchant_id, const std::string& id,
                      int64_t now_ms) override;
  void touch_api_key(const std::string& id, int64_t now_ms) override;
  void save_stripe_side(const StripeSide& side) override;
  void save_payment_domain(const PaymentDomainRecord& d) override;
  bool create_merchant(const Merchant& m, const std::string& catalog_json) override;
  bool set_merchant_status(const std::string& merchant_id, const std::string& status) override;
  bool set_platform_fee(const std::string& merchant_id, std::optional<int64_t> rate_bps,
                        std::optional<int64_t> fixed) override;
  bool set_merchant_mode(const std::string& merchant_id, const std::string& mode) override;
  int64_t save_catalog(const std::string& merchant_id, const std::string& catalog_json,
                       const std::string& name, int64_t now_ms) override;
  bool set_allowed_origins(const std::string& merchant_id,
                           const std::vector<std::string>& origins) override;
  bool lock_merchant(const std::string& merchant_id) override;
  int64_t adopt_unmoded_rows(const std::string& mode) override;

 private:
  std::vector<UserRecord> users_where(const std::string& tail, const Params& params);
  std::vector<ApiKeyRecord> keys_where(const std::string& tail, const Params& params);
  std::vector<StripeSide> sides_where(const std::string& tail, const Params& params);
  Connection& db_;
};

// Merchant rows with their active side: "SELECT ... FROM merchants m LEFT JOIN
// merchant_stripe s ... " + tail (which may use $1... from params).
std::vector<Merchant> select_merchants(Connection& db, const std::string& tail,
                                       const Params& params);

}  // namespace slotpay::server::pg
