// SmtpSender against a real SMTP server: aiosmtpd (Debian python3-aiosmtpd) on a loopback
// port, started and stopped by each test. What arrived is read back from the sink's
// maildir and parsed: headers, recipients, the .ics and its times.
#include "support/smtp_sink.hpp"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "mail/outbox_policy.hpp"
#include "mail/smtp_sender.hpp"
#include "mail/templates.hpp"
#include "support/ics_reader.hpp"
#include "support/mime_reader.hpp"

using namespace slotpay;
using namespace slotpay::mail;
using namespace slotpay::mail::testing;
using Status = SendResult::Status;

namespace {

Instant at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return t->instant;
}

// A booking across New York's spring-forward change: 01:30 EST to 03:30 EDT.
BookingFacts facts(std::string customer_name = "Jo Customer") {
  BookingFacts b;
  b.booking_id = "bk_sink1";
  b.merchant_name = "Salon Zoë";
  b.merchant_email = "salon@example.com";
  b.service_name = "Haircut";
  b.start = at("2026-03-08T01:30:00-05:00");
  b.end = at("2026-03-08T03:30:00-04:00");
  b.merchant_zone = TimeZone::find("America/New_York").value();
  b.customer = Customer{std::move(customer_name), "jo@example.com", std::nullopt};
  b.currency = find_currency("usd", "").value();
  b.total = b.paid_now = 5000;
  b.cancellation.free_until_min = 1440;
  b.manage_url = "https://book.example.com/manage/bk_sink1?t=abc.def";
  return b;
}

SmtpConfig config(const std::string& url) {
  SmtpConfig c;
  c.url = url;
  c.from = "bookings@platform.example";
  c.connect_timeout = std::chrono::seconds(5);
  c.timeout = std::chrono::seconds(15);
  return c;
}

SmtpConfig loopback(int port) { return config("smtp://127.0.0.1:" + std::to_string(port)); }

BuiltMessage built(const Email& e, const SmtpConfig& c) {
  Sender sender = c.sender();
  auto m = build_message(e, sender, at("2026-03-01T12:00:00Z"), new_message_id(sender.host));
  REQUIRE(m.ok());
  return m.value();
}

const IcsStamp kStamp{"book.example.com", 0, Instant{1772366400}};

}  // namespace

TEST_CASE("smtp sink: a confirmation arrives with subject, recipients and a correct .ics") {
  SmtpSink sink;
  SmtpConfig c = loopback(sink.port());
  Email email = confirmation_email(facts(), kStamp);
  BuiltMessage m = built(email, c);
  SendResult r = SmtpSender(c).send(m);
  INFO(r.detail << "\n" << sink.log());
  REQUIRE(r.status == Status::kSent);
  CHECK(r.smtp_code == 250);

  auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  MimePart msg = parse_mime(messages[0], /*lf_line_ends=*/true);
  CHECK(decode_header(msg.one("Subject")) == email.subject);
  CHECK(decode_header(msg.one("To")) == "\"Jo Customer\" <jo@example.com>");
  CHECK(decode_header(msg.one("From")) == "Salon Zoë <bookings@platform.example>");
  CHECK(msg.one("X-RcptTo") == "jo@example.com");
  CHECK(msg.one("X-MailFrom") == "bookings@platform.example");
  CHECK(msg.one("Message-ID") == m.message_id);

  const MimePart* text = msg.find("text/plain");
  REQUIRE(text);
  CHECK(text->body.find("Your booking with Salon Zoë is confirmed.") != std::string::npos);
  const MimePart* html = msg.find("text/html");
  REQUIRE(html);
  CHECK(html->body.find("href=\"https://book.example.com/manage/bk_sink1?t=abc.def\"") !=
        std::string::npos);

  const MimePart* cal = msg.find("text/calendar");
  REQUIRE(cal);
  CHECK(cal->params.at("method") == "REQUEST");
  IcsComponent ics = parse_ics(cal->body);
  CHECK(ics.required("METHOD").value == "REQUEST");
  VTimezone tz(*ics.children_named("VTIMEZONE")[0], 2025, 2027);
  const IcsComponent& ev = *ics.children_named("VEVENT")[0];
  CHECK(ev.required("DTSTART").value == "20260308T013000");
  CHECK(ev.required("DTEND").value == "20260308T033000");
  CHECK(event_time_utc(ev, "DTSTART", tz) == at("2026-03-08T06:30:00Z").seconds);
  CHECK(event_time_utc(ev, "DTEND", tz) == at("2026-03-08T07:30:00Z").seconds);
  CHECK(ev.required("UID").value == "bk_sink1@book.example.com");
}

TEST_CASE("smtp sink: CR/LF in the customer's name does not add a header or a recipient") {
  SmtpSink sink;
  SmtpConfig c = loopback(sink.port());
  Email email = confirmation_email(facts("Jo\r\nBcc: victim@example.com"), kStamp);
  REQUIRE(SmtpSender(c).send(built(email, c)).status == Status::kSent);
  auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  MimePart msg = parse_mime(messages[0], true);
  CHECK(msg.all("Bcc").empty());
  CHECK(msg.one("X-RcptTo") == "jo@example.com");
  CHECK(decode_header(msg.one("To")) == "\"Jo Bcc: victim@example.com\" <jo@example.com>");
  for (const auto& [name, value] : msg.headers) {
    INFO(name << ": " << value);
    CHECK(name.find(' ') == std::string::npos);
    CHECK(value.find("\nBcc") == std::string::npos);
  }
}

TEST_CASE("smtp sink: refused twice (451), then accepted: sent once, retries per the policy") {
  SmtpSink sink({"sink_handlers.Refusing", {"2", "451 4.3.0 Try again later"}, {}, false});
  SmtpConfig c = loopback(sink.port());
  SmtpSender sender(c);
  BuiltMessage m = built(confirmation_email(facts(), kStamp), c);

  // The outbox worker's loop, with the clock advanced to each retry time.
  RetryPolicy policy;
  OutboxEntry entry{at("2026-03-01T12:00:00Z"), 0, facts().start, false};
  Instant now = entry.queued_at;
  std::vector<int> codes;
  std::vector<int64_t> waits;
  OutboxDecision d;
  for (int i = 0; i < 5 && still_worth_sending(entry, now); ++i) {
    SendResult r = sender.send(m);
    INFO(r.detail << "\n" << sink.log());
    codes.push_back(r.smtp_code);
    d = decide_after_attempt(policy, entry, r, now);
    if (d.kind != OutboxDecision::Kind::kRetry) break;
    waits.push_back(d.retry_at.seconds - now.seconds);
    now = d.retry_at;
    ++entry.attempts;
  }
  CHECK(codes == std::vector<int>{451, 451, 250});
  CHECK(waits == std::vector<int64_t>{60, 120});
  CHECK(d.kind == OutboxDecision::Kind::kSent);
  auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  CHECK(parse_mime(messages[0], true).one("Message-ID") == m.message_id);
}

TEST_CASE("smtp sink: a permanent refusal (550) fails at once and tells the merchant") {
  SmtpSink sink({"sink_handlers.Refusing", {"100", "550 5.7.1 Message rejected"}, {}, false});
  SmtpConfig c = loopback(sink.port());
  SendResult r = SmtpSender(c).send(built(confirmation_email(facts(), kStamp), c));
  CHECK(r.status == Status::kPermanentFailure);
  CHECK(r.smtp_code == 550);
  OutboxDecision d = decide_after_attempt(
      RetryPolicy{}, OutboxEntry{Instant{0}, 0, std::nullopt, false}, r, Instant{10});
  CHECK(d.kind == OutboxDecision::Kind::kFailed);
  CHECK(d.reason == "rejected_550");
  CHECK(d.notify_merchant);
  CHECK(sink.messages().empty());
}

TEST_CASE("smtp: nobody listening is a temporary failure without a code") {
  int port = free_loopback_port();
  SmtpConfig c = loopback(port);
  SendResult r = SmtpSender(c).send(built(confirmation_email(facts(), kStamp), c));
  CHECK(r.status == Status::kTemporaryFailure);
  CHECK(r.smtp_code == 0);
  CHECK_FALSE(r.detail.empty());
}

TEST_CASE("smtp sink: STARTTLS is required for a host that is not loopback") {
  // A name (not loopback as written) pinned to the sink's loopback address.
  std::string dir = std::filesystem::temp_directory_path() / "slotpay-mail-tls-XXXXXX";
  REQUIRE(::mkdtemp(dir.data()));
  std::string cert = dir + "/cert.pem";
  std::string key = dir + "/key.pem";
  REQUIRE(
      run_command({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days",
                   "2", "-subj", "/CN=mail.test", "-addext", "subjectAltName=DNS:mail.test"},
                  30));
  auto remote = [&](int port, const char* scheme) {
    SmtpConfig c = config(std::string(scheme) + "://mail.test:" + std::to_string(port));
    c.resolve = {"mail.test:" + std::to_string(port) + ":127.0.0.1"};
    c.ca_file = cert;
    return c;
  };

  SECTION("a sink without TLS gets nothing") {
    SmtpSink sink;
    SendResult r = SmtpSender(remote(sink.port(), "smtp"))
                       .send(built(confirmation_email(facts(), kStamp), loopback(sink.port())));
    INFO(r.detail);
    CHECK(r.status == Status::kTemporaryFailure);
    CHECK(r.smtp_code == 0);
    CHECK(sink.messages().empty());
  }
  SECTION("a sink with STARTTLS gets the message over TLS") {
    SmtpSink sink({"aiosmtpd.handlers.Mailbox", {}, {"--tlscert", cert, "--tlskey", key}, false});
    SmtpConfig c = remote(sink.port(), "smtp");
    SendResult r = SmtpSender(c).send(built(confirmation_email(facts(), kStamp), c));
    INFO(r.detail << "\n" << sink.log());
    CHECK(r.status == Status::kSent);
    CHECK(sink.messages().size() == 1);
  }
  SECTION("the certificate is checked: another CA is refused") {
    SmtpSink sink({"aiosmtpd.handlers.Mailbox", {}, {"--tlscert", cert, "--tlskey", key}, false});
    SmtpConfig c = remote(sink.port(), "smtp");
    c.ca_file = "/etc/ssl/certs/ca-certificates.crt";
    SendResult r = SmtpSender(c).send(built(confirmation_email(facts(), kStamp), c));
    CHECK(r.status == Status::kTemporaryFailure);
    CHECK(sink.messages().empty());
  }
  SECTION("smtps:// speaks TLS from the first byte") {
    SmtpSink sink(
        {"aiosmtpd.handlers.Mailbox", {}, {"--smtpscert", cert, "--smtpskey", key}, true});
    SmtpConfig c = remote(sink.port(), "smtps");
    SendResult r = SmtpSender(c).send(built(confirmation_email(facts(), kStamp), c));
    INFO(r.detail << "\n" << sink.log());
    CHECK(r.status == Status::kSent);
    CHECK(sink.messages().size() == 1);
  }
  std::filesystem::remove_all(dir);
}
