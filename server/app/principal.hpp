// Who is calling the merchant API, and what they may do. A dashboard session acts as its
// user (role owner or staff); an API key acts for its merchant with an owner's rights
// over bookings, money, catalog and settings, within its own mode, but cannot manage
// users, keys or passwords (that takes a person signed in). Pure, unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slotpay::server {

enum class Role { kOwner, kStaff };
const char* to_string(Role r);  // "owner" | "staff"
std::optional<Role> role_from(std::string_view s);

struct Principal {
  std::string merchant_id;
  std::string user_id;  // empty for an API key
  std::string email;    // the user's, for answers; empty for an API key
  Role role = Role::kStaff;
  bool api_key = false;
  std::string api_key_id;
  std::string key_mode;       // an API key's mode ("test" | "live"); empty for sessions
  std::string session_hash;   // the session's stored hash (sign-out, password change)
  std::string session_token;  // the session id itself (never stored; for the CSRF token)
};

enum class Permission {
  kReadBookings,   // bookings list, reports, the merchant's profile and status
  kMoney,          // refunds and cancellations with refunds
  kEditCatalog,    // services, staff, coupons, overrides
  kSettings,       // origins, Stripe connection and keys, mode
  kManageUsers,    // add or remove users
  kManageApiKeys,  // create, list, revoke API keys
  kOwnPassword,    // change one's own password
};

bool allowed(const Principal& p, Permission what);

// The mode a request may see: an API key only its own; a session the one asked for
// ("test"/"live"), else the merchant's active mode. nullopt when refused.
std::optional<std::string> mode_for(const Principal& p, std::string_view asked,
                                    std::string_view merchant_mode);
// Why mode_for refused `asked`: "forbidden" when it names a real mode (an API key asking
// for the other one; the same answer for bookings and reports), else "invalid_field".
const char* mode_refusal_code(std::string_view asked);

}  // namespace slotpay::server
