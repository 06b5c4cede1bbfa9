#include "app/seed_owner.hpp"

#include <memory>

#include "app/crypto.hpp"
#include "app/log.hpp"
#include "app/passwords.hpp"

namespace slotpay::server {

void seed_owner(AppContext& ctx, const std::string& merchant_id, const std::string& email_in,
                const std::string& password, std::function<void(std::string error)> done) {
  const std::string email = normalize_email(email_in);
  if (email.empty()) return done("--seed-owner: not an e-mail address");
  if (auto weak = check_password_policy(password, email))
    return done("SLOTPAY_SEED_OWNER_PASSWORD: " + weak->message);
  UserRecord u;
  u.id = "usr_" + random_hex(8);
  u.merchant_id = merchant_id;
  u.email = email;
  u.role = "owner";
  u.created_at_ms = u.password_changed_at_ms = ctx.clock.now_ms();
  u.password_hash = hash_password(password);
  auto problem = std::make_shared<std::string>();
  auto created = std::make_shared<bool>(false);
  ctx.store.write(
      [u, problem, created](BookingTx& tx) {
        auto& a = tx.accounts();
        if (!tx.merchant(u.merchant_id)) {
          *problem = "--seed-owner: no merchant " + u.merchant_id;
          return false;
        }
        if (auto existing = a.user_by_email(u.email)) {
          if (existing->merchant_id != u.merchant_id)
            *problem = "--seed-owner: " + u.email + " is another merchant's user";
          return false;  // kept as it is
        }
        return *created = a.insert_user(u);
      },
      [u, problem, created, done](const WriteResult& w) {
        if (!problem->empty()) return done(*problem);
        if (!w.error.empty()) return done("--seed-owner: " + w.error);
        log_info(*created ? "seed owner created" : "seed owner kept",
                 {{"merchant", u.merchant_id}, {"user", u.email}});
        done("");
      });
}

}  // namespace slotpay::server
