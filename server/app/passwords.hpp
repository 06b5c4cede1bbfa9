// Merchant users' e-mail addresses and passwords. The policy is pure; hashing is
// argon2id through libsodium's crypto_pwhash_str with the INTERACTIVE limits (about
// 0.1 s and 64 MB here), so it runs on the app's CPU pool, never on an io or store
// thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/api_error.hpp"

namespace slotpay::server {

inline constexpr size_t kMinPasswordChars = 10;
inline constexpr size_t kMaxPasswordBytes = 256;

// Lowercased and trimmed; "" when it does not look like an address (one '@', a dot in
// the domain, no spaces or control characters, at most 254 bytes).
std::string normalize_email(std::string_view email);

// nullopt when acceptable; else weak_password (field `field`): at least 10 characters
// (code points), at most 256 bytes, valid UTF-8, not one repeated character, not the
// e-mail address or its local part, not a well-known password.
std::optional<ApiError> check_password_policy(std::string_view password, std::string_view email,
                                              const char* field = "password");

// The argon2id hash string ($argon2id$v=19$...). Throws std::runtime_error when libsodium
// fails (out of memory).
std::string hash_password(std::string_view password);
// Constant-time in the password; false for a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);
// A hash made earlier, to spend the same time on unknown users as on known ones.
const std::string& dummy_password_hash();

}  // namespace slotpay::server
