// Issue #12, the calendar feed's pure parts: the token (signed, purpose "feed", the
// merchant and staff member as its subject), which bookings are in a feed, and the
// calendar written from them.
#include "app/calendar_feed.hpp"

#include <catch2/catch.hpp>

using namespace slotpay;
using namespace slotpay::server;

namespace {

const mail::LinkSigner kSigner(std::string(32, 'k'));
constexpr Instant kNow{1'800'000'000};

BookingRecord confirmed(const std::string& id, const std::string& staff, int64_t start) {
  BookingRecord b;
  b.id = id;
  b.merchant_id = "m_1";
  b.status = BookingStatus::kConfirmed;
  b.slot.staff = staff;
  b.slot.start = Instant{start};
  b.slot.end = Instant{start + 1800};
  return b;
}

}  // namespace

TEST_CASE("feed token: round trip for the merchant and for a staff member", "[feed]") {
  for (const FeedSubject& s : {FeedSubject{"m_1", ""}, FeedSubject{"m_1", "ana"}}) {
    std::string token = feed_token(kSigner, s);
    REQUIRE_FALSE(token.empty());
    auto v = verify_feed_token(kSigner, token, kNow);
    REQUIRE(std::holds_alternative<FeedSubject>(v));
    CHECK(std::get<FeedSubject>(v) == s);
  }
  CHECK(feed_token(kSigner, {"m_1", ""}) != feed_token(kSigner, {"m_1", "ana"}));
  CHECK(feed_token(kSigner, {"m_1", "ana"}) != feed_token(kSigner, {"m_2", "ana"}));
}

TEST_CASE("feed token: another key, another purpose or an altered token is refused", "[feed]") {
  std::string token = feed_token(kSigner, {"m_1", ""});
  const mail::LinkSigner other(std::string(32, 'o'));
  auto foreign = verify_feed_token(other, token, kNow);
  REQUIRE(std::holds_alternative<mail::LinkRefusal>(foreign));
  CHECK(std::get<mail::LinkRefusal>(foreign) == mail::LinkRefusal::kBadSignature);
  // A manage link for a booking is not a feed.
  std::string manage = kSigner.sign({mail::LinkPurpose::kManage, "bk_1", kNow.plus_seconds(60)});
  auto wrong = verify_feed_token(kSigner, manage, kNow);
  REQUIRE(std::holds_alternative<mail::LinkRefusal>(wrong));
  CHECK(std::get<mail::LinkRefusal>(wrong) == mail::LinkRefusal::kWrongPurpose);
  // And a feed token manages nothing.
  auto as_manage = kSigner.verify(token, mail::LinkPurpose::kManage, kNow);
  REQUIRE(std::holds_alternative<mail::LinkRefusal>(as_manage));
  CHECK(std::get<mail::LinkRefusal>(as_manage) == mail::LinkRefusal::kWrongPurpose);
  // A subject that is not "<merchant>\n<staff>" (signed, so only a key holder could make
  // one) is malformed.
  std::string odd = kSigner.sign({mail::LinkPurpose::kFeed, "bm9uZXdsaW5l", kNow.plus_seconds(60)});
  auto malformed = verify_feed_token(kSigner, odd, kNow);
  REQUIRE(std::holds_alternative<mail::LinkRefusal>(malformed));
  CHECK(std::get<mail::LinkRefusal>(malformed) == mail::LinkRefusal::kMalformed);
  // Does not expire on its own: still valid in 50 years.
  CHECK(std::holds_alternative<FeedSubject>(
      verify_feed_token(kSigner, token, kNow.plus_seconds(50LL * 365 * 86400))));
  // Ids too long for a subject: no token rather than a broken one.
  CHECK(feed_token(kSigner, {std::string(40, 'm'), std::string(10, 's')}).empty());
  CHECK(feed_token(kSigner, {"", "ana"}).empty());
}

TEST_CASE("feed: confirmed bookings of the merchant (and staff member), not long past", "[feed]") {
  const FeedSubject all{"m_1", ""};
  const FeedSubject ana{"m_1", "ana"};
  auto b = confirmed("bk_1", "ana", kNow.seconds + 86400);
  CHECK(in_feed(b, all, kNow));
  CHECK(in_feed(b, ana, kNow));
  CHECK_FALSE(in_feed(b, {"m_1", "ben"}, kNow));
  CHECK_FALSE(in_feed(b, {"m_2", ""}, kNow));
  for (auto s :
       {BookingStatus::kPendingConfirmation, BookingStatus::kAwaitingPayment, BookingStatus::kHeld,
        BookingStatus::kCancelled, BookingStatus::kExpired, BookingStatus::kPaymentFailed}) {
    auto other = b;
    other.status = s;
    CHECK_FALSE(in_feed(other, all, kNow));
  }
  auto old = confirmed("bk_2", "ana", kNow.seconds - (kFeedPastDays + 1) * 86400);
  CHECK_FALSE(in_feed(old, all, kNow));
  auto recent = confirmed("bk_3", "ana", kNow.seconds - 86400);
  CHECK(in_feed(recent, all, kNow));
}

TEST_CASE("feed calendar: one event per booking, no METHOD, named, in the zone", "[feed]") {
  auto zone = TimeZone::find("America/New_York");
  REQUIRE(zone.ok());
  std::vector<mail::BookingFacts> facts(2);
  facts[0].booking_id = "bk_1";
  facts[1].booking_id = "bk_2";
  for (auto& f : facts) {
    f.merchant_name = "Salon";
    f.service_name = "Haircut";
    f.start = kNow;
    f.end = kNow.plus_seconds(1800);
    f.merchant_zone = zone.value();
  }
  auto cal = feed_calendar(facts, "Salon - Ana", zone.value(), "book.example", kNow);
  CHECK(cal.method == mail::IcsMethod::kNone);
  CHECK(cal.name == "Salon - Ana");
  REQUIRE(cal.events.size() == 2);
  CHECK(cal.events[0].booking_id == "bk_1");
  CHECK(cal.events[1].booking_id == "bk_2");
  CHECK(cal.events[0].uid_host == "book.example");
  CHECK_FALSE(cal.events[0].cancelled);
  std::string text = mail::write_ics(cal);
  CHECK(text.find("METHOD:") == std::string::npos);
  CHECK(text.find("UID:bk_2@book.example\r\n") != std::string::npos);
  CHECK(text.find("X-WR-CALNAME:Salon - Ana\r\n") != std::string::npos);
  CHECK(text.find("TZID:America/New_York\r\n") != std::string::npos);
}
