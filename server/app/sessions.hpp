// Dashboard sessions and their CSRF tokens, as pure decisions (the store keeps the
// records, http/ the cookie). A session id is 256 random bits, handed to the browser
// once in an HttpOnly cookie and stored only as its SHA-256. The CSRF token is derived
// from the session id (HMAC-SHA256 keyed with it), so it needs no storage, changes with
// the session, and cannot be computed from what the database holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slotpay::server {

struct SessionPolicy {
  int64_t max_age_ms = 7LL * 24 * 3600 * 1000;  // absolute lifetime (default 7 days)
  int64_t idle_ms = 8LL * 3600 * 1000;          // ends after this long unused (default 8 h)
  int64_t touch_after_ms = 60 * 1000;           // last use is written at most once a minute
};

struct SessionTimes {
  int64_t created_at_ms = 0;
  int64_t last_seen_at_ms = 0;
  int64_t expires_at_ms = 0;
};

// 64 hex digits (32 random bytes). Throws std::runtime_error when the generator fails.
std::string new_session_token();
// What the store keys a session by: lowercase hex SHA-256 of the token.
std::string session_token_hash(std::string_view token);
// HMAC-SHA256(key = token, "slotpay-csrf-v1"), lowercase hex.
std::string csrf_token_for(std::string_view token);
// The header the dashboard sent equals csrf_token_for(token), compared in constant time.
// An empty header or token is never ok.
bool csrf_ok(std::string_view token, std::string_view header_value);

enum class SessionVerdict { kValid, kExpired, kIdle };
SessionVerdict session_verdict(const SessionTimes& s, int64_t now_ms, const SessionPolicy& p);
// Whether a valid session's last use should be written now.
bool session_needs_touch(const SessionTimes& s, int64_t now_ms, const SessionPolicy& p);

// POST, PUT, PATCH and DELETE change state and need the CSRF token (with a session).
bool is_state_changing(std::string_view method);

}  // namespace slotpay::server
