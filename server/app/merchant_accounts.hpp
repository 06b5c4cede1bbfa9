// The merchant API's use cases (issue #10): sign-up, sign-in and out, the caller's
// profile, password change (merchant_accounts.cpp); users and API keys (merchant_team.cpp;
// the bookings list is merchant_bookings.hpp's). Password hashes are made and checked on
// the app's CPU pool (ctx.cpu), never on an io or store thread. Each calls its reply
// exactly once.
#pragma once

#include <functional>
#include <string>

#include "app/app_context.hpp"
#include "app/principal.hpp"

namespace slotpay::server {

// A reply that also hands the HTTP layer a new session's token for the cookie ("" when
// none was made: errors, or nothing to set).
using SessionReply = std::function<void(AppResult, std::string session_token)>;

struct SignupInput {
  std::string email;
  std::string password;
  std::string business_name;
  std::string timezone = "UTC";  // the starter catalog's (the core checks it)
  std::string currency = "eur";  // lowercase ISO 4217 (the core's form); given in any case
};
// A new merchant (test mode, no Stripe connection: nothing bookable for money), its
// owner and a session. 201 {user, merchant, csrf_token}. Errors: invalid_email (422),
// weak_password (422), missing_field / invalid_field (business_name), email_taken (409),
// invalid_catalog (422: a timezone or currency the core refuses).
void signup_use_case(AppContext& ctx, const SignupInput& in, SessionReply reply);

// 200 {user, merchant, csrf_token} and a session. Unknown e-mail and wrong password give
// the same 401 invalid_credentials (and take the same time); too many failures for the
// account or from the address give 429 too_many_attempts with details.retry_after_s.
void signin_use_case(AppContext& ctx, const std::string& email, const std::string& password,
                     const std::string& client_key, SessionReply reply);
void signout_use_case(AppContext& ctx, const Principal& who, Reply reply);
// {user (null for an API key), role, merchant, csrf_token (sessions only), api_key}.
void me_use_case(AppContext& ctx, const Principal& who, Reply reply);
// Checks `current`, sets `next` (password policy), ends every other session of the user.
// Errors: invalid_credentials (401, field current_password), weak_password (422).
void change_password_use_case(AppContext& ctx, const Principal& who, const std::string& current,
                              const std::string& next, Reply reply);

// Users (owner only). Owners create users with a first password (no invitation e-mail:
// the owner hands it over; the user changes it). Errors: email_taken, weak_password,
// invalid_email, invalid_field (role).
void list_users_use_case(AppContext& ctx, const Principal& who, Reply reply);
void create_user_use_case(AppContext& ctx, const Principal& who, const std::string& email,
                          const std::string& password, const std::string& role, Reply reply);
// Not oneself (cannot_remove_self, 409); user_not_found (404) for another merchant's.
void delete_user_use_case(AppContext& ctx, const Principal& who, const std::string& user_id,
                          Reply reply);

// API keys (an owner's session). `mode`: "test" | "live" (default: the merchant's mode).
// `mode` "test" | "live" lists only that mode's keys; "" all (invalid_field otherwise).
void list_api_keys_use_case(AppContext& ctx, const Principal& who, const std::string& mode,
                            Reply reply);
void create_api_key_use_case(AppContext& ctx, const Principal& who, const std::string& name,
                             const std::string& mode, Reply reply);
void revoke_api_key_use_case(AppContext& ctx, const Principal& who, const std::string& key_id,
                             Reply reply);

// The views the answers share.
nlohmann::ordered_json user_view(const UserRecord& u);
nlohmann::ordered_json merchant_view(const Merchant& m);

}  // namespace slotpay::server
