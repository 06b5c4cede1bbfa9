#include "mail/signed_link.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <stdexcept>
#include <vector>

#include "mail/encoding.hpp"

namespace slotpay::mail {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kKeyLabel = "slotpay signed links v1";

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(md), len);
}

bool valid_booking_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

std::optional<LinkPurpose> purpose_from(std::string_view s) {
  if (s == "manage") return LinkPurpose::kManage;
  if (s == "pay") return LinkPurpose::kPay;
  if (s == "confirm") return LinkPurpose::kConfirm;
  if (s == "feed") return LinkPurpose::kFeed;
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    parts.push_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return parts;
}

}  // namespace

std::string_view to_string(LinkRefusal r) {
  switch (r) {
    case LinkRefusal::kMalformed:
      return "link_malformed";
    case LinkRefusal::kBadSignature:
      return "link_bad_signature";
    case LinkRefusal::kWrongPurpose:
      return "link_wrong_purpose";
    case LinkRefusal::kExpired:
      return "link_expired";
  }
  return "link_malformed";
}

std::string_view to_string(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::kPay:
      return "pay";
    case LinkPurpose::kConfirm:
      return "confirm";
    case LinkPurpose::kFeed:
      return "feed";
    case LinkPurpose::kManage:
      break;
  }
  return "manage";
}

LinkSigner::LinkSigner(std::string_view secret) {
  if (secret.size() < 32)
    throw std::invalid_argument("the link signing secret must be at least 32 bytes");
  key_ = hmac_sha256(secret, kKeyLabel);
}

std::string LinkSigner::mac(std::string_view payload) const { return hmac_sha256(key_, payload); }

std::string LinkSigner::sign(const LinkClaims& claims) const {
  if (!valid_booking_id(claims.booking_id))
    throw std::invalid_argument("a booking id in a link is 1..64 of [A-Za-z0-9_-]");
  std::string payload = std::string(kVersion) + "|" + std::string(to_string(claims.purpose)) + "|" +
                        claims.booking_id + "|" + std::to_string(claims.expires_at.seconds);
  return base64url_encode(payload) + "." + base64url_encode(mac(payload));
}

std::variant<LinkClaims, LinkRefusal> LinkSigner::verify(std::string_view token,
                                                         LinkPurpose expected, Instant now) const {
  if (token.empty() || token.size() > kMaxLinkTokenLength) return LinkRefusal::kMalformed;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
    return LinkRefusal::kMalformed;
  auto payload = base64url_decode(token.substr(0, dot));
  auto signature = base64url_decode(token.substr(dot + 1));
  if (!payload || !signature || payload->empty()) return LinkRefusal::kMalformed;

  std::string expected_mac = mac(*payload);
  if (signature->size() != expected_mac.size() ||
      CRYPTO_memcmp(signature->data(), expected_mac.data(), expected_mac.size()) != 0)
    return LinkRefusal::kBadSignature;

  // Signed by us: the payload is ours, but parse it as strictly as anything else.
  auto parts = split(*payload, '|');
  if (parts.size() != 4 || parts[0] != kVersion) return LinkRefusal::kMalformed;
  auto purpose = purpose_from(parts[1]);
  if (!purpose || !valid_booking_id(parts[2])) return LinkRefusal::kMalformed;
  int64_t expiry = 0;
  auto [end, ec] = std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), expiry);
  if (ec != std::errc() || end != parts[3].data() + parts[3].size()) return LinkRefusal::kMalformed;

  if (*purpose != expected) return LinkRefusal::kWrongPurpose;
  if (now.seconds >= expiry) return LinkRefusal::kExpired;
  return LinkClaims{*purpose, std::string(parts[2]), Instant{expiry}};
}

}  // namespace slotpay::mail
