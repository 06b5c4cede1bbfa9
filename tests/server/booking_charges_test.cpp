// A booking's charges and a refund spread over them (server/app/booking_charges.hpp): the
// deposit and the balance by link are two charges; a refund takes the newest first, never
// more than a charge's remainder, and a retry plans the same parts.
#include "app/booking_charges.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

namespace {

BookingRecord deposit_booking(int64_t paid) {
  BookingRecord b;
  b.id = "bk_1";
  b.status = BookingStatus::kConfirmed;
  b.payment_mode = "stripe";
  b.payment_intent_id = "pi_dep";
  b.paid_amount = paid;
  b.quote.currency = slotpay::find_currency("usd", "currency").value();
  return b;
}

PayLinkRecord paid_link(const std::string& id, const std::string& pi, int64_t amount,
                        int64_t paid_at = 1000) {
  PayLinkRecord l;
  l.id = id;
  l.booking_id = "bk_1";
  l.amount = amount;
  l.currency = "usd";
  l.status = "paid";
  l.payment_intent_id = pi;
  l.paid_at_ms = paid_at;
  return l;
}

RefundRecord refund(const std::string& id, const std::string& pi, int64_t amount,
                    const std::string& origin = "", const std::string& status = "succeeded") {
  RefundRecord r;
  r.id = id;
  r.booking_id = "bk_1";
  r.payment_intent_id = pi;
  r.amount = amount;
  r.currency = "usd";
  r.status = status;
  r.origin = origin;
  return r;
}

}  // namespace

TEST_CASE("charges: the deposit, then each paid link, oldest first", "[charges]") {
  // A 3000 deposit, then a 7000 balance by link: paid_amount 10000 in two charges.
  auto b = deposit_booking(10000);
  auto link = paid_link("pl_1", "pi_bal", 7000);
  CHECK(booking_charges(b, {link}) == std::vector<Charge>{{"pi_dep", 3000}, {"pi_bal", 7000}});
  // Nothing by link: one charge, the whole payment.
  CHECK(booking_charges(b, {}) == std::vector<Charge>{{"pi_dep", 10000}});
  // An open link, another booking's link, or the same link twice add nothing.
  auto open = paid_link("pl_2", "pi_open", 500);
  open.status = "open";
  auto other = paid_link("pl_3", "pi_x", 800);
  other.booking_id = "bk_2";
  CHECK(booking_charges(b, {link, open, other, link}) ==
        std::vector<Charge>{{"pi_dep", 3000}, {"pi_bal", 7000}});
}

TEST_CASE("charges: a link paying with the booking's own PaymentIntent is that charge",
          "[charges]") {
  // A phone booking: its link's PaymentIntent became the booking's own.
  auto phone = deposit_booking(4500);
  phone.payment_intent_id = "pi_link";
  CHECK(booking_charges(phone, {paid_link("pl_1", "pi_link", 4500)}) ==
        std::vector<Charge>{{"pi_link", 4500}});
  // A saved card with nothing paid at booking (a SetupIntent) charges nothing by itself.
  auto saved = deposit_booking(0);
  saved.payment_intent_id = "seti_1";
  CHECK(booking_charges(saved, {}).empty());
  // Not paid online: no charges whatever the record says.
  auto venue = deposit_booking(5000);
  venue.payment_mode = "pay_at_venue";
  CHECK(booking_charges(venue, {}).empty());
}

TEST_CASE("refunded by charge: live refunds by PaymentIntent, old rows on the booking's own",
          "[charges]") {
  auto b = deposit_booking(10000);
  std::vector<RefundRecord> refunds{refund("re_1", "pi_bal", 2000, "merchant:aa"),
                                    refund("re_2", "", 500),  // a row from before: own PI
                                    refund("re_3", "pi_dep", 700, "", "failed"),
                                    refund("re_4", "pi_dep", 300, "booking", "pending")};
  auto by = refunded_by_charge(b, refunds);
  CHECK(by == std::map<std::string, int64_t>{{"pi_bal", 2000}, {"pi_dep", 800}});
  // A retry of the merchant refund "aa" plans as if its own refunds were not there.
  CHECK(refunded_by_charge(b, refunds, "merchant:aa") ==
        std::map<std::string, int64_t>{{"pi_dep", 800}});
  CHECK(refunded_by_charge(b, refunds, "booking") ==
        std::map<std::string, int64_t>{{"pi_bal", 2000}, {"pi_dep", 500}});
  // Before any refund event, Stripe's charge.refunded total counts, on the own charge.
  auto told = deposit_booking(10000);
  told.refunded_amount = 1200;
  CHECK(refunded_by_charge(told, {}) == std::map<std::string, int64_t>{{"pi_dep", 1200}});
}

TEST_CASE("allocate: newest charge first, never more than a charge's remainder", "[charges]") {
  const std::vector<Charge> charges{{"pi_dep", 3000}, {"pi_bal", 7000}};
  // Within the balance: one part, on the balance.
  CHECK(allocate_refund(charges, {}, 5000) == std::vector<RefundPart>{{"pi_bal", 5000}});
  // Beyond it: the balance in full, then the deposit.
  CHECK(allocate_refund(charges, {}, 8500) ==
        std::vector<RefundPart>{{"pi_bal", 7000}, {"pi_dep", 1500}});
  CHECK(allocate_refund(charges, {}, 10000) ==
        std::vector<RefundPart>{{"pi_bal", 7000}, {"pi_dep", 3000}});
  // What was refunded before is taken off each charge.
  std::map<std::string, int64_t> refunded{{"pi_bal", 6000}, {"pi_dep", 1000}};
  CHECK(charges_remaining(charges, refunded) == 3000);
  CHECK(allocate_refund(charges, refunded, 2500) ==
        std::vector<RefundPart>{{"pi_bal", 1000}, {"pi_dep", 1500}});
  // A charge refunded in full gives no part.
  CHECK(allocate_refund(charges, {{"pi_bal", 7000}}, 100) ==
        std::vector<RefundPart>{{"pi_dep", 100}});
  // More than is left, nothing, or a negative amount: no plan.
  CHECK_FALSE(allocate_refund(charges, refunded, 3001));
  CHECK_FALSE(allocate_refund(charges, {}, 10001));
  CHECK_FALSE(allocate_refund(charges, {}, 0));
  CHECK_FALSE(allocate_refund(charges, {}, -5));
  CHECK_FALSE(allocate_refund({}, {}, 1));
  // Over-refunded charges (a refund Stripe reported twice) count as 0 left, not negative.
  CHECK(charges_remaining(charges, {{"pi_bal", 9000}}) == 3000);
}

TEST_CASE("allocate: a retry that ignores its own origin plans the same parts", "[charges]") {
  auto b = deposit_booking(10000);
  auto links = std::vector<PayLinkRecord>{paid_link("pl_1", "pi_bal", 7000)};
  // A dashboard refund of 1000 on the balance happened first.
  std::vector<RefundRecord> refunds{refund("re_0", "pi_bal", 1000)};
  const auto charges = booking_charges(b, links);
  auto first = allocate_refund(charges, refunded_by_charge(b, refunds, "merchant:k"), 8000);
  REQUIRE(first);
  CHECK(*first == std::vector<RefundPart>{{"pi_bal", 6000}, {"pi_dep", 2000}});
  // Part 0 was made, part 1 failed: the retry with the same key plans the same two parts.
  refunds.push_back(refund("re_1", "pi_bal", 6000, "merchant:k"));
  auto retry = allocate_refund(charges, refunded_by_charge(b, refunds, "merchant:k"), 8000);
  REQUIRE(retry);
  CHECK(*retry == *first);
  // Another request (another origin) sees that refund: the deposit's 3000 is left.
  auto other = refunded_by_charge(b, refunds, "merchant:other");
  CHECK(charges_remaining(charges, other) == 3000);
  CHECK_FALSE(allocate_refund(charges, other, 8000));
}

TEST_CASE("refund keys and origins", "[charges]") {
  CHECK(refund_part_key("booking_bk_1_refund", 0) == "booking_bk_1_refund");
  CHECK(refund_part_key("booking_bk_1_refund", 1) == "booking_bk_1_refund_1");
  CHECK(refund_part_key("merchant_refund_bk_1_ab", 2) == "merchant_refund_bk_1_ab_2");
  const std::string origin = merchant_refund_origin("click-1");
  CHECK(origin.rfind("merchant:", 0) == 0);
  CHECK(origin.size() == 9 + 32);
  CHECK(origin == merchant_refund_origin("click-1"));
  CHECK(origin != merchant_refund_origin("click-2"));
}

TEST_CASE("late links: paid after the cancel, given back by themselves in full", "[charges]") {
  // A 3000 deposit refunded in full at the merchant's cancel; then the 7000 balance link,
  // whose page was open, was paid: paid_amount 10000, the link marked late.
  auto b = deposit_booking(10000);
  b.status = BookingStatus::kCancelled;
  auto late = paid_link("pl_1", "pi_bal", 7000);
  late.late = true;
  const std::vector<RefundRecord> cancel_refund{refund("re_dep", "pi_dep", 3000, "booking")};
  // Not one of the booking's charges, but still counted out of the deposit's share.
  CHECK(booking_charges(b, {late}) == std::vector<Charge>{{"pi_dep", 3000}});
  // The cancellation's refund, planned again, is what it was: the deposit alone.
  CHECK(plan_booking_refund(b, cancel_refund, {late}, 3000) ==
        std::vector<RefundPart>{{"pi_dep", 3000}});
  CHECK(late_refunds_owed(b, {late}, cancel_refund) ==
        std::vector<LateRefund>{{"pl_1", {"pi_bal", 7000}}});
  CHECK(late_refund_key("pl_1") == "paylink_pl_1_refund");
  // Once its refund is recorded (pending counts), nothing is owed; a failed one does not
  // give anything back, so the link is owed again.
  auto given = cancel_refund;
  given.push_back(refund("re_late", "pi_bal", 7000, std::string(kLateRefundOrigin), "pending"));
  CHECK(late_refunds_owed(b, {late}, given).empty());
  given.back().status = "failed";
  CHECK(late_refunds_owed(b, {late}, given) == std::vector<LateRefund>{{"pl_1", {"pi_bal", 7000}}});
  // Part refunded elsewhere (Stripe's dashboard): what is left.
  given.back() = refund("re_dash", "pi_bal", 2000);
  CHECK(late_refunds_owed(b, {late}, given) == std::vector<LateRefund>{{"pl_1", {"pi_bal", 5000}}});
  // A link paid in time is none of this.
  CHECK(late_refunds_owed(b, {paid_link("pl_2", "pi_ok", 7000)}, cancel_refund).empty());
}
