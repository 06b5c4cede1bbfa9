#include "app/client_secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "app/crypto.hpp"

namespace slotpay::server {
namespace {

constexpr std::string_view kPrefix = "sb1.";
constexpr size_t kNonce = 12, kTag = 16;
constexpr std::string_view kDomain = "slotpay: client_secret at rest, v1";

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::optional<std::vector<unsigned char>> from_hex(std::string_view s) {
  if (s.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::vector<unsigned char> out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return out;
}

}  // namespace

ClientSecretBox::ClientSecretBox(std::string_view key_material) {
  if (key_material.empty()) {
    if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1)
      throw std::runtime_error("RAND_bytes failed");
    return;
  }
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key_material.data(), static_cast<int>(key_material.size()),
            reinterpret_cast<const unsigned char*>(kDomain.data()), kDomain.size(), key_.data(),
            &len) ||
      len != key_.size())
    throw std::runtime_error("HMAC failed");
}

bool ClientSecretBox::is_sealed(std::string_view stored) { return stored.rfind(kPrefix, 0) == 0; }

std::string ClientSecretBox::seal(std::string_view plain) const {
  if (plain.empty()) return "";
  unsigned char nonce[kNonce], tag[kTag];
  if (RAND_bytes(nonce, kNonce) != 1) throw std::runtime_error("RAND_bytes failed");
  std::vector<unsigned char> ct(plain.size());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, fin = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), ct.data(), &n,
                        reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), ct.data() + n, &fin) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag) != 1)
    throw std::runtime_error("AES-GCM seal failed");
  return std::string(kPrefix) + hex_encode(nonce, kNonce) + hex_encode(ct.data(), ct.size()) +
         hex_encode(tag, kTag);
}

std::optional<std::string> ClientSecretBox::open(std::string_view stored) const {
  if (!is_sealed(stored)) return std::string(stored);
  auto bytes = from_hex(stored.substr(kPrefix.size()));
  if (!bytes || bytes->size() < kNonce + kTag) return std::nullopt;
  const unsigned char* nonce = bytes->data();
  const unsigned char* ct = nonce + kNonce;
  const size_t ct_len = bytes->size() - kNonce - kTag;
  std::vector<unsigned char> tag(ct + ct_len, ct + ct_len + kTag);
  std::string plain(ct_len, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, fin = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n, ct,
                        static_cast<int>(ct_len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &fin) != 1)
    return std::nullopt;
  return plain;
}

}  // namespace slotpay::server
