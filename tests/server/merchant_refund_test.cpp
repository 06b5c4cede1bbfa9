// A merchant's refund (server/app/merchant_refund.hpp): the request as read, what is left
// to refund whatever order Stripe's events came in, and what is asked of Stripe.
#include "app/merchant_refund.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;
using json = nlohmann::json;

namespace {

BookingRecord paid_booking(int64_t paid) {
  BookingRecord b;
  b.id = "bk_1";
  b.merchant_id = "m1";
  b.status = BookingStatus::kConfirmed;
  b.payment_mode = "stripe";
  b.payment_intent_id = "pi_1";
  b.stripe_account = "acct_1";
  b.paid_amount = paid;
  b.amount = paid;
  b.quote.currency = slotpay::find_currency("usd", "currency").value();
  return b;
}

RefundRecord refund(const std::string& id, int64_t amount, const std::string& status) {
  RefundRecord r;
  r.id = id;
  r.booking_id = "bk_1";
  r.amount = amount;
  r.currency = "usd";
  r.status = status;
  return r;
}

MerchantRefundRequest request(int64_t amount) {
  MerchantRefundRequest r;
  r.amount = amount;
  r.idempotency_key = "click-1";
  return r;
}

std::string code_of(const std::variant<RefundPlan, ApiError>& v) {
  return std::holds_alternative<ApiError>(v) ? std::get<ApiError>(v).code : "";
}

}  // namespace

TEST_CASE("merchant refund request: amount and Idempotency-Key are required", "[refund]") {
  auto missing_key = parse_refund_request(json{{"amount", 500}}, "");
  REQUIRE(std::holds_alternative<ApiError>(missing_key));
  CHECK(std::get<ApiError>(missing_key).code == "missing_field");
  CHECK(std::get<ApiError>(missing_key).field == "Idempotency-Key");

  auto missing_amount = parse_refund_request(json::object(), "k");
  REQUIRE(std::holds_alternative<ApiError>(missing_amount));
  CHECK(std::get<ApiError>(missing_amount).field == "amount");

  for (const json& bad : {json(0), json(-5), json(1.5), json("500")}) {
    auto v = parse_refund_request(json{{"amount", bad}}, "k");
    REQUIRE(std::holds_alternative<ApiError>(v));
    CHECK(std::get<ApiError>(v).code == "invalid_field");
    CHECK(std::get<ApiError>(v).field == "amount");
  }
  auto long_key = parse_refund_request(json{{"amount", 1}}, std::string(256, 'k'));
  REQUIRE(std::holds_alternative<ApiError>(long_key));
  CHECK(std::get<ApiError>(long_key).field == "Idempotency-Key");
  auto control = parse_refund_request(json{{"amount", 1}}, "a\r\nb");
  REQUIRE(std::holds_alternative<ApiError>(control));
}

TEST_CASE("merchant refund request: reason, note and unknown fields", "[refund]") {
  auto ok = parse_refund_request(json{{"amount", 700},
                                      {"refund_application_fee", true},
                                      {"reason", "duplicate"},
                                      {"note", "charged twice"}},
                                 "k1");
  REQUIRE(std::holds_alternative<MerchantRefundRequest>(ok));
  const auto& r = std::get<MerchantRefundRequest>(ok);
  CHECK(r.amount == 700);
  CHECK(r.refund_application_fee);
  CHECK(r.reason == "duplicate");
  CHECK(r.note == "charged twice");
  CHECK(r.idempotency_key == "k1");

  auto bad_reason = parse_refund_request(json{{"amount", 1}, {"reason", "because"}}, "k");
  REQUIRE(std::holds_alternative<ApiError>(bad_reason));
  CHECK(std::get<ApiError>(bad_reason).field == "reason");
  auto unknown = parse_refund_request(json{{"amount", 1}, {"amout", 2}}, "k");
  REQUIRE(std::holds_alternative<ApiError>(unknown));
  CHECK(std::get<ApiError>(unknown).code == "unknown_field");
  auto not_object = parse_refund_request(json::array(), "k");
  REQUIRE(std::holds_alternative<ApiError>(not_object));
  CHECK(std::get<ApiError>(not_object).code == "invalid_json");
}

TEST_CASE("refunded so far: failed refunds give nothing back", "[refund]") {
  auto b = paid_booking(10000);
  CHECK(refunded_so_far(b, {}) == 0);
  CHECK(refundable_amount(b, {}) == 10000);
  std::vector<RefundRecord> rs = {refund("re_1", 2500, "succeeded"),
                                  refund("re_2", 1000, "pending"), refund("re_3", 4000, "failed")};
  CHECK(refunded_so_far(b, rs) == 3500);
  CHECK(refundable_amount(b, rs) == 6500);
}

TEST_CASE("refunded so far: the automatic refund counts until its event arrives", "[refund]") {
  auto b = paid_booking(10000);
  b.refund_id = "re_auto";
  b.refund_amount = 3000;
  b.refunded_amount = 3000;
  CHECK(refunded_so_far(b, {}) == 3000);
  // Another refund's event came first: the automatic one still counts once.
  CHECK(refunded_so_far(b, {refund("re_x", 1000, "succeeded")}) == 4000);
  // Its own event came: counted from the record, not twice.
  CHECK(refunded_so_far(
            b, {refund("re_x", 1000, "succeeded"), refund("re_auto", 3000, "succeeded")}) == 4000);
  // Before any refund event, Stripe's charge.refunded total (a dashboard refund).
  auto dashboard = paid_booking(10000);
  dashboard.refunded_amount = 1200;
  CHECK(refunded_so_far(dashboard, {}) == 1200);
}

TEST_CASE("merchant refund plan: within what is left, then refused", "[refund]") {
  auto b = paid_booking(10000);
  auto first = plan_merchant_refund(b, {}, {}, request(4000));
  REQUIRE(std::holds_alternative<RefundPlan>(first));
  const auto& plan = std::get<RefundPlan>(first);
  REQUIRE(plan.parts.size() == 1);
  const auto& p = plan.parts[0];
  CHECK(p.params["payment_intent"] == "pi_1");
  CHECK(p.params["amount"] == 4000);
  CHECK(p.params["metadata"]["booking_id"] == "bk_1");
  CHECK(p.params["metadata"]["origin"] == plan.origin);
  CHECK(plan.origin.rfind("merchant:", 0) == 0);
  CHECK_FALSE(p.params.contains("refund_application_fee"));

  std::vector<RefundRecord> after = {refund("re_1", 4000, "succeeded")};
  CHECK(std::holds_alternative<RefundPlan>(plan_merchant_refund(b, after, {}, request(6000))));
  auto beyond = plan_merchant_refund(b, after, {}, request(6001));
  CHECK(code_of(beyond) == "refund_exceeds_remaining");
  CHECK(std::get<ApiError>(beyond).field == "amount");
  CHECK(std::get<ApiError>(beyond).details["refundable"] == 6000);

  std::vector<RefundRecord> all = {refund("re_1", 4000, "succeeded"),
                                   refund("re_2", 6000, "succeeded")};
  CHECK(code_of(plan_merchant_refund(b, all, {}, request(1))) == "nothing_to_refund");
  // A refund that failed gives its amount back to refund.
  all[1].status = "failed";
  CHECK(std::holds_alternative<RefundPlan>(plan_merchant_refund(b, all, {}, request(6000))));
}

TEST_CASE("merchant refund plan: the same key gives Stripe the same idempotency key", "[refund]") {
  auto b = paid_booking(10000);
  auto a = std::get<RefundPlan>(plan_merchant_refund(b, {}, {}, request(100)));
  auto again = std::get<RefundPlan>(plan_merchant_refund(b, {}, {}, request(100)));
  auto other_req = request(100);
  other_req.idempotency_key = "click-2";
  auto other = std::get<RefundPlan>(plan_merchant_refund(b, {}, {}, other_req));
  CHECK(a.parts[0].stripe_idempotency_key == again.parts[0].stripe_idempotency_key);
  CHECK(a.parts[0].stripe_idempotency_key != other.parts[0].stripe_idempotency_key);
  CHECK(a.parts[0].stripe_idempotency_key.rfind("merchant_refund_bk_1_", 0) == 0);
  // Another booking with the same merchant key is another refund.
  auto b2 = paid_booking(10000);
  b2.id = "bk_2";
  CHECK(std::get<RefundPlan>(plan_merchant_refund(b2, {}, {}, request(100)))
            .parts[0]
            .stripe_idempotency_key != a.parts[0].stripe_idempotency_key);
}

TEST_CASE("merchant refund plan: application fee only on Connect direct charges", "[refund]") {
  auto req = request(100);
  req.refund_application_fee = true;
  auto connect = paid_booking(1000);
  CHECK(std::get<RefundPlan>(plan_merchant_refund(connect, {}, {}, req))
            .parts[0]
            .params["refund_application_fee"] == true);
  auto own_keys = paid_booking(1000);
  own_keys.merchant_keys = true;
  CHECK_FALSE(std::get<RefundPlan>(plan_merchant_refund(own_keys, {}, {}, req))
                  .parts[0]
                  .params.contains("refund_application_fee"));
  auto platform = paid_booking(1000);
  platform.stripe_account.clear();
  CHECK_FALSE(std::get<RefundPlan>(plan_merchant_refund(platform, {}, {}, req))
                  .parts[0]
                  .params.contains("refund_application_fee"));
}

TEST_CASE("merchant refund plan: refused when nothing was paid, disputed or busy", "[refund]") {
  auto free_booking = paid_booking(0);
  free_booking.payment_mode = "free";
  CHECK(code_of(plan_merchant_refund(free_booking, {}, {}, request(1))) == "nothing_to_refund");
  auto venue = paid_booking(1000);
  venue.payment_mode = "pay_at_venue";
  CHECK(code_of(plan_merchant_refund(venue, {}, {}, request(1))) == "nothing_to_refund");
  auto disputed = paid_booking(1000);
  disputed.disputed = true;
  CHECK(code_of(plan_merchant_refund(disputed, {}, {}, request(1))) == "booking_disputed");
  auto busy = paid_booking(1000);
  busy.refund_pending = true;
  busy.refund_amount = 1000;
  CHECK(code_of(plan_merchant_refund(busy, {}, {}, request(1))) == "refund_in_progress");
}

TEST_CASE("merchant refund plan: beyond the deposit, one refund per charge, newest first",
          "[refund]") {
  // A 3000 deposit, then the 7000 balance paid by link: two charges.
  auto b = paid_booking(10000);
  PayLinkRecord link;
  link.id = "pl_1";
  link.booking_id = "bk_1";
  link.amount = 7000;
  link.currency = "usd";
  link.status = "paid";
  link.payment_intent_id = "pi_bal";
  auto planned = plan_merchant_refund(b, {}, {link}, request(8000));
  REQUIRE(std::holds_alternative<RefundPlan>(planned));
  const auto& plan = std::get<RefundPlan>(planned);
  REQUIRE(plan.parts.size() == 2);
  CHECK(plan.parts[0].params["payment_intent"] == "pi_bal");
  CHECK(plan.parts[0].params["amount"] == 7000);
  CHECK(plan.parts[1].params["payment_intent"] == "pi_1");
  CHECK(plan.parts[1].params["amount"] == 1000);
  CHECK(plan.parts[1].stripe_idempotency_key == plan.parts[0].stripe_idempotency_key + "_1");
  CHECK(plan.parts[1].params["metadata"]["origin"] == plan.origin);

  // Part 0 was made and part 1 failed: the same request plans the same parts again.
  RefundRecord made = refund("re_1", 7000, "succeeded");
  made.payment_intent_id = "pi_bal";
  made.origin = plan.origin;
  auto again = plan_merchant_refund(b, {made}, {link}, request(8000));
  REQUIRE(std::holds_alternative<RefundPlan>(again));
  CHECK(std::get<RefundPlan>(again).parts.size() == 2);
  CHECK(std::get<RefundPlan>(again).parts[1].params["amount"] == 1000);
  CHECK(std::get<RefundPlan>(again).parts[1].stripe_idempotency_key ==
        plan.parts[1].stripe_idempotency_key);
  // Another request sees that refund: 3000 left, on the deposit only.
  auto other = request(3001);
  other.idempotency_key = "click-2";
  auto beyond = plan_merchant_refund(b, {made}, {link}, other);
  CHECK(code_of(beyond) == "refund_exceeds_remaining");
  CHECK(std::get<ApiError>(beyond).details["refundable"] == 3000);
  other.amount = 3000;
  auto rest = plan_merchant_refund(b, {made}, {link}, other);
  REQUIRE(std::holds_alternative<RefundPlan>(rest));
  REQUIRE(std::get<RefundPlan>(rest).parts.size() == 1);
  CHECK(std::get<RefundPlan>(rest).parts[0].params["payment_intent"] == "pi_1");
  // The whole payment at once was more than the deposit charge alone could give.
  CHECK(code_of(plan_merchant_refund(b, {}, {link}, request(10001))) == "refund_exceeds_remaining");
  CHECK(std::get<RefundPlan>(plan_merchant_refund(b, {}, {link}, request(10000))).parts.size() ==
        2);
}
