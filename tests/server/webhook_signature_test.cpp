// Every vector of shared/stripe/webhook-vectors.json (made with stripe-node) through
// the server's verifier.
#include "stripe/webhook_signature.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace slotpay::server;

namespace {
nlohmann::json load_vectors() {
  std::ifstream in(std::string(SLOTPAY_SHARED_DIR) + "/stripe/webhook-vectors.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

int64_t header_timestamp(const std::string& header) {
  auto p = header.find("t=");
  return p == std::string::npos ? 0 : std::stoll(header.substr(p + 2));
}
}  // namespace

TEST_CASE("webhook vectors from stripe-node all pass", "[webhook]") {
  auto doc = load_vectors();
  REQUIRE(doc["vectors"].size() >= 19);
  int checked = 0;
  for (const auto& v : doc["vectors"]) {
    const std::string name = v["name"];
    INFO("vector " << name);
    const std::string payload = v["payload"];
    const std::string header = v["header"];
    const std::string secret = v["secret"];
    // When the vector was verified: received_at_ms, else at its own timestamp.
    int64_t now_s = v.contains("received_at_ms") ? v["received_at_ms"].get<int64_t>() / 1000
                                                 : header_timestamp(header);
    // verifyHeader vectors use the tolerance as given (0 = no age check); the others
    // are constructEvent, where a missing or 0 tolerance means 300 s.
    int64_t tolerance = v.value("tolerance", 0);
    if (name.rfind("verifyHeader_", 0) != 0 && tolerance == 0) tolerance = kWebhookToleranceSeconds;
    const auto& expected = v.contains("result") ? v["result"] : v["verify_at_t"];
    SignatureVerdict got = verify_stripe_signature(payload, header, secret, now_s, tolerance);
    CHECK(got.ok == expected["ok"].get<bool>());
    if (!expected["ok"].get<bool>()) {
      std::string msg = expected["message"];
      while (!msg.empty() && msg.back() == ' ') msg.pop_back();
      CHECK(got.error.rfind(msg, 0) == 0);
    }
    if (v.contains("v1_hex")) {
      CHECK(hmac_sha256_hex(secret, v["signed_payload"].get<std::string>()) == v["v1_hex"]);
      CHECK(sign_stripe_payload(payload, secret, v["timestamp"].get<int64_t>()) == header);
    }
    ++checked;
  }
  CHECK(checked == static_cast<int>(doc["vectors"].size()));
}

TEST_CASE("the server's tolerance: 300 s old passes, 301 s fails, future passes", "[webhook]") {
  const std::string body = R"({"id":"evt_1"})";
  const std::string secret = "whsec_abc";
  auto header = sign_stripe_payload(body, secret, 1'000'000);
  CHECK(verify_stripe_signature(body, header, secret, 1'000'300, kWebhookToleranceSeconds).ok);
  CHECK_FALSE(
      verify_stripe_signature(body, header, secret, 1'000'301, kWebhookToleranceSeconds).ok);
  CHECK(verify_stripe_signature(body, header, secret, 999'000, kWebhookToleranceSeconds).ok);
  CHECK_FALSE(
      verify_stripe_signature(body + " ", header, secret, 1'000'000, kWebhookToleranceSeconds).ok);
  CHECK_FALSE(
      verify_stripe_signature(body, "t=abc,v1=00", secret, 1'000'000, kWebhookToleranceSeconds).ok);
  CHECK_FALSE(verify_stripe_signature(body, ",,,", secret, 1'000'000, kWebhookToleranceSeconds).ok);
}
