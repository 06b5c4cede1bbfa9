#include "mail/signed_link.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <variant>

#include "mail/encoding.hpp"

using namespace slotpay;
using namespace slotpay::mail;

namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";
const Instant kNow{1772978400};

LinkRefusal refusal(const std::variant<LinkClaims, LinkRefusal>& v) {
  REQUIRE(std::holds_alternative<LinkRefusal>(v));
  return std::get<LinkRefusal>(v);
}

}  // namespace

TEST_CASE("signed links: a token verifies for its purpose until it expires") {
  LinkSigner signer(kSecret);
  std::string token = signer.sign({LinkPurpose::kManage, "bk_7f3a", kNow.plus_seconds(3600)});
  CHECK(token.size() <= kMaxLinkTokenLength);
  for (char c : token)
    CHECK(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.'));
  auto ok = signer.verify(token, LinkPurpose::kManage, kNow);
  REQUIRE(std::holds_alternative<LinkClaims>(ok));
  CHECK(std::get<LinkClaims>(ok).booking_id == "bk_7f3a");
  CHECK(std::get<LinkClaims>(ok).purpose == LinkPurpose::kManage);
  CHECK(std::get<LinkClaims>(ok).expires_at == kNow.plus_seconds(3600));
  // A second before expiry it works; at expiry it does not.
  CHECK(std::holds_alternative<LinkClaims>(
      signer.verify(token, LinkPurpose::kManage, kNow.plus_seconds(3599))));
  CHECK(refusal(signer.verify(token, LinkPurpose::kManage, kNow.plus_seconds(3600))) ==
        LinkRefusal::kExpired);
}

TEST_CASE("signed links: each refusal has its own reason") {
  LinkSigner signer(kSecret);
  std::string pay = signer.sign({LinkPurpose::kPay, "bk_1", kNow.plus_seconds(60)});
  CHECK(refusal(signer.verify(pay, LinkPurpose::kManage, kNow)) == LinkRefusal::kWrongPurpose);
  CHECK(std::holds_alternative<LinkClaims>(signer.verify(pay, LinkPurpose::kPay, kNow)));

  // Another key.
  LinkSigner other("another secret of at least 32 bytes!!");
  CHECK(refusal(other.verify(pay, LinkPurpose::kPay, kNow)) == LinkRefusal::kBadSignature);

  // A payload changed to another booking or a later expiry, signature kept.
  size_t dot = pay.find('.');
  for (std::string payload : {"v1|pay|bk_2|" + std::to_string(kNow.seconds + 60),
                              "v1|pay|bk_1|" + std::to_string(kNow.seconds + 999999),
                              "v1|manage|bk_1|" + std::to_string(kNow.seconds + 60)}) {
    std::string forged = base64url_encode(payload) + pay.substr(dot);
    CHECK(refusal(signer.verify(forged, LinkPurpose::kPay, kNow)) == LinkRefusal::kBadSignature);
  }
  // Every single-character change is refused (never accepted as another valid token).
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int accepted = 0;
  for (size_t i = 0; i < pay.size(); ++i) {
    for (char c : kAlphabet + ".") {
      if (c == pay[i]) continue;
      std::string t = pay;
      t[i] = c;
      accepted += std::holds_alternative<LinkClaims>(signer.verify(t, LinkPurpose::kPay, kNow));
    }
  }
  CHECK(accepted == 0);
  // An expired token that is also for the wrong purpose reports the purpose first.
  CHECK(refusal(signer.verify(pay, LinkPurpose::kManage, kNow.plus_seconds(61))) ==
        LinkRefusal::kWrongPurpose);
}

TEST_CASE("signed links: malformed tokens") {
  LinkSigner signer(kSecret);
  std::string good = signer.sign({LinkPurpose::kManage, "bk_1", kNow.plus_seconds(60)});
  for (std::string bad : {std::string(), std::string("."), std::string("abc"), std::string("a.b.c"),
                          good + ".", "." + good, good + "=", std::string(500, 'a') + "." + "b",
                          std::string("!!.??"), good.substr(0, good.find('.'))}) {
    INFO(bad);
    CHECK(refusal(signer.verify(bad, LinkPurpose::kManage, kNow)) == LinkRefusal::kMalformed);
  }
  CHECK(to_string(LinkRefusal::kMalformed) == "link_malformed");
  CHECK(to_string(LinkRefusal::kBadSignature) == "link_bad_signature");
  CHECK(to_string(LinkRefusal::kWrongPurpose) == "link_wrong_purpose");
  CHECK(to_string(LinkRefusal::kExpired) == "link_expired");
}

TEST_CASE("signed links: weak secrets and odd booking ids are programming errors") {
  CHECK_THROWS_AS(LinkSigner("short"), std::invalid_argument);
  LinkSigner signer(kSecret);
  for (std::string id :
       std::vector<std::string>{"", "a|b", "a.b", "bk 1", std::string(65, 'a'), "bk\n1"})
    CHECK_THROWS_AS(signer.sign({LinkPurpose::kManage, id, kNow}), std::invalid_argument);
  CHECK_NOTHROW(signer.sign({LinkPurpose::kManage, std::string(64, 'a'), kNow}));
  // Tokens differ by booking, purpose and expiry.
  std::set<std::string> tokens = {
      signer.sign({LinkPurpose::kManage, "bk_1", kNow}),
      signer.sign({LinkPurpose::kManage, "bk_2", kNow}),
      signer.sign({LinkPurpose::kPay, "bk_1", kNow}),
      signer.sign({LinkPurpose::kManage, "bk_1", kNow.plus_seconds(1)}),
  };
  CHECK(tokens.size() == 4);
}
