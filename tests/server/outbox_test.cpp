// Issue #12, the app's side of the outbox: which booking changes queue which emails (and
// what they say), the worker's attempts and retries against a scripted SMTP result, and
// the demo page's helpers. The store side is outbox_store_test.cpp; SMTP for real is in
// tests/server/e2e/outbox.test.mjs (aiosmtpd).
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "app/booking_emails.hpp"
#include "app/catalog_cache.hpp"
#include "app/outbox_worker.hpp"
#include "http/demo_outbox.hpp"
#include "store/sqlite_store.hpp"

using namespace slotpay::server;
namespace fs = std::filesystem;

namespace {

// 2026-12-01T10:00:00-05:00 to 10:45 (New York), booked on 2026-11-30.
constexpr int64_t kStartS = 1'796'137'200;
constexpr int64_t kNowMs = 1'796'058'000'000;

CatalogPtr catalog(bool contact_email) {
  std::string text =
      R"({
    "merchant": {"id": "m1", "name": "Unit Studio", "timezone": "America/New_York",
                 "currency": "usd")" +
      std::string(contact_email ? R"(, "contact_email": "owner@studio.example")" : "") +
      R"(},
    "schedule": {"weekly": {"tue": [["08:00","20:00"]]}},
    "staff": [{"id": "ana", "name": "Ana", "services": ["cut"]}],
    "services": [{"id": "cut", "name": "Haircut", "duration_min": 45, "price": 4500,
                  "payment": "stripe",
                  "cancellation": {"free_until_min": 1440, "fee": {"rate_bps": 5000}}}]})";
  auto parsed = parse_catalog_text(text);
  REQUIRE(std::holds_alternative<CatalogPtr>(parsed));
  return std::get<CatalogPtr>(parsed);
}

BookingRecord booking(BookingStatus status) {
  BookingRecord b;
  b.id = "bk_mail1";
  b.merchant_id = "m1";
  b.status = status;
  b.catalog_version = 1;
  b.slot = slotpay::Occupancy{"cut", "ana", slotpay::Instant{kStartS},
                              slotpay::Instant{kStartS + 45 * 60}, 1};
  b.customer =
      slotpay::Customer{"Jo\r\nBcc: evil@attacker.example", "jo@example.com", "+15551234567"};
  b.quote.currency = slotpay::find_currency("usd", "").value();
  b.quote.payment = slotpay::ChargeMode::kStripe;
  b.quote.total = 4500;
  b.quote.due_now = 4500;
  b.payment_mode = "stripe";
  b.amount = 4500;
  b.paid_amount = 4500;
  return b;
}

MailSettings settings() {
  MailSettings s;
  s.sender = {"bookings@platform.example", "platform.example"};
  s.uid_host = "platform.example";
  return s;
}

// The header block of a message (up to the first empty line).
std::string headers_of(const std::string& data) { return data.substr(0, data.find("\r\n\r\n")); }

class FakeClock final : public Clock {
 public:
  int64_t now_ms() const override { return now.load(); }
  std::atomic<int64_t> now{kNowMs};
};

std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-outbox-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}

}  // namespace

TEST_CASE("booking emails: a confirmation with its calendar, the merchant's copy", "[mail]") {
  auto held = booking(BookingStatus::kAwaitingPayment);
  auto confirmed = booking(BookingStatus::kConfirmed);
  auto built = emails_for_change(settings(), &held, confirmed, *catalog(true), kNowMs);
  CHECK(built.skipped.empty());
  REQUIRE(built.messages.size() == 2);
  const OutboxMessage& customer = built.messages[0];
  CHECK(customer.kind == "booking_confirmed");
  CHECK_FALSE(customer.to_merchant);
  CHECK(customer.recipients == std::vector<std::string>{"jo@example.com"});
  CHECK(customer.envelope_from == "bookings@platform.example");
  CHECK(customer.status == OutboxStatus::kQueued);
  CHECK(customer.next_attempt_at_ms == kNowMs);
  CHECK(customer.booking_id == "bk_mail1");
  CHECK(customer.subject.find("Haircut") != std::string::npos);
  CHECK(customer.data.find("text/calendar; charset=UTF-8; method=REQUEST") != std::string::npos);
  // Header injection through the customer's name adds no header line.
  const std::string headers = headers_of(customer.data);
  CHECK(headers.find("\r\nBcc:") == std::string::npos);
  CHECK(headers.find("Reply-To: ") != std::string::npos);  // the merchant's contact email
  const OutboxMessage& copy = built.messages[1];
  CHECK(copy.to_merchant);
  CHECK(copy.recipients == std::vector<std::string>{"owner@studio.example"});
  CHECK(copy.id != customer.id);
  CHECK(copy.message_id != customer.message_id);
}

TEST_CASE("booking emails: which changes queue what", "[mail]") {
  auto cat = catalog(false);
  auto held = booking(BookingStatus::kHeld);
  auto awaiting = booking(BookingStatus::kAwaitingPayment);
  auto confirmed = booking(BookingStatus::kConfirmed);
  // Confirmed at once (a new record): the confirmation only (no contact email: no copy).
  auto at_once = emails_for_change(settings(), nullptr, confirmed, *cat, kNowMs);
  REQUIRE(at_once.messages.size() == 1);
  CHECK(at_once.messages[0].kind == "booking_confirmed");
  // A hold, a hold moving on, a confirmed booking touched again: nothing.
  CHECK(emails_for_change(settings(), nullptr, held, *cat, kNowMs).messages.empty());
  CHECK(emails_for_change(settings(), &held, awaiting, *cat, kNowMs).messages.empty());
  CHECK(emails_for_change(settings(), &confirmed, confirmed, *cat, kNowMs).messages.empty());
  // An unpaid hold cancelled: it was never confirmed, nothing to take back.
  auto cancelled = booking(BookingStatus::kCancelled);
  CHECK(emails_for_change(settings(), &awaiting, cancelled, *cat, kNowMs).messages.empty());
  // A confirmed booking cancelled with a refund: the cancellation, METHOD:CANCEL.
  cancelled.refund_amount = 2250;
  cancelled.refund_pending = true;
  auto c = emails_for_change(settings(), &confirmed, cancelled, *cat, kNowMs);
  REQUIRE(c.messages.size() == 1);
  CHECK(c.messages[0].kind == "booking_cancelled");
  CHECK(c.messages[0].data.find("method=CANCEL") != std::string::npos);
  // Mail off: nothing at all.
  MailSettings off = settings();
  off.enabled = false;
  CHECK(emails_for_change(off, nullptr, confirmed, *cat, kNowMs).messages.empty());
  // An address the builder refuses: skipped (reported), never a broken message.
  auto bad = confirmed;
  bad.customer.email = "jo@example.com>\r\nBcc: x@y";
  auto refused = emails_for_change(settings(), nullptr, bad, *cat, kNowMs);
  CHECK(refused.messages.empty());
  CHECK(refused.skipped.size() == 1);
}

TEST_CASE("booking emails: the reminder, to the customer, with what is still due", "[mail]") {
  auto b = booking(BookingStatus::kConfirmed);
  b.quote.due_later = 1500;
  auto built = reminder_emails(settings(), b, *catalog(true), kNowMs);
  CHECK(built.skipped.empty());
  REQUIRE(built.messages.size() == 1);  // no copy to the merchant
  const OutboxMessage& m = built.messages[0];
  CHECK(m.kind == "booking_reminder");
  CHECK_FALSE(m.to_merchant);
  CHECK(m.recipients == std::vector<std::string>{"jo@example.com"});
  CHECK(m.subject.find("Haircut") != std::string::npos);
  CHECK(m.data.find("text/calendar") == std::string::npos);  // the .ics came with the booking
  CHECK(m.data.find("$15.00") != std::string::npos);         // due at the appointment
  MailSettings off = settings();
  off.enabled = false;
  CHECK(reminder_emails(off, b, *catalog(true), kNowMs).messages.empty());
  auto gone = b;
  gone.slot.service = "removed";
  CHECK(reminder_emails(settings(), gone, *catalog(true), kNowMs).skipped.size() == 1);
}

TEST_CASE("outbox worker: refused twice then accepted is sent once, 5xx fails at once", "[mail]") {
  const std::string path = temp_db();
  SqliteStore store(path);
  FakeClock clock;
  Metrics metrics;
  auto built = emails_for_change(settings(), nullptr, booking(BookingStatus::kConfirmed),
                                 *catalog(false), kNowMs);
  REQUIRE(built.messages.size() == 1);
  OutboxMessage doomed = built.messages[0];
  doomed.id = "msg_doomed";
  doomed.recipients = {"nobody@example.com"};
  REQUIRE(write_now(store, [&](BookingTx& tx) {
            tx.queue_message(built.messages[0]);
            tx.queue_message(doomed);
            return true;
          }).committed);

  std::vector<std::string> delivered;
  int refusals = 2;
  OutboxWorker worker(
      store, clock, metrics,
      [&](const slotpay::mail::BuiltMessage& m) {
        slotpay::mail::SendResult r;
        if (m.recipients[0] == "nobody@example.com") {
          r.status = slotpay::mail::SendResult::Status::kPermanentFailure;
          r.smtp_code = 550;
          return r;
        }
        if (refusals > 0) {
          --refusals;
          r.status = slotpay::mail::SendResult::Status::kTemporaryFailure;
          r.smtp_code = 451;
          return r;
        }
        delivered.push_back(m.data);
        r.smtp_code = 250;
        return r;
      },
      OutboxWorkerOptions{"w1", 1000, 10, 60'000, {}});

  auto first = worker.run_once();
  CHECK(first.claimed == 2);
  CHECK(first.retried == 1);
  CHECK(first.failed == 1);
  CHECK(delivered.empty());
  // Not due again before the retry delay (60 s).
  CHECK(worker.run_once().claimed == 0);
  clock.now += 60'000;
  CHECK(worker.run_once().retried == 1);  // refused again; next in 120 s
  clock.now += 119'000;
  CHECK(worker.run_once().claimed == 0);
  clock.now += 1'000;
  auto third = worker.run_once();
  CHECK(third.sent == 1);
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0] == built.messages[0].data);
  clock.now += 3'600'000;
  CHECK(worker.run_once().claimed == 0);  // sent once, never again

  std::optional<OutboxMessage> sent, failed;
  read_now(store, [&](StoreReader& r) {
    sent = r.message(built.messages[0].id);
    failed = r.message("msg_doomed");
  });
  REQUIRE(sent);
  CHECK(sent->status == OutboxStatus::kSent);
  CHECK(sent->attempts == 3);
  CHECK(sent->last_code == 250);
  REQUIRE(failed);
  CHECK(failed->status == OutboxStatus::kFailed);
  CHECK(failed->last_code == 550);
  CHECK(failed->last_error.rfind("rejected_550", 0) == 0);
  const std::string text = metrics.render("");
  CHECK(text.find("slotpay_emails_total{kind=\"booking_confirmed\",result=\"sent\"} 1") !=
        std::string::npos);
  CHECK(text.find("slotpay_emails_total{kind=\"booking_confirmed\",result=\"retry\"} 2") !=
        std::string::npos);
  CHECK(text.find("slotpay_emails_total{kind=\"booking_confirmed\",result=\"failed\"} 1") !=
        std::string::npos);
  store.shutdown();
  fs::remove_all(fs::path(path).parent_path());
}

TEST_CASE("demo outbox: the HTML body decoded, the list escaped", "[mail]") {
  CHECK(http::quoted_printable_decode("caf=C3=A9 =3D x=\r\ny =ZZ") == "café = xy =ZZ");
  auto built = emails_for_change(settings(), nullptr, booking(BookingStatus::kConfirmed),
                                 *catalog(false), kNowMs);
  REQUIRE(built.messages.size() == 1);
  auto html = http::html_body_of(built.messages[0].data);
  REQUIRE(html);
  CHECK(html->find("Haircut") != std::string::npos);
  CHECK(html->find("</html>") != std::string::npos);
  CHECK(html->find("<script") == std::string::npos);
  CHECK_FALSE(http::html_body_of("Subject: x\r\n\r\nplain"));
  OutboxMessage m = built.messages[0];
  m.subject = "<script>alert(1)</script>";
  auto page = http::outbox_list_page({m});
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("&lt;script&gt;") != std::string::npos);
  CHECK(page.find("/demo/outbox/" + m.id) != std::string::npos);
}

// Issue #12 item 2: the customer's zone stored with the booking (checked by the core when
// it was made) is in the facts the templates use; a name the core does not know is not.
TEST_CASE("booking emails: the customer's own zone beside the merchant's", "[mail]") {
  auto cat = catalog(false);
  auto b = booking(BookingStatus::kConfirmed);
  CHECK_FALSE(booking_facts(b, *cat)->customer_zone);
  b.customer_zone = "Europe/Paris";
  auto facts = booking_facts(b, *cat);
  REQUIRE(facts->customer_zone);
  CHECK(facts->customer_zone->name() == "Europe/Paris");
  auto built = emails_for_change(settings(), nullptr, b, *cat, kNowMs);
  REQUIRE(built.messages.size() == 1);
  CHECK(built.messages[0].data.find("Your time") != std::string::npos);
  b.customer_zone = "Mars/Olympus_Mons";
  CHECK_FALSE(booking_facts(b, *cat)->customer_zone);
}
