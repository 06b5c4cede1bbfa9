// The emails Slotpay sends, from typed facts about a booking: confirmation (with the
// .ics), cancellation (refund and fee, .ics with METHOD:CANCEL), pay-by-link, reminder,
// the merchant's copies, and the notice to the merchant when a customer's email bounced.
//
// Each template returns an Email (message.hpp): plain text and HTML with the same
// content. Every text that came from a customer or a merchant (names, service names,
// location, links) is HTML-escaped in the HTML body; links are only used when they are
// http(s). Words come from the merchant's language table (strings.hpp).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mail/ics.hpp"
#include "mail/message.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/currency.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::mail {

// What the emails say about one booking. The app fills it from the booking record and
// the catalog version the booking was priced with.
struct BookingFacts {
  std::string booking_id;
  std::string language = "en";  // the merchant's widget locale tag

  std::string merchant_name;
  std::string merchant_email;  // Reply-To on customer emails; recipient of the copies
  std::string location;        // optional

  std::string service_name;
  std::vector<std::string> addon_names;
  int64_t quantity = 1;
  std::string staff_name;  // optional ("" for a merchant-run service)
  Instant start;
  Instant end;
  TimeZone merchant_zone;
  std::optional<TimeZone> customer_zone;  // the browser's zone, when the widget sent it

  Customer customer;

  Currency currency;
  ChargeMode payment = ChargeMode::kStripe;
  int64_t total = 0;
  int64_t paid_now = 0;   // charged online (0 when nothing was)
  int64_t due_later = 0;  // still to pay (at the appointment)
  bool paid_is_deposit = false;
  CancellationPolicy cancellation;

  std::string manage_url;  // the signed manage link; omitted when empty or not http(s)
};

// The calendar entry's identity (see IcsEvent).
struct IcsStamp {
  std::string uid_host;
  int sequence = 0;
  Instant stamp;
};

struct CancellationFacts {
  int64_t refund = 0;  // back to the customer
  int64_t fee = 0;     // kept
  bool refund_pending = false;
};

// The link that confirms a booking waiting for the customer (pending_confirmation).
struct ConfirmLinkFacts {
  std::string confirm_url;
  Instant expires_at;  // the end of the booking's hold
};

struct PaymentLinkFacts {
  std::string pay_url;
  int64_t amount = 0;
  Instant expires_at;
};

// Where a rescheduled booking was before it moved (issue #12 item 3).
struct PreviousTime {
  Instant start;
  Instant end;
};

// The booking as an iCalendar object (also what the manage page offers to download).
IcsCalendar booking_calendar(const BookingFacts& b, const IcsStamp& id, IcsMethod method);

Email confirmation_email(const BookingFacts& b, const IcsStamp& id);
Email cancellation_email(const BookingFacts& b, const CancellationFacts& c, const IcsStamp& id);
// Kind "booking_rescheduled": the booking moved from `was` to its new time (b.start),
// with the updated .ics (METHOD:REQUEST, same UID, the stamp's SEQUENCE).
Email rescheduled_email(const BookingFacts& b, const PreviousTime& was, const IcsStamp& id);
Email payment_link_email(const BookingFacts& b, const PaymentLinkFacts& p);
Email reminder_email(const BookingFacts& b);
// Kind "confirm_request": the link that confirms the booking (no .ics yet: it is not
// booked until confirmed).
Email confirm_request_email(const BookingFacts& b, const ConfirmLinkFacts& c);
// To the merchant: a new booking, or (with `cancelled`) a cancellation.
Email merchant_copy(const BookingFacts& b, const std::optional<CancellationFacts>& cancelled);
// To the merchant (kind "merchant_booking_rescheduled"): the customer moved a booking.
Email merchant_moved_copy(const BookingFacts& b, const PreviousTime& was);
// To the merchant: a customer's email failed for good (OutboxDecision::notify_merchant).
Email bounce_notice(const BookingFacts& b, int smtp_code);

// HTML text escaping: & < > " ' (safe in element content and quoted attributes).
std::string html_escape(std::string_view text);

}  // namespace slotpay::mail
