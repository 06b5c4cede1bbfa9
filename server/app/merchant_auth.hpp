// Who is calling the merchant API (issue #10): a dashboard session (cookie
// `slotpay_session`, with the CSRF header on state-changing methods) or a merchant API
// key (`Authorization: Bearer spk_...`). The checks that need no store are pure
// (check_credentials, unit-tested); authenticate_use_case looks the session or key up by
// its hash, judges it, records its use when due, and answers a Principal or an error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "app/api_error.hpp"
#include "app/principal.hpp"
#include "app/sessions.hpp"
#include "store/account_store.hpp"

namespace slotpay::server {

struct AppContext;

inline constexpr const char* kSessionCookie = "slotpay_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// What the HTTP layer hands over from a request.
struct AuthInput {
  std::string method;         // "GET", "POST", ...
  std::string session_token;  // the slotpay_session cookie's value ("" when absent)
  std::string csrf_header;    // X-CSRF-Token ("" when absent)
  std::string authorization;  // the Authorization header ("" when absent)
};

// What to look up, decided before any store work.
struct CredentialCheck {
  enum Kind { kSession, kApiKey } kind = kSession;
  std::string lookup_hash;  // session_token_hash or api_key_hash
};

// An Authorization header wins over the cookie (a browser never adds one by itself, so an
// API key needs no CSRF token). Errors: 401 unauthorized (nothing given, or a header that
// is not "Bearer <key>"), 401 invalid_api_key (not a well-formed spk_test_/spk_live_ key),
// 403 csrf_failed (a session on POST/PUT/PATCH/DELETE without the right X-CSRF-Token).
std::variant<CredentialCheck, ApiError> check_credentials(const AuthInput& in);

// A session as stored, judged at now_ms: 401 session_expired when past its lifetime or
// idle too long; 401 unauthorized when unknown (signed out, or revoked by a password
// change) or its user is gone.
std::optional<ApiError> judge_session(const std::optional<SessionRecord>& s, bool user_found,
                                      int64_t now_ms, const SessionPolicy& policy);
// A key as stored: 401 invalid_api_key when unknown, 401 api_key_revoked when revoked.
std::optional<ApiError> judge_api_key(const std::optional<ApiKeyRecord>& k);

// 403 forbidden naming the permission (field), or nullopt when the principal has it.
std::optional<ApiError> require(const Principal& p, Permission what);
const char* to_string(Permission what);

SessionPolicy session_policy(const AppContext& ctx);

// Exactly one of principal / error is set. Called once, from a store thread (or at once
// for errors decided without the store).
using AuthDone = std::function<void(std::optional<Principal>, std::optional<ApiError>)>;
void authenticate_use_case(AppContext& ctx, const AuthInput& in, AuthDone done);

}  // namespace slotpay::server
