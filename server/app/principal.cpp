#include "app/principal.hpp"

namespace slotpay::server {

const char* to_string(Role r) { return r == Role::kOwner ? "owner" : "staff"; }

std::optional<Role> role_from(std::string_view s) {
  if (s == "owner") return Role::kOwner;
  if (s == "staff") return Role::kStaff;
  return std::nullopt;
}

bool allowed(const Principal& p, Permission what) {
  switch (what) {
    case Permission::kReadBookings:
      return true;
    case Permission::kOwnPassword:
      return !p.api_key;
    case Permission::kManageUsers:
    case Permission::kManageApiKeys:
      return !p.api_key && p.role == Role::kOwner;
    case Permission::kMoney:
    case Permission::kEditCatalog:
    case Permission::kSettings:
      return p.api_key || p.role == Role::kOwner;
  }
  return false;
}

std::optional<std::string> mode_for(const Principal& p, std::string_view asked,
                                    std::string_view merchant_mode) {
  if (!asked.empty() && asked != "test" && asked != "live") return std::nullopt;
  if (p.api_key) {
    if (!asked.empty() && asked != p.key_mode) return std::nullopt;
    return p.key_mode;
  }
  return std::string(asked.empty() ? merchant_mode : asked);
}

const char* mode_refusal_code(std::string_view asked) {
  return asked == "test" || asked == "live" ? "forbidden" : "invalid_field";
}

}  // namespace slotpay::server
