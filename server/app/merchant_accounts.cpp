// Sign-up, sign-in, sign-out, the caller's profile and password change (issue #10).
#include "app/merchant_accounts.hpp"

#include <cctype>
#include <memory>

#include "app/catalog_edit.hpp"
#include "app/crypto.hpp"
#include "app/log.hpp"
#include "app/passwords.hpp"
#include "app/sessions.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

std::string trim(std::string s) {
  const auto ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

ApiError invalid_credentials(const char* field = "") {
  return {"invalid_credentials", field, "the e-mail address or the password is wrong", nullptr};
}

SessionRecord new_session_record(const AppContext& ctx, const std::string& token,
                                 const std::string& user_id, int64_t now_ms) {
  return {session_token_hash(token), user_id, now_ms, now_ms,
          now_ms + ctx.config.session_max_age_ms};
}

ojson session_body(const UserRecord& u, const Merchant& m, const std::string& token) {
  ojson body;
  body["user"] = user_view(u);
  body["role"] = u.role;
  body["merchant"] = merchant_view(m);
  body["csrf_token"] = csrf_token_for(token);
  return body;
}

// Calls a SessionReply with an error (no token).
void fail(const SessionReply& reply, ApiError e) { reply(AppResult::fail(std::move(e)), ""); }

}  // namespace

ojson user_view(const UserRecord& u) {
  ojson o;
  o["id"] = u.id;
  o["email"] = u.email;
  o["role"] = u.role;
  o["created_at_ms"] = u.created_at_ms;
  return o;
}

ojson merchant_view(const Merchant& m) {
  ojson o;
  o["id"] = m.id;
  o["name"] = m.name;
  o["status"] = m.status;
  o["mode"] = m.mode;
  o["connection"] = m.connection;
  o["charges_enabled"] = m.charges_enabled;
  o["catalog_version"] = m.catalog_version;
  return o;
}

bool run_on_cpu(AppContext& ctx, std::function<void()> job) {
  return ctx.cpu->post(std::move(job));
}

ApiError server_busy() {
  return {"server_busy", "", "too many sign-ins at once: try again in a moment", nullptr};
}

void signup_use_case(AppContext& ctx, const SignupInput& in, SessionReply reply) {
  const Reply as_reply = [reply](AppResult r) { reply(std::move(r), ""); };
  guarded(as_reply, [&] {
    const std::string email = normalize_email(in.email);
    if (email.empty())
      return fail(reply, {"invalid_email", "email", "not an e-mail address", nullptr});
    const std::string name = trim(in.business_name);
    if (name.empty())
      return fail(reply, {"missing_field", "business_name", "the business's name", nullptr});
    if (name.size() > 100)
      return fail(reply, {"invalid_field", "business_name", "at most 100 characters", nullptr});
    if (auto weak = check_password_policy(in.password, email)) return fail(reply, *weak);

    Merchant m;
    m.id = "m_" + random_hex(8);
    m.name = name;
    m.status = "active";
    m.mode = "test";  // a new merchant starts in test mode, with no Stripe connection
    m.connection = "none";
    m.charges_enabled = false;
    m.created_at_ms = ctx.clock.now_ms();
    std::string currency = in.currency;
    for (char& c : currency) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string text = starter_catalog(m.id, name, in.timezone, currency).dump();
    auto parsed = parse_catalog_text(text);
    if (auto* errors = std::get_if<slotpay::Errors>(&parsed))
      return fail(reply, invalid_catalog_error(*errors));

    UserRecord u;
    u.id = "usr_" + random_hex(8);
    u.merchant_id = m.id;
    u.email = email;
    u.role = "owner";
    u.created_at_ms = u.password_changed_at_ms = m.created_at_ms;
    const std::string password = in.password;
    const bool queued = run_on_cpu(ctx, [&ctx, m, u, text, password, reply]() mutable {
      const Reply as_reply = [reply](AppResult r) { reply(std::move(r), ""); };
      guarded(as_reply, [&] {
        u.password_hash = hash_password(password);
        const std::string token = new_session_token();
        auto taken = std::make_shared<bool>(false);
        const SessionRecord s = new_session_record(ctx, token, u.id, m.created_at_ms);
        ctx.store.write(
            [m, u, text, s, taken](BookingTx& tx) {
              auto& a = tx.accounts();
              if (a.user_by_email(u.email)) return !(*taken = true);
              if (!a.create_merchant(m, text)) throw StoreError("merchant id collision");
              if (!a.insert_user(u)) return !(*taken = true);
              a.insert_session(s);
              return true;
            },
            [m, u, token, taken, reply](const WriteResult& w) {
              if (*taken)
                return fail(reply,
                            {"email_taken", "email",
                             "an account with this e-mail address exists: sign in", nullptr});
              if (!w.error.empty()) return fail(reply, store_failure(w));
              log_info("merchant signed up", {{"merchant", m.id}, {"user", u.id}});
              Merchant saved = m;
              saved.catalog_version = 1;
              reply(AppResult::ok(session_body(u, saved, token), 201), token);
            });
      });
    });
    if (!queued) fail(reply, server_busy());
  });
}

void signin_use_case(AppContext& ctx, const std::string& email_in, const std::string& password,
                     const std::string& client_key, SessionReply reply) {
  const std::string email = normalize_email(email_in);
  const std::string account = email.empty() ? email_in : email;
  if (auto wait = ctx.login_throttle.retry_after_s(account, client_key, ctx.clock.now_ms()))
    return fail(reply, {"too_many_attempts",
                        "",
                        "too many failed sign-ins: try again in " + std::to_string(*wait) + " s",
                        {{"retry_after_s", *wait}}});
  ctx.store.read([&ctx, email, account, password, client_key, reply](StoreReader& r) {
    std::optional<UserRecord> u;
    std::optional<Merchant> m;
    try {
      if (!email.empty()) u = r.accounts().user_by_email(email);
      if (u) m = r.merchant(u->merchant_id);
    } catch (const StoreUnavailable&) {
      return fail(reply, database_unavailable());
    } catch (const std::exception& e) {
      return fail(reply, internal_error(e.what()));
    }
    const bool queued = run_on_cpu(ctx, [&ctx, u, m, account, password, client_key, reply] {
      const Reply as_reply = [reply](AppResult r) { reply(std::move(r), ""); };
      guarded(as_reply, [&] {
        // An unknown address costs the same argon2id check as a wrong password.
        const bool ok = verify_password(u ? u->password_hash : dummy_password_hash(), password);
        const int64_t now = ctx.clock.now_ms();
        if (!ok || !u || !m) {
          ctx.login_throttle.failed(account, client_key, now);
          return fail(reply, invalid_credentials());
        }
        ctx.login_throttle.succeeded(account);
        const std::string token = new_session_token();
        const SessionRecord s = new_session_record(ctx, token, u->id, now);
        ctx.store.write(
            [s](BookingTx& tx) {
              tx.accounts().insert_session(s);
              return true;
            },
            [u, m, token, reply](const WriteResult& w) {
              if (!w.error.empty()) return fail(reply, store_failure(w));
              reply(AppResult::ok(session_body(*u, *m, token)), token);
            });
      });
    });
    if (!queued) fail(reply, server_busy());
  });
}

void signout_use_case(AppContext& ctx, const Principal& who, Reply reply) {
  if (who.api_key)
    return reply(
        AppResult::fail({"forbidden", "own_password", "an API key has no session", nullptr}));
  ctx.store.write(
      [hash = who.session_hash](BookingTx& tx) {
        tx.accounts().delete_session(hash);
        return true;
      },
      [reply](const WriteResult& w) {
        if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
        reply(AppResult::ok(ojson{{"signed_out", true}}));
      });
}

void me_use_case(AppContext& ctx, const Principal& who, Reply reply) {
  ctx.store.read([who, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(who.merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      ojson body;
      if (who.api_key) {
        body["user"] = nullptr;
        body["role"] = "api_key";
        body["api_key"] = {{"id", who.api_key_id}, {"mode", who.key_mode}};
      } else {
        auto u = r.accounts().user(who.user_id);
        if (!u) return reply(AppResult::fail({"unauthorized", "", "sign in again", nullptr}));
        body["user"] = user_view(*u);
        body["role"] = u->role;
      }
      body["merchant"] = merchant_view(*m);
      if (!who.api_key) body["csrf_token"] = csrf_token_for(who.session_token);
      reply(AppResult::ok(std::move(body)));
    });
  });
}

void change_password_use_case(AppContext& ctx, const Principal& who, const std::string& current,
                              const std::string& next, Reply reply) {
  ctx.store.read([&ctx, who, current, next, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto u = r.accounts().user(who.user_id);
      if (!u) return reply(AppResult::fail({"unauthorized", "", "sign in again", nullptr}));
      if (auto weak = check_password_policy(next, u->email, "new_password"))
        return reply(AppResult::fail(*weak));
      const bool queued = run_on_cpu(ctx, [&ctx, who, u = *u, current, next, reply] {
        guarded(reply, [&] {
          if (!verify_password(u.password_hash, current))
            return reply(AppResult::fail(invalid_credentials("current_password")));
          const std::string hash = hash_password(next);
          const int64_t now = ctx.clock.now_ms();
          ctx.store.write(
              [who, hash, now](BookingTx& tx) {
                tx.accounts().set_password(who.user_id, hash, now);
                // Every other session of this user ends; this one stays signed in.
                tx.accounts().delete_sessions_of(who.user_id, who.session_hash);
                return true;
              },
              [who, reply](const WriteResult& w) {
                if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
                log_info("password changed", {{"user", who.user_id}});
                reply(AppResult::ok(ojson{{"password_changed", true}}));
              });
        });
      });
      if (!queued) reply(AppResult::fail(server_busy()));
    });
  });
}

}  // namespace slotpay::server
