// Secrets at rest (merchants' Stripe secret keys and webhook secrets): sealed with
// XChaCha20-Poly1305 (libsodium's IETF AEAD) under the operator's 32-byte master key
// (SLOTPAY_MASTER_KEY or --master-key-file, hex or base64). Each sealed value is bound
// to its place by the associated data (merchant, mode, field): a value copied into
// another row does not open. Format: "sb1." + base64(24-byte random nonce || ciphertext
// with its 16-byte tag). Thread-safe (immutable after construction).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace slotpay::server {

class SecretBox {
 public:
  // The master key from its text form: 64 hex digits, or standard/URL-safe base64 (with
  // or without padding) of 32 bytes; surrounding whitespace ignored. nullopt (and
  // *error set) for anything else.
  static std::optional<SecretBox> from_key_text(std::string_view text, std::string* error);
  explicit SecretBox(const std::array<unsigned char, 32>& key) : key_(key) {}
  ~SecretBox();
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;

  // Throws std::runtime_error when libsodium or the random generator fails.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // nullopt when the value is malformed, was sealed under another key or context, or
  // was altered.
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;

 private:
  std::array<unsigned char, 32> key_;
};

// The associated data of a merchant's secret: "slotpay|<merchant>|<mode>|<field>".
std::string secret_context(std::string_view merchant_id, std::string_view mode,
                           std::string_view field);

}  // namespace slotpay::server
