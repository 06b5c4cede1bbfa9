// Issue #9: the hold caps and coupon redemption caps (pure decisions), the counts the
// SQLite store gives them, the client key (IPv6 by /64) and the public catalog view.
#include "app/abuse_limits.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "app/access_token.hpp"
#include "app/catalog_cache.hpp"
#include "app/crypto.hpp"
#include "app/webhook_binding.hpp"
#include "http/client_address.hpp"
#include "store/sqlite_store.hpp"

using namespace slotpay::server;
namespace fs = std::filesystem;

TEST_CASE("hold caps: per client, then per email, then per merchant (0 = no cap)", "[abuse]") {
  HoldCaps caps{2, 3, 10};
  CHECK_FALSE(hold_cap_refusal({0, 0, 0}, caps));
  CHECK_FALSE(hold_cap_refusal({9, 1, 2}, caps));
  auto client = hold_cap_refusal({5, 2, 0}, caps);
  REQUIRE(client);
  CHECK(client->code == "too_many_holds");
  CHECK(client->field.empty());
  auto email = hold_cap_refusal({5, 0, 3}, caps);
  REQUIRE(email);
  CHECK(email->field == "booking.customer.email");
  auto merchant = hold_cap_refusal({10, 0, 0}, caps);
  REQUIRE(merchant);
  CHECK(merchant->code == "too_many_holds");
  CHECK(merchant->message.find("business") != std::string::npos);
  CHECK_FALSE(hold_cap_refusal({1000, 1000, 1000}, HoldCaps{0, 0, 0}));
}

TEST_CASE("hold caps: counting is skipped only when every cap is off", "[abuse]") {
  CHECK_FALSE(hold_caps_enabled(HoldCaps{0, 0, 0}));
  CHECK(hold_caps_enabled(HoldCaps{}));
  CHECK(hold_caps_enabled(HoldCaps{1, 0, 0}));
  CHECK(hold_caps_enabled(HoldCaps{0, 1, 0}));
  CHECK(hold_caps_enabled(HoldCaps{0, 0, 1}));
}

TEST_CASE("coupon caps: max_redemptions over all uses, max_per_customer by email", "[abuse]") {
  slotpay::Coupon c;
  c.code = "X";
  CHECK_FALSE(coupon_use_refusal(c, {1000, 1000}, true));  // no caps
  c.max_redemptions = 2;
  CHECK_FALSE(coupon_use_refusal(c, {1, 0}, true));
  auto gone = coupon_use_refusal(c, {2, 0}, true);
  REQUIRE(gone);
  CHECK(gone->code == "coupon_exhausted");
  CHECK(gone->field == "booking.coupon");
  c.max_redemptions.reset();
  c.max_per_customer = 1;
  CHECK_FALSE(coupon_use_refusal(c, {5, 0}, true));
  auto used = coupon_use_refusal(c, {5, 1}, true);
  REQUIRE(used);
  CHECK(used->code == "coupon_already_used");
  CHECK_FALSE(coupon_use_refusal(c, {5, 1}, false));  // no email known: not judged
}

TEST_CASE("client key: IPv4 as is, IPv6 by its /64, junk unchanged", "[abuse]") {
  using http::client_key;
  CHECK(client_key("203.0.113.7") == "203.0.113.7");
  CHECK(client_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64");
  CHECK(client_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64");
  CHECK(client_key("2001:DB8:1:2::9") == "2001:db8:1:2::/64");
  CHECK(client_key("::1") == "::/64");
  CHECK(client_key("not:an:address") == "not:an:address");
  CHECK(client_key("") == "");
}

TEST_CASE("public catalog: no coupons, no platform fee, everything else as saved", "[abuse]") {
  const std::string saved =
      R"({"merchant":{"id":"m","platform_fee":{"rate_bps":500},"currency":"usd"},)"
      R"("services":[{"id":"cut"}],"coupons":[{"code":"SECRET","fixed":100}]})";
  auto pub = public_catalog_text(saved);
  CHECK(pub.find("SECRET") == std::string::npos);
  CHECK(pub.find("platform_fee") == std::string::npos);
  CHECK(pub == R"({"merchant":{"id":"m","currency":"usd"},"services":[{"id":"cut"}]})");
  CHECK(public_catalog_text("not json") == "not json");
}

namespace {

std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-abuse-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}

BookingRecord hold(const std::string& id, BookingStatus st, int64_t expires,
                   const std::string& client, const std::string& email,
                   const std::string& coupon = "") {
  BookingRecord b;
  b.id = id;
  b.merchant_id = "m1";
  b.status = st;
  b.catalog_version = 1;
  b.slot = {"cut", "ana", slotpay::Instant{1'796'137'200}, slotpay::Instant{1'796'139'900}, 1};
  b.start_day = "2026-12-01";
  b.customer = {"Jo", email, std::nullopt};
  b.quote.currency = slotpay::find_currency("usd", "").value();
  b.payment_mode = "stripe";
  b.hold_expires_at_ms = expires;
  b.access_token_hash = "h";
  b.client_key = client;
  b.coupon = coupon;
  return b;
}

}  // namespace

TEST_CASE("store: live holds by merchant, client and email, coupon uses of live bookings",
          "[abuse][store]") {
  SqliteStore s(temp_db());
  Merchant m;
  m.id = "m1";
  const int64_t now = 1'000'000;
  auto w = write_now(s, [&](BookingTx& tx) {
    tx.save_merchant(m, "{}");
    Merchant other;
    other.id = "m2";
    tx.save_merchant(other, "{}");
    tx.insert_booking(hold("a", BookingStatus::kHeld, now + 1, "1.2.3.4", "jo@x.example", "SAVE"));
    tx.insert_booking(
        hold("b", BookingStatus::kAwaitingPayment, now + 1, "1.2.3.4", "JO@x.example", "save"));
    tx.insert_booking(
        hold("c", BookingStatus::kAwaitingPayment, now + 1, "5.6.7.8", "al@x.example"));
    tx.insert_booking(hold("d", BookingStatus::kHeld, now, "1.2.3.4", "jo@x.example", "SAVE"));
    tx.insert_booking(hold("e", BookingStatus::kConfirmed, 0, "1.2.3.4", "jo@x.example", "SAVE"));
    tx.insert_booking(hold("f", BookingStatus::kCancelled, 0, "1.2.3.4", "jo@x.example", "SAVE"));
    auto x = hold("g", BookingStatus::kHeld, now + 1, "1.2.3.4", "jo@x.example", "SAVE");
    x.merchant_id = "m2";
    tx.insert_booking(x);
    return true;
  });
  REQUIRE(w.committed);
  LiveHolds live;
  CouponUses uses, none;
  std::optional<BookingRecord> a;
  read_now(s, [&](StoreReader& r) {
    live = r.live_holds("m1", now, "1.2.3.4", "Jo@X.example");
    uses = r.coupon_uses("m1", "Save", "jo@x.example", now);
    none = r.coupon_uses("m1", "OTHER", "jo@x.example", now);
    a = r.booking("a");
  });
  // a, b, c are live; d expired at now; e confirmed (not a hold); g another merchant's.
  CHECK(live.merchant == 3);
  CHECK(live.client == 2);
  CHECK(live.email == 2);
  // a, b live holds + e confirmed; d expired, f cancelled.
  CHECK(uses.total == 3);
  CHECK(uses.by_email == 3);
  CHECK(none.total == 0);
  REQUIRE(a);
  CHECK(a->client_key == "1.2.3.4");
}

TEST_CASE("access tokens: the right token, until 30 days after the booking ends", "[abuse]") {
  BookingRecord b;
  b.slot.end = slotpay::Instant{1'800'000'000};
  b.access_token_hash = sha256_hex("tok");
  const int64_t end_ms = int64_t{1'800'000'000} * 1000;
  CHECK(token_grants(b, "tok", end_ms - 1));
  CHECK(token_grants(b, "tok", end_ms + kTokenLifetimeAfterEndMs - 1));
  CHECK_FALSE(token_grants(b, "tok", end_ms + kTokenLifetimeAfterEndMs));
  CHECK_FALSE(token_grants(b, "other", end_ms));
  CHECK_FALSE(token_grants(b, "", end_ms));
  CHECK_FALSE(token_grants(b, std::string(200, 't'), end_ms));
}

TEST_CASE("webhook binding: mode, stored PaymentIntent only, same account", "[abuse][webhook]") {
  using nlohmann::json;
  CHECK(livemode_matches(json{{"livemode", false}}, "test"));
  CHECK(livemode_matches(json{{"livemode", true}}, "live"));
  CHECK_FALSE(livemode_matches(json{{"livemode", true}}, "test"));
  CHECK_FALSE(livemode_matches(json{{"livemode", false}}, "live"));
  CHECK_FALSE(livemode_matches(json::object(), "test"));  // missing: a mismatch
  CHECK_FALSE(livemode_matches(json{{"livemode", "false"}}, "test"));
  CHECK_FALSE(livemode_matches(json{{"livemode", false}}, ""));  // no mode: nothing matches
  CHECK_FALSE(livemode_matches(json{{"livemode", true}}, "LIVE"));
  json pi = {{"id", "pi_1"}, {"metadata", {{"booking_id", "bk_x"}}}};
  CHECK(stored_payment_intent_of("payment_intent.succeeded", pi) == "pi_1");
  json charge = {{"id", "ch_1"}, {"payment_intent", "pi_2"}, {"metadata", {{"booking_id", "bk"}}}};
  CHECK(stored_payment_intent_of("charge.refunded", charge) == "pi_2");
  CHECK(stored_payment_intent_of("charge.dispute.created",
                                 json{{"id", "dp_1"}, {"payment_intent", "pi_3"}}) == "pi_3");
  // Metadata alone binds nothing.
  CHECK(stored_payment_intent_of("charge.refunded", json{{"metadata", {{"booking_id", "bk"}}}})
            .empty());
  CHECK(stored_payment_intent_of("charge.refunded", json{{"payment_intent", nullptr}}).empty());
  CHECK(stored_payment_intent_of("charge.refunded", json{{"payment_intent", "bk_1"}}).empty());
  CHECK(stored_payment_intent_of("account.updated", json{{"id", "acct_1"}}).empty());
  CHECK(bind_to_booking("acct_1", "acct_1") == WebhookBinding::kBound);
  CHECK(bind_to_booking("", "") == WebhookBinding::kBound);  // platform events
  CHECK(bind_to_booking("acct_2", "acct_1") == WebhookBinding::kIgnoredAccount);
  CHECK(bind_to_booking("", "acct_1") == WebhookBinding::kIgnoredAccount);  // no skip when empty
  CHECK(bind_to_booking("acct_1", "") == WebhookBinding::kIgnoredAccount);
  CHECK(std::string(to_string(WebhookBinding::kIgnoredLivemode)) == "ignored_livemode");
}
