// Issue #9 item 7: the PaymentIntent's client_secret is not kept in plaintext. It is
// sealed (AES-256-GCM, a random 96-bit nonce per value) before it is stored and opened
// only to answer the booking's token holder while the booking awaits payment. The key
// is derived (HMAC-SHA256, domain-separated) from key material the server already
// guards: main passes the Stripe secret key, which can read every client secret from
// Stripe anyway; so a copy of the database (a backup, a leaked file) alone no longer
// yields secrets. Rotating that key makes older sealed values unreadable: they are then
// treated as absent (the hold's own create answer carried the secret already).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace slotpay::server {

class ClientSecretBox {
 public:
  // Empty key material: a random key for this process (tests; nothing survives a restart).
  explicit ClientSecretBox(std::string_view key_material);

  // "sb1." + hex(nonce | ciphertext | tag). An empty value stays empty. Throws
  // std::runtime_error when OpenSSL fails (never stores the plaintext instead).
  std::string seal(std::string_view plain) const;
  // The plaintext of a sealed value; a value that is not sealed (stored before sealing
  // existed) as it is; nullopt when a sealed value does not open (another key, altered).
  std::optional<std::string> open(std::string_view stored) const;
  static bool is_sealed(std::string_view stored);

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace slotpay::server
