#include "app/calendar_feed.hpp"

#include "mail/encoding.hpp"

namespace slotpay::server {
namespace {

// Link subjects are at most 64 characters of base64url: 48 bytes; one is the separator.
constexpr size_t kMaxSubjectBytes = 47;
// Feeds never expire on their own (year 9999).
constexpr int64_t kNeverSeconds = 253402300799;

}  // namespace

std::string feed_token(const mail::LinkSigner& signer, const FeedSubject& subject) {
  if (subject.merchant_id.empty() ||
      subject.merchant_id.size() + subject.staff_id.size() > kMaxSubjectBytes ||
      subject.merchant_id.find('\n') != std::string::npos)
    return "";
  return signer.sign({mail::LinkPurpose::kFeed,
                      mail::base64url_encode(subject.merchant_id + "\n" + subject.staff_id),
                      Instant{kNeverSeconds}});
}

std::variant<FeedSubject, mail::LinkRefusal> verify_feed_token(const mail::LinkSigner& signer,
                                                               std::string_view token,
                                                               Instant now) {
  if (token.size() > mail::kMaxLinkTokenLength) return mail::LinkRefusal::kMalformed;
  auto v = signer.verify(token, mail::LinkPurpose::kFeed, now);
  if (const auto* refusal = std::get_if<mail::LinkRefusal>(&v)) return *refusal;
  auto decoded = mail::base64url_decode(std::get<mail::LinkClaims>(v).booking_id);
  if (!decoded) return mail::LinkRefusal::kMalformed;
  auto nl = decoded->find('\n');
  if (nl == std::string::npos || nl == 0) return mail::LinkRefusal::kMalformed;
  return FeedSubject{decoded->substr(0, nl), decoded->substr(nl + 1)};
}

bool in_feed(const BookingRecord& b, const FeedSubject& subject, Instant now) {
  return b.status == BookingStatus::kConfirmed && b.merchant_id == subject.merchant_id &&
         (subject.staff_id.empty() || b.slot.staff == subject.staff_id) &&
         b.slot.end.seconds >= now.seconds - kFeedPastDays * 86400;
}

mail::IcsCalendar feed_calendar(const std::vector<mail::BookingFacts>& bookings,
                                const std::string& calendar_name, const TimeZone& zone,
                                const std::string& uid_host, Instant now) {
  mail::IcsCalendar cal;
  cal.method = mail::IcsMethod::kNone;
  cal.zone = zone;
  cal.name = calendar_name;
  for (const auto& b : bookings) {
    // The confirmation's own event (summary, staff, reference, organizer, attendee).
    auto one = mail::booking_calendar(b, {uid_host, 0, now}, mail::IcsMethod::kRequest);
    for (auto& e : one.events) cal.events.push_back(std::move(e));
  }
  return cal;
}

}  // namespace slotpay::server
