#include "stripe/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

namespace slotpay::server {
namespace {

bool secure_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// parseInt(x, 10) as JavaScript does it: leading digits, NaN (here -1) when none.
int64_t parse_leading_int(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
  int64_t v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (v > (INT64_MAX - 9) / 10) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return neg ? -v : v;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

std::string sign_stripe_payload(std::string_view raw_body, std::string_view secret,
                                int64_t timestamp_s) {
  std::string signed_payload = std::to_string(timestamp_s) + "." + std::string(raw_body);
  return "t=" + std::to_string(timestamp_s) + ",v1=" + hmac_sha256_hex(secret, signed_payload);
}

SignatureVerdict verify_stripe_signature(std::string_view raw_body, std::string_view header,
                                         std::string_view secret, int64_t now_s,
                                         int64_t tolerance_s) {
  if (header.empty()) return {false, "No stripe-signature header value was provided."};
  int64_t timestamp = -1;
  std::vector<std::string_view> signatures;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    size_t eq = item.find('=');
    std::string_view key = item.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    // split('=') in JS: "v1=a=b" gives kv[1] == "a"; mirror that.
    if (size_t eq2 = value.find('='); eq2 != std::string_view::npos) value = value.substr(0, eq2);
    if (key == "t")
      timestamp = parse_leading_int(value);
    else if (key == "v1")
      signatures.push_back(value);
    pos = comma + 1;
  }
  if (timestamp <= 0) return {false, "Unable to extract timestamp and signatures from header"};
  if (signatures.empty()) return {false, "No signatures found with expected scheme"};

  std::string signed_payload = std::to_string(timestamp) + "." + std::string(raw_body);
  const std::string expected = hmac_sha256_hex(secret, signed_payload);
  bool match = false;
  // Compare against every candidate, without an early exit.
  for (auto sig : signatures) match = secure_equal(sig, expected) || match;
  if (!match)
    return {false,
            "No signatures found matching the expected signature for payload. Are you passing "
            "the raw request body you received from Stripe? "};
  if (tolerance_s > 0 && now_s - timestamp > tolerance_s)
    return {false, "Timestamp outside the tolerance zone"};
  return {true, ""};
}

}  // namespace slotpay::server
