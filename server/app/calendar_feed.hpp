// Issue #12, the calendar feed: a secret iCalendar URL per merchant and per staff member
// (GET /v1/feeds/{token}.ics) that Google, Apple and Outlook calendars subscribe to,
// listing the merchant's confirmed bookings (a staff member's feed: theirs only).
//
// The token is a signed link (mail/signed_link, purpose "feed", SLOTPAY_MASTER_KEY) whose
// subject is base64url("<merchant id>\n<staff id>") (staff "" for the whole merchant) and
// which does not expire: calendars poll it for months. Rotation (a new token, the old one
// refused) is for the dashboard later: it would add a generation to the subject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/api_error.hpp"
#include "mail/ics.hpp"
#include "mail/signed_link.hpp"
#include "mail/templates.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct FeedSubject {
  std::string merchant_id;
  std::string staff_id;  // "" : every booking of the merchant
  bool operator==(const FeedSubject&) const = default;
};

// The feed token of `subject`; "" when its ids are too long for a token subject (more
// than 47 bytes together).
std::string feed_token(const mail::LinkSigner& signer, const FeedSubject& subject);

// The subject of a valid feed token, or why it is refused (a token of another purpose
// is kWrongPurpose; a subject that does not decode is kMalformed).
std::variant<FeedSubject, mail::LinkRefusal> verify_feed_token(const mail::LinkSigner& signer,
                                                               std::string_view token, Instant now);

// Whether booking `b` belongs in the feed of `subject` at now: confirmed, of the
// subject's merchant (and staff member), and not ended more than kFeedPastDays ago.
inline constexpr int64_t kFeedPastDays = 90;
bool in_feed(const BookingRecord& b, const FeedSubject& subject, Instant now);

// The feed's calendar: one event per booking (UID "<booking id>@<uid_host>", the same as
// the confirmation's .ics, so a calendar that has both shows one entry), in the
// merchant's zone, no METHOD (a published calendar), named after the merchant.
mail::IcsCalendar feed_calendar(const std::vector<mail::BookingFacts>& bookings,
                                const std::string& calendar_name, const TimeZone& zone,
                                const std::string& uid_host, Instant now);

// --- the use cases (feeds.cpp) ---
struct AppContext;
// The feed a token names, as text/calendar (raw_body); link_* errors for a bad token.
void feed_use_case(AppContext& ctx, const std::string& token, Reply reply);
// The operator's view: {"merchant": url, "staff": [{"id", "name", "url"}]}.
void feed_urls_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);

}  // namespace slotpay::server
