// A booking's payment history and customer search (server/app/booking_history.hpp): the
// records the store keeps beside a booking turned into the dashboard's history, in time
// order, saying what the records do not tell.
#include "app/booking_history.hpp"

#include <catch2/catch.hpp>

#include "app/booking_charges.hpp"

using namespace slotpay::server;
using ojson = nlohmann::ordered_json;

namespace {

constexpr int64_t kBooked = 1'800'000'000'000;  // 2027-01-15T08:00:00Z

BookingRecord paid_booking() {
  BookingRecord b;
  b.id = "bk_1";
  b.merchant_id = "m_1";
  b.status = BookingStatus::kConfirmed;
  b.quote.currency = slotpay::find_currency("usd", "").value();
  b.quote.total = 8000;
  b.quote.due_now = 8000;
  b.payment_mode = "stripe";
  b.amount = 8000;
  b.payment_intent_id = "pi_own";
  b.paid_amount = 8000;
  b.created_at_ms = kBooked;
  b.updated_at_ms = kBooked + 60'000;
  b.customer.name = "Grace Hopper";
  b.customer.email = "Grace@Example.com";
  return b;
}

RefundRecord refund(const std::string& id, int64_t amount, const std::string& status,
                    int64_t at_ms) {
  RefundRecord r;
  r.id = id;
  r.booking_id = "bk_1";
  r.amount = amount;
  r.currency = "usd";
  r.status = status;
  r.created_at_ms = r.updated_at_ms = at_ms;
  return r;
}

PayLinkRecord link(const std::string& id, int64_t amount, const std::string& status,
                   int64_t created_ms, int64_t paid_ms) {
  PayLinkRecord l;
  l.id = id;
  l.booking_id = "bk_1";
  l.merchant_id = "m_1";
  l.amount = amount;
  l.currency = "usd";
  l.status = status;
  l.payment_intent_id = status == "paid" ? "pi_" + id : "";
  l.created_at_ms = created_ms;
  l.expires_at_ms = created_ms + 86'400'000;
  l.paid_at_ms = paid_ms;
  return l;
}

std::vector<std::string> types(const ojson& history) {
  std::vector<std::string> out;
  for (const auto& e : history) out.push_back(e["type"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("a booking paid in full: one payment at the booking's creation", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  const ojson h = payment_history(r, nullptr);
  REQUIRE(h.size() == 1);
  CHECK(h[0] == ojson::parse(R"({"type":"payment","at":"2027-01-15T08:00:00+00:00",
      "amount":8000,"currency":"usd","payment_intent":"pi_own","for":"booking",
      "pay_link":null,"at_source":"booking_created"})"));
}

TEST_CASE("times are written in the merchant's zone", "[history]") {
  auto zone = slotpay::TimeZone::find("America/New_York");
  REQUIRE(zone.ok());
  BookingRecords r{paid_booking(), {}, {}, {}};
  CHECK(payment_history(r, &zone.value())[0]["at"] == "2027-01-15T03:00:00-05:00");
}

TEST_CASE("a deposit, a partial refund by the merchant, a dispute, in time order", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.quote.due_now = 2000;
  r.booking.quote.due_later = 6000;
  r.booking.paid_amount = 2000;
  r.booking.refunded_amount = 500;
  r.booking.disputed = true;
  DisputeRecord d;
  d.id = "dp_1";
  d.booking_id = "bk_1";
  d.amount = 1500;
  d.currency = "usd";
  d.reason = "fraudulent";
  d.status = "needs_response";
  d.evidence_due_by_s = 1'800'864'000;  // 2027-01-25T08:00:00Z
  d.created_at_ms = kBooked + 7'200'000;
  DisputeRecord other = d;
  other.id = "dp_other";
  other.booking_id = "bk_2";
  r.disputes = {d, other};
  r.refunds = {refund("re_1", 500, "succeeded", kBooked + 3'600'000)};
  const ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"payment", "refund", "dispute"});
  CHECK(h[0]["for"] == "deposit");
  CHECK(h[0]["amount"] == 2000);
  CHECK(h[1] == ojson::parse(R"({"type":"refund","at":"2027-01-15T09:00:00+00:00","amount":500,
      "currency":"usd","id":"re_1","status":"succeeded","payment_intent":"pi_own","reason":null,
      "application_fee_refunded":null,"by":"merchant_or_stripe_dashboard"})"));
  CHECK(h[2] == ojson::parse(R"({"type":"dispute","at":"2027-01-15T10:00:00+00:00","amount":1500,
      "currency":"usd","id":"dp_1","reason":"fraudulent","status":"needs_response",
      "evidence_due_by":"2027-01-25T08:00:00+00:00","amount_at_stake":1500})"));
}

TEST_CASE("the booking's own refund says who and why, another refund does not", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.status = BookingStatus::kCancelled;
  r.booking.refund_id = "re_cancel";
  r.booking.refund_reason = "customer_cancel";
  r.booking.refund_amount = 6000;
  r.booking.refund_application_fee = false;
  r.refunds = {refund("re_cancel", 6000, "succeeded", kBooked + 2000),
               refund("re_merchant", 1000, "failed", kBooked + 1000)};
  const ojson h = payment_history(r, nullptr);
  REQUIRE(h.size() == 3);
  CHECK(h[1]["id"] == "re_merchant");
  CHECK(h[1]["by"] == "merchant_or_stripe_dashboard");
  CHECK(h[1]["status"] == "failed");
  CHECK(h[2]["id"] == "re_cancel");
  CHECK(h[2]["by"] == "customer_cancel");
  CHECK(h[2]["reason"] == "customer_cancel");
  CHECK(h[2]["application_fee_refunded"] == false);

  const std::vector<std::pair<std::string, std::string>> reasons = {
      {"merchant_cancel", "merchant"},
      {"no_show", "merchant"},
      {"slot_gone", "slotpay"},
      {"cancelled_before_payment", "slotpay"},
      {"something_new", "unknown"}};
  for (const auto& [reason, by] : reasons) {
    r.booking.refund_reason = reason;
    CHECK(payment_history(r, nullptr)[2]["by"] == by);
  }
}

TEST_CASE("a refund decided but not yet reported by Stripe shows as pending", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.refund_pending = true;
  r.booking.refund_reason = "merchant_cancel";
  r.booking.refund_amount = 8000;
  r.booking.refund_application_fee = true;
  ojson h = payment_history(r, nullptr);
  REQUIRE(h.size() == 2);
  CHECK(h[1] == ojson::parse(R"({"type":"refund","at":"2027-01-15T08:01:00+00:00","amount":8000,
      "currency":"usd","id":null,"status":"pending","payment_intent":null,"reason":"merchant_cancel",
      "application_fee_refunded":true,"by":"merchant"})"));
  // Accepted by Stripe (its id known), no refund event yet: still one entry, with the id.
  r.booking.refund_pending = false;
  r.booking.refund_id = "re_auto";
  r.booking.refunded_amount = 8000;
  h = payment_history(r, nullptr);
  REQUIRE(h.size() == 2);
  CHECK(h[1]["id"] == "re_auto");
}

TEST_CASE("refunded per Stripe's charge total with no refund record: an unknown refund",
          "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.refunded_amount = 3000;
  r.refunds = {refund("re_1", 1000, "succeeded", kBooked + 1000)};
  const ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"payment", "refund", "refund"});
  CHECK(h[2]["amount"] == 2000);
  CHECK(h[2]["by"] == "unknown");
  CHECK(h[2]["id"].is_null());
}

TEST_CASE("an automatic refund made on two charges: both parts are the booking's own",
          "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.status = BookingStatus::kCancelled;
  r.booking.refund_reason = "merchant_cancel";
  r.booking.refund_amount = 8000;
  r.booking.refund_pending = true;  // part 0 made, part 1 not yet
  auto part0 = refund("re_a", 6000, "succeeded", kBooked + 1000);
  part0.payment_intent_id = "pi_pl_1";
  part0.origin = "booking";
  r.refunds = {part0};
  ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"payment", "refund", "refund"});
  CHECK(h[1]["id"] == "re_a");
  CHECK(h[1]["payment_intent"] == "pi_pl_1");
  CHECK(h[1]["by"] == "merchant");
  CHECK(h[2]["status"] == "pending");
  CHECK(h[2]["amount"] == 2000);  // only what is still to be made
  // Both made and accepted: two entries, each on its charge, nothing pending.
  auto part1 = refund("re_b", 2000, "succeeded", kBooked + 1001);
  part1.origin = "booking";  // a row from before: on the booking's own PaymentIntent
  r.refunds = {part0, part1};
  r.booking.refund_pending = false;
  r.booking.refund_id = "re_a";
  h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"payment", "refund", "refund"});
  CHECK(h[2]["payment_intent"] == "pi_own");
  CHECK(h[2]["by"] == "merchant");
}

TEST_CASE("a balance paid after the cancel, given back by itself: Slotpay's refund, and why",
          "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.status = BookingStatus::kCancelled;
  r.booking.stripe_account = "acct_1";
  r.booking.quote.due_now = 2000;
  r.booking.paid_amount = 8000;  // 2000 deposit + 6000 by the link, after the cancel
  r.booking.refund_reason = "merchant_cancel";
  r.booking.refund_amount = 2000;
  r.booking.refund_id = "re_dep";
  r.booking.refund_application_fee = true;
  auto deposit_back = refund("re_dep", 2000, "succeeded", kBooked + 1000);
  deposit_back.origin = "booking";
  auto late_back = refund("re_late", 6000, "pending", kBooked + 6000);
  late_back.origin = std::string(kLateRefundOrigin);
  late_back.payment_intent_id = "pi_pl_1";
  PayLinkRecord paid = link("pl_1", 6000, "paid", kBooked + 500, kBooked + 5000);
  paid.late = true;
  r.pay_links = {paid};
  r.refunds = {deposit_back, late_back};
  ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) ==
          std::vector<std::string>{"payment", "pay_link", "refund", "payment", "refund"});
  CHECK(h[2]["by"] == "merchant");
  CHECK(h[4] == ojson::parse(R"({"type":"refund","at":"2027-01-15T08:00:06+00:00",
      "amount":6000,"currency":"usd","id":"re_late","status":"pending",
      "payment_intent":"pi_pl_1","reason":"paid_after_cancel",
      "application_fee_refunded":true,"by":"slotpay"})"));
  // With the merchant's own keys there is no platform fee to speak of.
  r.booking.merchant_keys = true;
  h = payment_history(r, nullptr);
  CHECK(h[4]["application_fee_refunded"].is_null());
}

TEST_CASE("a deposit's balance paid by link: the link, used, and its payment", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.quote.due_now = 2000;
  r.booking.quote.due_later = 6000;
  r.booking.paid_amount = 8000;  // 2000 deposit + 6000 by the link
  const auto paid = link("pl_1", 6000, "paid", kBooked + 1000, kBooked + 5000);
  r.pay_links = {paid, paid};  // newest and paying: listed once
  const ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"payment", "pay_link", "payment"});
  CHECK(h[0]["for"] == "deposit");
  CHECK(h[0]["amount"] == 2000);
  CHECK(h[1] == ojson::parse(R"({"type":"pay_link","at":"2027-01-15T08:00:01+00:00",
      "amount":6000,"currency":"usd","id":"pl_1","status":"paid","used":true,
      "expires_at":"2027-01-16T08:00:01+00:00","paid_at":"2027-01-15T08:00:05+00:00"})"));
  CHECK(h[2] == ojson::parse(R"({"type":"payment","at":"2027-01-15T08:00:05+00:00",
      "amount":6000,"currency":"usd","payment_intent":"pi_pl_1","for":"balance",
      "pay_link":"pl_1","at_source":"recorded"})"));
}

TEST_CASE("a phone booking paid by link: its one payment is for the booking", "[history]") {
  BookingRecords r{paid_booking(), {}, {}, {}};
  r.booking.amount = 0;
  r.booking.payment_intent_id = "pi_pl_2";  // the link's, taken as the booking's own
  const auto open = link("pl_1", 8000, "open", kBooked + 100, 0);
  const auto paid = link("pl_2", 8000, "paid", kBooked + 200, kBooked + 900);
  PayLinkRecord foreign = link("pl_9", 1, "paid", kBooked, kBooked);
  foreign.booking_id = "bk_2";
  r.pay_links = {paid, open, foreign};
  const ojson h = payment_history(r, nullptr);
  REQUIRE(types(h) == std::vector<std::string>{"pay_link", "pay_link", "payment"});
  CHECK(h[0]["id"] == "pl_1");
  CHECK(h[0]["used"] == false);
  CHECK(h[0]["paid_at"].is_null());
  CHECK(h[2]["for"] == "booking");
  CHECK(h[2]["payment_intent"] == "pi_pl_2");
}

TEST_CASE("nothing paid: an empty history", "[history]") {
  BookingRecord b = paid_booking();
  b.paid_amount = 0;
  b.payment_intent_id.clear();
  CHECK(payment_history(BookingRecords{b, {}, {}, {}}, nullptr) == ojson::array());
}

TEST_CASE("the customer as stored", "[history]") {
  BookingRecord b = paid_booking();
  CHECK(customer_view(b) == ojson::parse(R"({"name":"Grace Hopper","email":"Grace@Example.com",
      "phone":null,"language":null,"time_zone":null})"));
  b.customer.phone = "+15551234567";
  b.customer_locale = "pt-BR";
  b.customer_zone = "America/Sao_Paulo";
  CHECK(customer_view(b)["phone"] == "+15551234567");
  CHECK(customer_view(b)["language"] == "pt-BR");
  CHECK(customer_view(b)["time_zone"] == "America/Sao_Paulo");
}

TEST_CASE("customer search: name or email, case-insensitive, bounded", "[history]") {
  const BookingRecord b = paid_booking();
  std::string needle;
  REQUIRE_FALSE(search_needle("  GRACE ", needle));
  CHECK(needle == "grace");
  CHECK(customer_matches(b, needle));
  REQUIRE_FALSE(search_needle("example.COM", needle));
  CHECK(customer_matches(b, needle));
  REQUIRE_FALSE(search_needle("hopper x", needle));
  CHECK_FALSE(customer_matches(b, needle));
  REQUIRE_FALSE(search_needle("", needle));
  CHECK(customer_matches(b, needle));
  REQUIRE_FALSE(search_needle(std::string(100, 'a'), needle));
  auto too_long = search_needle(std::string(101, 'a'), needle);
  REQUIRE(too_long);
  CHECK(too_long->code == "invalid_field");
  CHECK(too_long->field == "q");
  CHECK_FALSE(customer_matches(b, std::string(40, 'g')));
}
