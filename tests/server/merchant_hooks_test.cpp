// Deliveries to merchants' webhook endpoints (server/hooks): which URLs and addresses
// may be called (no request forgery towards the machine or private networks), the
// Slotpay-Signature, and the retry decisions over three days.
#include <catch2/catch.hpp>
#include <string>

#include "hooks/delivery_policy.hpp"
#include "hooks/endpoint_url.hpp"
#include "hooks/signature.hpp"

using namespace slotpay::server::hooks;
using slotpay::Instant;

namespace {
std::string error_of(const std::string& url, bool loopback = false) {
  auto p = parse_endpoint_url(url, EndpointRules{loopback});
  return p.error ? p.error->code : "";
}
}  // namespace

TEST_CASE("endpoint URLs: https to a public host only", "[hooks]") {
  auto ok = parse_endpoint_url("https://Hooks.Example.com/slotpay?x=1", {});
  REQUIRE(ok.url);
  CHECK(ok.url->host == "hooks.example.com");
  CHECK(ok.url->port == 443);
  CHECK(ok.url->target == "/slotpay?x=1");
  auto bare = parse_endpoint_url("https://example.com:8443", {});
  REQUIRE(bare.url);
  CHECK(bare.url->port == 8443);
  CHECK(bare.url->target == "/");
  auto v6 = parse_endpoint_url("https://[2606:4700::1111]/h", {});
  REQUIRE(v6.url);
  CHECK(v6.url->host == "2606:4700::1111");
  CHECK(parse_endpoint_url("https://8.8.8.8/h", {}).url);

  CHECK(error_of("http://example.com/h") == "https_required");
  CHECK(error_of("ftp://example.com/h") == "https_required");
  CHECK(error_of("example.com/h") == "https_required");
  CHECK(error_of("https://user:pw@example.com/h") == "invalid_url");
  CHECK(error_of("https://example.com/h#frag") == "invalid_url");
  CHECK(error_of("https://exa mple.com/") == "invalid_url");
  CHECK(error_of("https://example.com:0/") == "invalid_url");
  CHECK(error_of("https://example.com:65536/") == "invalid_url");
  CHECK(error_of("https://example.com:/") == "invalid_url");
  CHECK(error_of("https://exa_mple.com/") == "invalid_url");
  CHECK(error_of("https://[::1/") == "invalid_url");
  CHECK(error_of("https://::1/") == "invalid_url");
  CHECK(error_of("https://" + std::string(2100, 'a') + ".com/") == "invalid_url");
  CHECK(error_of("") == "invalid_url");

  // The machine itself and private networks, written as addresses.
  for (const char* url :
       {"https://localhost/h", "https://api.localhost/h", "https://127.0.0.1/h",
        "https://127.9.9.9:8080/h", "https://[::1]/h", "https://10.0.0.5/h",
        "https://192.168.1.1/h", "https://172.20.0.1/h", "https://169.254.169.254/latest",
        "https://100.64.0.1/", "https://0.0.0.0/", "https://[fd00::1]/", "https://[fe80::1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a00:1]/",
        "https://[2002:a00:1::]/", "https://224.0.0.1/", "https://255.255.255.255/"})
    CHECK(error_of(url) == "forbidden_host");

  // Tests and the demo may deliver to loopback over http when allowed; never elsewhere.
  auto test = parse_endpoint_url("http://127.0.0.1:4242/hook", EndpointRules{true});
  REQUIRE(test.url);
  CHECK(test.url->port == 4242);
  CHECK(error_of("http://example.com/h", true) == "https_required");
  CHECK(error_of("http://10.0.0.1/h", true) == "https_required");
}

TEST_CASE("resolved addresses: only public ones may be connected to", "[hooks]") {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001:81a::200e"})
    CHECK(is_public_address(a));
  for (const char* a : {"127.0.0.1",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.0.1",
                        "169.254.169.254",
                        "100.127.255.255",
                        "0.1.2.3",
                        "192.0.2.10",
                        "198.51.100.1",
                        "203.0.113.9",
                        "198.18.0.1",
                        "240.0.0.1",
                        "::",
                        "::1",
                        "::ffff:192.168.0.1",
                        "::10.0.0.1",
                        "fc00::1",
                        "fe80::1",
                        "ff02::1",
                        "2001:db8::1",
                        "2001::1",
                        "2002:7f00:1::",
                        "64:ff9b::7f00:1",
                        "not an ip",
                        ""})
    CHECK_FALSE(is_public_address(a));
  CHECK(is_public_address("172.32.0.1"));   // just outside 172.16/12
  CHECK(is_public_address("100.128.0.1"));  // just outside 100.64/10
  CHECK(is_public_address("::ffff:8.8.8.8"));
  CHECK(is_public_address("2002:808:808::"));  // 6to4 of a public address
}

TEST_CASE("Slotpay-Signature: signed and verified like Stripe's, tampering refused", "[hooks]") {
  const std::string secret = new_endpoint_secret();
  CHECK(secret.rfind("spwhsec_", 0) == 0);
  CHECK(secret.size() == 8 + 64);
  CHECK(new_endpoint_secret() != secret);
  const std::string body = R"({"id":"evt_1","type":"booking.confirmed"})";
  const int64_t t = 1772960400;
  const std::string header = sign_delivery(body, secret, t);
  CHECK(header.rfind("t=1772960400,v1=", 0) == 0);
  CHECK(verify_delivery(body, header, secret, t + 10).ok);
  CHECK_FALSE(verify_delivery(body + " ", header, secret, t + 10).ok);
  CHECK_FALSE(verify_delivery(body, header, secret + "x", t + 10).ok);
  CHECK_FALSE(verify_delivery(body, header, secret, t + kSignatureToleranceSeconds + 1).ok);
  // A known value, so the scheme cannot drift unnoticed: HMAC-SHA256("k", "1.{}").
  CHECK(sign_delivery("{}", "k", 1) == "t=1,v1=" + slotpay::server::hmac_sha256_hex("k", "1.{}"));
}

TEST_CASE("delivery decisions: 2xx delivered, others retried with backoff for 3 days", "[hooks]") {
  DeliveryPolicy policy;
  CHECK(delivery_retry_delay_s(policy, 1) == 60);
  CHECK(delivery_retry_delay_s(policy, 2) == 120);
  CHECK(delivery_retry_delay_s(policy, 9) == 15360);      // 60 * 2^8
  CHECK(delivery_retry_delay_s(policy, 10) == 6 * 3600);  // 30,720 s: capped
  CHECK(delivery_retry_delay_s(policy, 40) == 6 * 3600);

  const Instant created{1'000'000};
  auto d = decide_after_delivery(policy, {created, 0}, {204, ""}, created);
  CHECK(d.kind == DeliveryDecision::Kind::kDelivered);
  CHECK(d.outcome == "http_204");

  d = decide_after_delivery(policy, {created, 0}, {500, ""}, created);
  CHECK(d.kind == DeliveryDecision::Kind::kRetry);
  CHECK(d.retry_at.seconds == created.seconds + 60);
  d = decide_after_delivery(policy, {created, 0}, {302, ""}, created);
  CHECK(d.kind == DeliveryDecision::Kind::kRetry);  // redirects are not followed
  d = decide_after_delivery(policy, {created, 0}, {0, "timeout"}, created);
  CHECK(d.kind == DeliveryDecision::Kind::kRetry);
  CHECK(d.outcome == "timeout");
  d = decide_after_delivery(policy, {created, 0}, {0, "forbidden_address"}, created);
  CHECK(d.kind == DeliveryDecision::Kind::kFailed);

  // Follow a receiver that always fails: attempts stop within three days, and the
  // count is what the doubling predicts (1+2+4+...+256 min, then every 6 h).
  Instant now = created;
  int attempts = 0;
  for (;;) {
    d = decide_after_delivery(policy, {created, attempts}, {503, ""}, now);
    ++attempts;
    if (d.kind != DeliveryDecision::Kind::kRetry) break;
    REQUIRE(d.retry_at.seconds > now.seconds);
    now = d.retry_at;
    REQUIRE(attempts < 100);
  }
  CHECK(d.kind == DeliveryDecision::Kind::kFailed);
  CHECK(now.seconds - created.seconds <= policy.give_up_after_s);
  CHECK(now.seconds - created.seconds > policy.give_up_after_s - policy.max_delay_s);
  CHECK(attempts == 20);  // the first and 19 retries: 9 doublings, then every 6 h

  CHECK_FALSE(should_disable_endpoint(policy, 4));
  CHECK(should_disable_endpoint(policy, 5));
  CHECK(is_merchant_event_type("booking.refunded"));
  CHECK_FALSE(is_merchant_event_type("payment_intent.succeeded"));
  CHECK(is_merchant_event_type("booking.rescheduled"));  // issue #12 item 3
  CHECK(merchant_event_types().size() == 7);
}
