#include "app/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace slotpay::server {
namespace {

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium cannot be initialised");
}

// Code points of valid UTF-8; nullopt when it is not valid UTF-8.
std::optional<size_t> utf8_length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return std::nullopt;
    i += len;
    ++n;
  }
  return n;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// Passwords of at least 10 characters that top the breach lists.
constexpr std::array<std::string_view, 16> kCommon = {
    "1234567890",  "123456789a", "qwertyuiop", "password12",  "password123", "1q2w3e4r5t",
    "0987654321",  "1111111111", "qwerty1234", "iloveyou12",  "passw0rd12",  "abcdefghij",
    "letmein1234", "welcome123", "admin12345", "password1234"};

ApiError weak(const char* field, std::string message) {
  return ApiError{"weak_password", field, std::move(message), nullptr};
}

}  // namespace

std::string normalize_email(std::string_view email) {
  std::string e = lower(email);
  const char* ws = " \t\r\n";
  auto b = e.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  e = e.substr(b, e.find_last_not_of(ws) - b + 1);
  if (e.size() > 254) return "";
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return "";
  std::string domain = e.substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == std::string::npos || dot == 0 || domain.back() == '.') return "";
  for (unsigned char c : e)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',') return "";
  return e;
}

std::optional<ApiError> check_password_policy(std::string_view password, std::string_view email,
                                              const char* field) {
  if (password.size() > kMaxPasswordBytes)
    return weak(field, "the password is too long (at most 256 bytes)");
  auto chars = utf8_length(password);
  if (!chars) return weak(field, "the password is not valid UTF-8 text");
  if (*chars < kMinPasswordChars) return weak(field, "the password needs at least 10 characters");
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; }))
    return weak(field, "the password cannot be one character repeated");
  std::string low = lower(password);
  std::string mail = lower(email);
  if (!mail.empty() && (low == mail || low == mail.substr(0, mail.find('@'))))
    return weak(field, "the password cannot be your e-mail address");
  for (auto common : kCommon)
    if (low == common) return weak(field, "this password is too common; choose another one");
  return std::nullopt;
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("password hashing failed (out of memory)");
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& dummy_password_hash() {
  static const std::string h = hash_password("slotpay-dummy-password-for-timing");
  return h;
}

}  // namespace slotpay::server
