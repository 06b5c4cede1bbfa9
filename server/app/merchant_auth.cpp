#include "app/merchant_auth.hpp"

#include <memory>

#include "app/api_keys.hpp"
#include "app/app_context.hpp"
#include "app/log.hpp"

namespace slotpay::server {
namespace {

ApiError unauthorized(std::string message) {
  return {"unauthorized", "", std::move(message), nullptr};
}

}  // namespace

std::variant<CredentialCheck, ApiError> check_credentials(const AuthInput& in) {
  if (!in.authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (in.authorization.size() <= kBearer.size() ||
        in.authorization.compare(0, kBearer.size(), kBearer) != 0)
      return unauthorized("Authorization must be \"Bearer spk_...\"");
    const std::string key = in.authorization.substr(kBearer.size());
    if (!api_key_mode(key))
      return ApiError{"invalid_api_key", "", "not a Slotpay API key (spk_test_/spk_live_)",
                      nullptr};
    return CredentialCheck{CredentialCheck::kApiKey, api_key_hash(key)};
  }
  if (in.session_token.empty()) return unauthorized("sign in, or give an API key");
  if (is_state_changing(in.method) && !csrf_ok(in.session_token, in.csrf_header))
    return ApiError{"csrf_failed", kCsrfHeader,
                    "this request needs the session's CSRF token in X-CSRF-Token", nullptr};
  return CredentialCheck{CredentialCheck::kSession, session_token_hash(in.session_token)};
}

std::optional<ApiError> judge_session(const std::optional<SessionRecord>& s, bool user_found,
                                      int64_t now_ms, const SessionPolicy& policy) {
  if (!s || !user_found) return unauthorized("the session has ended: sign in again");
  SessionTimes t{s->created_at_ms, s->last_seen_at_ms, s->expires_at_ms};
  if (session_verdict(t, now_ms, policy) != SessionVerdict::kValid)
    return ApiError{"session_expired", "", "the session has expired: sign in again", nullptr};
  return std::nullopt;
}

std::optional<ApiError> judge_api_key(const std::optional<ApiKeyRecord>& k) {
  if (!k) return ApiError{"invalid_api_key", "", "unknown API key", nullptr};
  if (k->revoked_at_ms != 0)
    return ApiError{"api_key_revoked", "", "this API key was revoked", nullptr};
  return std::nullopt;
}

const char* to_string(Permission what) {
  switch (what) {
    case Permission::kReadBookings:
      return "read_bookings";
    case Permission::kMoney:
      return "money";
    case Permission::kEditCatalog:
      return "edit_catalog";
    case Permission::kSettings:
      return "settings";
    case Permission::kManageUsers:
      return "manage_users";
    case Permission::kManageApiKeys:
      return "manage_api_keys";
    case Permission::kOwnPassword:
      return "own_password";
  }
  return "unknown";
}

std::optional<ApiError> require(const Principal& p, Permission what) {
  if (allowed(p, what)) return std::nullopt;
  std::string why = p.api_key
                        ? "an API key may not do this: sign in as an owner"
                        : "your role (" + std::string(to_string(p.role)) + ") may not do this";
  return ApiError{"forbidden", to_string(what), std::move(why), nullptr};
}

SessionPolicy session_policy(const AppContext& ctx) {
  SessionPolicy p;
  p.max_age_ms = ctx.config.session_max_age_ms;
  p.idle_ms = ctx.config.session_idle_ms;
  return p;
}

void authenticate_use_case(AppContext& ctx, const AuthInput& in, AuthDone done) {
  auto checked = check_credentials(in);
  if (auto* err = std::get_if<ApiError>(&checked)) return done(std::nullopt, *err);
  const CredentialCheck check = std::get<CredentialCheck>(checked);
  const std::string token = in.session_token;
  ctx.store.read([&ctx, check, token, done](StoreReader& r) {
    std::optional<Principal> who;
    std::optional<ApiError> error;
    bool touch = false;
    const int64_t now = ctx.clock.now_ms();
    const SessionPolicy policy = session_policy(ctx);
    try {
      auto& a = r.accounts();
      if (check.kind == CredentialCheck::kSession) {
        auto s = a.session(check.lookup_hash);
        auto u = s ? a.user(s->user_id) : std::nullopt;
        error = judge_session(s, u.has_value(), now, policy);
        if (!error) {
          Principal p;
          p.merchant_id = u->merchant_id;
          p.user_id = u->id;
          p.email = u->email;
          p.role = role_from(u->role).value_or(Role::kStaff);
          p.session_hash = check.lookup_hash;
          p.session_token = token;
          who = std::move(p);
          touch = session_needs_touch({s->created_at_ms, s->last_seen_at_ms, s->expires_at_ms}, now,
                                      policy);
        }
      } else {
        auto k = a.api_key_by_hash(check.lookup_hash);
        error = judge_api_key(k);
        if (!error) {
          Principal p;
          p.merchant_id = k->merchant_id;
          p.role = Role::kOwner;
          p.api_key = true;
          p.api_key_id = k->id;
          p.key_mode = k->mode;
          who = std::move(p);
          touch = now - k->last_used_at_ms >= policy.touch_after_ms;
        }
      }
    } catch (const StoreUnavailable&) {
      return done(std::nullopt, database_unavailable());
    } catch (const std::exception& e) {
      return done(std::nullopt, internal_error(e.what()));
    }
    if (touch) {
      // Recording the use is not worth delaying the request for; a failure only logs.
      ctx.store.write(
          [check, id = who->api_key_id, now](BookingTx& tx) {
            if (check.kind == CredentialCheck::kSession)
              tx.accounts().touch_session(check.lookup_hash, now);
            else
              tx.accounts().touch_api_key(id, now);
            return true;
          },
          [](const WriteResult& w) {
            if (!w.error.empty()) log_warn("session touch failed", {{"error", w.error}});
          });
    }
    done(std::move(who), std::move(error));
  });
}

}  // namespace slotpay::server
