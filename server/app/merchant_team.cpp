// A merchant's users and API keys (issue #10).
#include <memory>

#include "app/api_keys.hpp"
#include "app/crypto.hpp"
#include "app/log.hpp"
#include "app/merchant_accounts.hpp"
#include "app/passwords.hpp"

namespace slotpay::server {

bool run_on_cpu(AppContext& ctx, std::function<void()> job);  // merchant_accounts.cpp
ApiError server_busy();

namespace {

using ojson = nlohmann::ordered_json;

ojson key_view(const ApiKeyRecord& k) {
  ojson o;
  o["id"] = k.id;
  o["name"] = k.name;
  o["mode"] = k.mode;
  o["prefix"] = k.prefix;
  o["created_at_ms"] = k.created_at_ms;
  o["last_used_at_ms"] = k.last_used_at_ms;
  o["revoked"] = k.revoked_at_ms != 0;
  o["revoked_at_ms"] = k.revoked_at_ms;
  return o;
}

}  // namespace

void list_users_use_case(AppContext& ctx, const Principal& who, Reply reply) {
  ctx.store.read([who, reply](StoreReader& r) {
    guarded(reply, [&] {
      ojson list = ojson::array();
      for (const auto& u : r.accounts().users_of(who.merchant_id)) list.push_back(user_view(u));
      reply(AppResult::ok(ojson{{"users", std::move(list)}}));
    });
  });
}

void create_user_use_case(AppContext& ctx, const Principal& who, const std::string& email_in,
                          const std::string& password, const std::string& role, Reply reply) {
  guarded(reply, [&] {
    const std::string email = normalize_email(email_in);
    if (email.empty())
      return reply(AppResult::fail({"invalid_email", "email", "not an e-mail address", nullptr}));
    if (!role_from(role))
      return reply(
          AppResult::fail({"invalid_field", "role", "role is \"owner\" or \"staff\"", nullptr}));
    if (auto weak = check_password_policy(password, email)) return reply(AppResult::fail(*weak));
    UserRecord u;
    u.id = "usr_" + random_hex(8);
    u.merchant_id = who.merchant_id;
    u.email = email;
    u.role = role;
    u.created_at_ms = u.password_changed_at_ms = ctx.clock.now_ms();
    const bool queued = run_on_cpu(ctx, [&ctx, u, password, reply]() mutable {
      guarded(reply, [&] {
        u.password_hash = hash_password(password);
        auto taken = std::make_shared<bool>(false);
        ctx.store.write(
            [u, taken](BookingTx& tx) {
              if (!tx.accounts().insert_user(u)) *taken = true;
              return !*taken;
            },
            [u, taken, reply](const WriteResult& w) {
              if (*taken)
                return reply(AppResult::fail(
                    {"email_taken", "email", "a user with this e-mail address exists", nullptr}));
              if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
              log_info("user added", {{"merchant", u.merchant_id}, {"user", u.id}});
              reply(AppResult::ok(ojson{{"user", user_view(u)}}, 201));
            });
      });
    });
    if (!queued) reply(AppResult::fail(server_busy()));
  });
}

void delete_user_use_case(AppContext& ctx, const Principal& who, const std::string& user_id,
                          Reply reply) {
  if (user_id == who.user_id)
    return reply(AppResult::fail(
        {"cannot_remove_self", "id", "you cannot remove yourself: ask another owner", nullptr}));
  auto found = std::make_shared<bool>(false);
  ctx.store.write(
      [who, user_id, found](BookingTx& tx) {
        auto u = tx.accounts().user(user_id);
        if (!u || u->merchant_id != who.merchant_id) return false;
        tx.accounts().delete_user(user_id);
        return *found = true;
      },
      [user_id, found, reply](const WriteResult& w) {
        if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
        if (!*found)
          return reply(AppResult::fail({"user_not_found", "id", "no such user", nullptr}));
        reply(AppResult::ok(ojson{{"deleted", user_id}}));
      });
}

void list_api_keys_use_case(AppContext& ctx, const Principal& who, const std::string& mode,
                            Reply reply) {
  if (!mode.empty() && !stripe_mode_from(mode))
    return reply(
        AppResult::fail({"invalid_field", "mode", "mode is \"test\" or \"live\"", nullptr}));
  ctx.store.read([who, mode, reply](StoreReader& r) {
    guarded(reply, [&] {
      ojson list = ojson::array();
      for (const auto& k : r.accounts().api_keys_of(who.merchant_id))
        if (mode.empty() || k.mode == mode) list.push_back(key_view(k));
      reply(AppResult::ok(ojson{{"api_keys", std::move(list)}}));
    });
  });
}

void create_api_key_use_case(AppContext& ctx, const Principal& who, const std::string& name,
                             const std::string& mode_in, Reply reply) {
  guarded(reply, [&] {
    if (name.size() > 100)
      return reply(AppResult::fail({"invalid_field", "name", "at most 100 characters", nullptr}));
    if (!mode_in.empty() && !stripe_mode_from(mode_in))
      return reply(
          AppResult::fail({"invalid_field", "mode", "mode is \"test\" or \"live\"", nullptr}));
    auto made = std::make_shared<std::optional<std::pair<ApiKeyRecord, std::string>>>();
    const int64_t now = ctx.clock.now_ms();
    ctx.store.write(
        [who, name, mode_in, now, made](BookingTx& tx) {
          auto m = tx.merchant(who.merchant_id);
          if (!m) return false;
          const std::string mode = !mode_in.empty() ? mode_in : m->mode == "live" ? "live" : "test";
          const NewApiKey key = make_api_key(stripe_mode_from(mode).value_or(StripeMode::kTest));
          ApiKeyRecord k;
          k.id = key.id;
          k.merchant_id = who.merchant_id;
          k.mode = mode;
          k.key_hash = key.hash;
          k.prefix = key.prefix;
          k.name = name;
          k.created_by = who.user_id;
          k.created_at_ms = now;
          tx.accounts().insert_api_key(k);
          *made = std::pair{k, key.secret};
          return true;
        },
        [made, reply](const WriteResult& w) {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (!*made)
            return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
          log_info("api key created",
                   {{"merchant", (*made)->first.merchant_id}, {"key", (*made)->first.id}});
          ojson body;
          body["api_key"] = key_view((*made)->first);
          body["secret"] = (*made)->second;  // shown this once; only its hash is kept
          reply(AppResult::ok(std::move(body), 201));
        });
  });
}

void revoke_api_key_use_case(AppContext& ctx, const Principal& who, const std::string& key_id,
                             Reply reply) {
  auto revoked = std::make_shared<bool>(false);
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [who, key_id, now, revoked](BookingTx& tx) {
        return *revoked = tx.accounts().revoke_api_key(who.merchant_id, key_id, now);
      },
      [key_id, revoked, reply](const WriteResult& w) {
        if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
        if (!*revoked)
          return reply(AppResult::fail(
              {"api_key_not_found", "id", "no such key, or it was revoked before", nullptr}));
        reply(AppResult::ok(ojson{{"revoked", key_id}}));
      });
}

}  // namespace slotpay::server
