// Random identifiers and hashes for booking ids and access tokens (OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace slotpay::server {

// n random bytes from RAND_bytes, lowercase hex (2n characters). Throws
// std::runtime_error if the generator fails (never falls back to a weak source).
std::string random_hex(size_t n_bytes);

// Lowercase hex of n bytes.
std::string hex_encode(const unsigned char* bytes, size_t n);

// Lowercase hex SHA-256.
std::string sha256_hex(std::string_view data);

// Constant-time equality (length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace slotpay::server
