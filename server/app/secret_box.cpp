#include "app/secret_box.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace slotpay::server {
namespace {

constexpr std::string_view kPrefix = "sb1.";
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium cannot be initialised");
}

std::optional<std::vector<unsigned char>> decode(std::string_view text) {
  std::vector<unsigned char> out(text.size() + 1);
  size_t len = 0;
  bool hex = text.size() == 64;
  for (char c : text) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
  if (hex) {
    if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr) ==
        0) {
      out.resize(len);
      return out;
    }
    return std::nullopt;
  }
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          variant) == 0 &&
        end == text.data() + text.size()) {
      out.resize(len);
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<SecretBox> SecretBox::from_key_text(std::string_view text, std::string* error) {
  ensure_sodium();
  const char* ws = " \t\r\n";
  auto b = text.find_first_not_of(ws);
  text = b == std::string_view::npos ? std::string_view{}
                                     : text.substr(b, text.find_last_not_of(ws) - b + 1);
  auto bytes = decode(text);
  if (!bytes || bytes->size() != 32) {
    if (error) *error = "the master key must be 32 bytes, written as 64 hex digits or in base64";
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    return std::nullopt;
  }
  std::array<unsigned char, 32> key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  sodium_memzero(bytes->data(), bytes->size());
  SecretBox box(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext, std::string_view context) const {
  ensure_sodium();
  std::vector<unsigned char> buf(kNonce + plaintext.size() + kTag);
  randombytes_buf(buf.data(), kNonce);
  unsigned long long clen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          buf.data() + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
          plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
          nullptr, buf.data(), key_.data()) != 0)
    throw std::runtime_error("sealing a secret failed");
  const size_t n = kNonce + static_cast<size_t>(clen);
  std::string b64(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), buf.data(), n, sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return std::string(kPrefix) + b64;
}

std::optional<std::string> SecretBox::open(std::string_view sealed,
                                           std::string_view context) const {
  ensure_sodium();
  if (sealed.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view b64 = sealed.substr(kPrefix.size());
  // Shorter than a nonce and a tag cannot be a sealed secret (and libsodium must not be
  // handed the null buffer of an empty vector).
  if (b64.size() < 4 * ((kNonce + kTag + 2) / 3)) return std::nullopt;
  std::vector<unsigned char> buf(b64.size());
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(buf.data(), buf.size(), b64.data(), b64.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != b64.data() + b64.size() || len < kNonce + kTag)
    return std::nullopt;
  std::string out(len - kNonce - kTag, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &plen, nullptr, buf.data() + kNonce,
          len - kNonce, reinterpret_cast<const unsigned char*>(context.data()), context.size(),
          buf.data(), key_.data()) != 0)
    return std::nullopt;
  out.resize(static_cast<size_t>(plen));
  return out;
}

std::string secret_context(std::string_view merchant_id, std::string_view mode,
                           std::string_view field) {
  std::string s = "slotpay|";
  s += merchant_id;
  s += '|';
  s += mode;
  s += '|';
  s += field;
  return s;
}

}  // namespace slotpay::server
