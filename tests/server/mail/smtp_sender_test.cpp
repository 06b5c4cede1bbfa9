#include "mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <catch2/catch.hpp>
#include <map>

using namespace slotpay;
using namespace slotpay::mail;

namespace {

std::function<const char*(const char*)> env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("SMTP_URL: schemes, ports, loopback and the TLS each gets") {
  auto ep = parse_smtp_url("smtp://mail.example.com");
  REQUIRE(ep.ok());
  CHECK(ep.value().host == "mail.example.com");
  CHECK(ep.value().port == 25);
  CHECK_FALSE(ep.value().loopback);
  CHECK(ep.value().tls == TlsMode::kStartTlsRequired);

  ep = parse_smtp_url("smtp://mail.example.com:587/client.example.com");
  REQUIRE(ep.ok());
  CHECK(ep.value().port == 587);
  CHECK(ep.value().tls == TlsMode::kStartTlsRequired);

  ep = parse_smtp_url("smtps://mail.example.com");
  REQUIRE(ep.ok());
  CHECK(ep.value().port == 465);
  CHECK(ep.value().tls == TlsMode::kImplicit);

  for (const char* local : {"smtp://127.0.0.1:2525", "smtp://localhost:25", "smtp://LOCALHOST",
                            "smtp://127.10.20.30", "smtp://[::1]:2525"}) {
    INFO(local);
    auto l = parse_smtp_url(local);
    REQUIRE(l.ok());
    CHECK(l.value().loopback);
    CHECK(l.value().tls == TlsMode::kStartTlsIfOffered);
  }
  // Names that merely look local are remote: STARTTLS is required for them.
  for (const char* remote :
       {"smtp://127.0.0.1.example.com", "smtp://localhost.example.com", "smtp://128.0.0.1",
        "smtp://[::2]", "smtp://127.0.0.256", "smtp://127.1"}) {
    INFO(remote);
    auto r = parse_smtp_url(remote);
    REQUIRE(r.ok());
    CHECK_FALSE(r.value().loopback);
    CHECK(r.value().tls == TlsMode::kStartTlsRequired);
  }
  CHECK(parse_smtp_url("smtps://127.0.0.1").value().tls == TlsMode::kImplicit);
}

TEST_CASE("SMTP_URL: anything else is refused, credentials in particular") {
  for (const char* bad :
       {"", "mail.example.com", "http://mail.example.com", "smtp://", "smtp://:25",
        "smtp://user:secret@mail.example.com", "smtp://user@mail.example.com",
        "smtp://mail.example.com:0", "smtp://mail.example.com:65536",
        "smtp://mail.example.com:", "smtp://mail.example.com:25x", "smtp://mail.example.com?x=1",
        "smtp://mail.example.com#x", "smtp://mail example.com", "smtp://[::1", "smtp://[::1]x",
        "smtp://[zz]", "smtp://mail.example.com/a b", "smtp://mail.example.com\r\n"}) {
    INFO(bad);
    auto r = parse_smtp_url(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "SMTP_URL");
    CHECK(r.error().message.find("secret") == std::string::npos);
  }
}

TEST_CASE("SMTP configuration from the environment") {
  auto off = smtp_config_from_env(env({}));
  REQUIRE(off.ok());
  CHECK_FALSE(off.value());
  CHECK_FALSE(smtp_config_from_env(env({{"SMTP_URL", ""}})).value());

  auto on = smtp_config_from_env(env({{"SMTP_URL", "smtp://mail.example.com:587"},
                                      {"SMTP_FROM", "bookings@platform.example"},
                                      {"SMTP_USERNAME", "mailer"},
                                      {"SMTP_PASSWORD", "s3cret"}}));
  REQUIRE(on.ok());
  REQUIRE(on.value());
  CHECK(on.value()->username == "mailer");
  CHECK(on.value()->password == "s3cret");
  CHECK(on.value()->sender().address == "bookings@platform.example");
  CHECK(on.value()->sender().host == "platform.example");

  auto no_from = smtp_config_from_env(env({{"SMTP_URL", "smtp://mail.example.com"}}));
  REQUIRE_FALSE(no_from.ok());
  CHECK(no_from.error().field == "SMTP_FROM");
  auto bad_from = smtp_config_from_env(
      env({{"SMTP_URL", "smtp://mail.example.com"}, {"SMTP_FROM", "Bookings <b@x.example>"}}));
  CHECK(bad_from.error().field == "SMTP_FROM");
  auto bad_url = smtp_config_from_env(
      env({{"SMTP_URL", "smtp://u:p@mail.example.com"}, {"SMTP_FROM", "b@x.example"}}));
  CHECK(bad_url.error().field == "SMTP_URL");
  auto no_user = smtp_config_from_env(env({{"SMTP_URL", "smtp://mail.example.com"},
                                           {"SMTP_FROM", "b@x.example"},
                                           {"SMTP_PASSWORD", "s3cret"}}));
  REQUIRE_FALSE(no_user.ok());
  CHECK(no_user.error().field == "SMTP_USERNAME");
  CHECK(no_user.error().message.find("s3cret") == std::string::npos);
}

TEST_CASE("SMTP outcomes: sent, permanent on 5xx, temporary otherwise") {
  using S = SendResult::Status;
  CHECK(classify_smtp_outcome(CURLE_OK, 250, "").status == S::kSent);
  CHECK(classify_smtp_outcome(CURLE_OK, 250, "").smtp_code == 250);
  // The last reply before a broken-off transfer is no verdict: no code is reported.
  auto broken = classify_smtp_outcome(CURLE_USE_SSL_FAILED, 250, "STARTTLS not offered");
  CHECK(broken.status == S::kTemporaryFailure);
  CHECK(broken.smtp_code == 0);
  auto r = classify_smtp_outcome(CURLE_SEND_ERROR, 550, "RCPT failed");
  CHECK(r.status == S::kPermanentFailure);
  CHECK(r.smtp_code == 550);
  CHECK(classify_smtp_outcome(CURLE_WEIRD_SERVER_REPLY, 554, "").status == S::kPermanentFailure);
  CHECK(classify_smtp_outcome(CURLE_WEIRD_SERVER_REPLY, 451, "").status == S::kTemporaryFailure);
  CHECK(classify_smtp_outcome(CURLE_LOGIN_DENIED, 454, "").status == S::kTemporaryFailure);
  CHECK(classify_smtp_outcome(CURLE_LOGIN_DENIED, 535, "").status == S::kPermanentFailure);
  // No answer at all: connection refused, timeouts, TLS trouble.
  for (int code : {CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_COULDNT_RESOLVE_HOST,
                   CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_GOT_NOTHING}) {
    auto t = classify_smtp_outcome(code, 0, "");
    CHECK(t.status == S::kTemporaryFailure);
    CHECK(t.smtp_code == 0);
  }
  CHECK(to_string(S::kSent) == "sent");
  CHECK(to_string(S::kTemporaryFailure) == "temporary_failure");
  CHECK(to_string(S::kPermanentFailure) == "permanent_failure");
}

TEST_CASE("SmtpSender refuses a configuration that did not pass the checks") {
  SmtpConfig c;
  c.url = "http://x";
  c.from = "b@x.example";
  CHECK_THROWS_AS(SmtpSender(c), std::invalid_argument);
  c.url = "smtp://127.0.0.1:2525";
  c.from = "not an address";
  CHECK_THROWS_AS(SmtpSender(c), std::invalid_argument);
  c.from = "b@x.example";
  CHECK_NOTHROW(SmtpSender(c));
}
