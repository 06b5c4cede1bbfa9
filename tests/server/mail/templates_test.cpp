#include "mail/templates.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "mail/strings.hpp"
#include "support/ics_reader.hpp"
#include "support/mime_reader.hpp"

using namespace slotpay;
using namespace slotpay::mail;
using slotpay::mail::testing::event_time_utc;
using slotpay::mail::testing::IcsComponent;
using slotpay::mail::testing::parse_ics;
using slotpay::mail::testing::unescape_text;
using slotpay::mail::testing::VTimezone;

namespace {

Instant at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return t->instant;
}

TimeZone zone(const char* name) {
  auto z = TimeZone::find(name);
  REQUIRE(z.ok());
  return z.value();
}

BookingFacts facts() {
  BookingFacts b;
  b.booking_id = "bk_7f3a";
  b.merchant_name = "Salon Zoë";
  b.merchant_email = "salon@example.com";
  b.location = "1 Main St, Springfield";
  b.service_name = "Haircut";
  b.addon_names = {"Wash", "Blow-dry"};
  b.staff_name = "Ana";
  b.start = at("2026-03-08T01:30:00-05:00");
  b.end = at("2026-03-08T03:30:00-04:00");
  b.merchant_zone = zone("America/New_York");
  b.customer_zone = zone("Europe/Paris");
  b.customer = Customer{"Jo Customer", "jo@example.com", "+12125550100"};
  b.currency = find_currency("usd", "").value();
  b.total = 6000;
  b.paid_now = 2000;
  b.due_later = 4000;
  b.paid_is_deposit = true;
  b.cancellation.free_until_min = 24 * 60;
  b.cancellation.fee.rate_bps = 5000;
  b.manage_url = "https://book.example.com/manage/bk_7f3a?t=abc.def";
  return b;
}

const IcsStamp kStamp{"book.example.com", 0, Instant{1772900000}};

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// No {placeholder} may survive into what a reader sees.
void no_placeholders(const Email& e) {
  INFO(e.kind);
  CHECK_FALSE(contains(e.subject, "{"));
  CHECK_FALSE(contains(e.text, "{"));
  CHECK_FALSE(contains(e.html, "{"));
}

}  // namespace

TEST_CASE("confirmation: what, when (both zones), with whom, money, policy, link, .ics") {
  BookingFacts b = facts();
  Email e = confirmation_email(b, kStamp);
  no_placeholders(e);
  CHECK(e.kind == "booking_confirmed");
  CHECK(e.to.email == "jo@example.com");
  CHECK(e.to.name == "Jo Customer");
  REQUIRE(e.reply_to);
  CHECK(e.reply_to->email == "salon@example.com");
  CHECK(e.from_name == "Salon Zoë");
  CHECK(e.subject == "Booking confirmed: Haircut, Sun Mar 8 at 1:30 AM");
  for (const std::string* body : {&e.text, &e.html}) {
    CHECK(contains(*body, "Haircut"));
    CHECK(contains(*body, "Wash, Blow-dry"));
    CHECK(contains(*body,
                   "Sunday, March 8, 2026, 1:30 AM – 3:30 AM (America/New_York time, "
                   "UTC-05:00)"));
    CHECK(contains(*body,
                   "Sunday, March 8, 2026, 7:30 AM – 8:30 AM (Europe/Paris time, "
                   "UTC+01:00)"));
    CHECK(contains(*body, "Ana"));
    CHECK(contains(*body, "1 Main St, Springfield"));
    CHECK(contains(*body, "$60.00"));
    CHECK(contains(*body, "$20.00"));
    CHECK(contains(*body, "$40.00"));
    CHECK(contains(*body, "You can cancel free of charge until Saturday, March 7, 2026, 1:30 AM."));
    CHECK(contains(*body, "a cancellation fee of $10.00 applies"));
    CHECK(contains(*body, "bk_7f3a"));
  }
  CHECK(contains(e.text, "To cancel or reschedule, open " + b.manage_url));
  CHECK(contains(e.html, "href=\"https://book.example.com/manage/bk_7f3a?t=abc.def\""));
  CHECK(contains(e.html, "<html lang=\"en\" dir=\"ltr\">"));

  REQUIRE(e.calendar);
  CHECK(e.calendar->method == "REQUEST");
  IcsComponent cal = parse_ics(e.calendar->ics);
  CHECK(cal.required("METHOD").value == "REQUEST");
  VTimezone tz(*cal.children_named("VTIMEZONE")[0], 2025, 2027);
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(event_time_utc(ev, "DTSTART", tz) == b.start.seconds);
  CHECK(event_time_utc(ev, "DTEND", tz) == b.end.seconds);
  CHECK(ev.required("UID").value == "bk_7f3a@book.example.com");
  CHECK(unescape_text(ev.required("SUMMARY").value) == "Haircut (Salon Zoë)");
  CHECK(ev.required("URL").value == b.manage_url);
  CHECK(unescape_text(ev.required("DESCRIPTION").value) ==
        "With: Ana\nTo cancel or reschedule, open " + b.manage_url +
            "\nBooking reference: bk_7f3a");
}

TEST_CASE("the customer's own time is shown only when their clock differs") {
  BookingFacts b = facts();
  b.customer_zone = zone("America/Toronto");  // same offset as New York
  Email same = confirmation_email(b, kStamp);
  CHECK_FALSE(contains(same.text, "Your time"));
  b.customer_zone.reset();
  CHECK_FALSE(contains(confirmation_email(b, kStamp).text, "Your time"));
  b.customer_zone = zone("Asia/Kathmandu");
  CHECK(contains(confirmation_email(b, kStamp).text, "Your time: Sunday, March 8, 2026, 12:15 PM"));
}

TEST_CASE("every supplied text is escaped in the HTML - unsafe links are dropped") {
  BookingFacts b = facts();
  b.merchant_name = "<b>Salon</b> & Co";
  b.customer.name = "<script>alert(1)</script>";
  b.service_name = "Cut \"deluxe\" <img src=x onerror=alert(1)>";
  b.addon_names = {"<i>wash</i>"};
  b.staff_name = "Ana's <em>";
  b.location = "<a href=\"javascript:alert(1)\">here</a>";
  b.manage_url = "javascript:alert(1)";
  std::vector<Email> all = {
      confirmation_email(b, kStamp),
      cancellation_email(b, CancellationFacts{1000, 1000, false}, kStamp),
      payment_link_email(b, PaymentLinkFacts{"javascript:alert(2)", 4000, b.start}),
      reminder_email(b),
      merchant_copy(b, std::nullopt),
      merchant_copy(b, CancellationFacts{1000, 1000, false}),
      bounce_notice(b, 550),
  };
  for (const Email& e : all) {
    INFO(e.kind);
    no_placeholders(e);
    CHECK_FALSE(contains(e.html, "<script"));
    CHECK_FALSE(contains(e.html, "<img"));
    CHECK_FALSE(contains(e.html, "<i>"));
    CHECK_FALSE(contains(e.html, "<em>"));
    CHECK_FALSE(contains(e.html, "<b>"));
    CHECK_FALSE(contains(e.html, "<a href=\"javascript"));
    CHECK_FALSE(contains(e.html, "href=\"javascript"));
    CHECK_FALSE(contains(e.text, "javascript:alert(1)\n"));  // no link line for it
    CHECK(contains(e.html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  }
  // The plain text shows the names as they are (it is not HTML).
  CHECK(contains(all[0].text, "Hi <script>alert(1)</script>,"));
}

TEST_CASE("cancellation: refund and fee, a calendar CANCEL with a higher SEQUENCE") {
  BookingFacts b = facts();
  IcsStamp later{"book.example.com", 1, Instant{1772950000}};
  Email e = cancellation_email(b, CancellationFacts{1000, 1000, false}, later);
  no_placeholders(e);
  CHECK(e.kind == "booking_cancelled");
  CHECK(e.subject == "Booking cancelled: Haircut, Sun Mar 8 at 1:30 AM");
  CHECK(contains(e.text, "Refund: $10.00"));
  CHECK(contains(e.text, "Cancellation fee: $10.00"));
  CHECK(contains(e.text, "The refund goes back to the card you paid with"));
  REQUIRE(e.calendar);
  CHECK(e.calendar->method == "CANCEL");
  IcsComponent cal = parse_ics(e.calendar->ics);
  CHECK(cal.required("METHOD").value == "CANCEL");
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(ev.required("STATUS").value == "CANCELLED");
  CHECK(ev.required("SEQUENCE").value == "1");
  CHECK(ev.required("UID").value == "bk_7f3a@book.example.com");

  SECTION("nothing paid: nothing to refund") {
    b.paid_now = 0;
    Email free = cancellation_email(b, CancellationFacts{}, later);
    CHECK(contains(free.text, "Nothing was paid online, so there is nothing to refund."));
    CHECK_FALSE(contains(free.text, "Refund:"));
  }
  SECTION("full refund: no fee line") {
    Email full = cancellation_email(b, CancellationFacts{2000, 0, true}, later);
    CHECK(contains(full.text, "Refund: $20.00"));
    CHECK_FALSE(contains(full.text, "Cancellation fee"));
    CHECK(contains(full.text, "The refund is on its way"));
  }
}

TEST_CASE("payment link, reminder, merchant copies and the bounce notice") {
  BookingFacts b = facts();
  b.paid_now = 0;
  b.payment = ChargeMode::kStripe;
  Email pay = payment_link_email(b, PaymentLinkFacts{"https://book.example.com/pay/bk_7f3a?t=x.y",
                                                     2000, at("2026-03-05T12:00:00-05:00")});
  no_placeholders(pay);
  CHECK(pay.kind == "payment_link");
  CHECK(pay.subject == "Payment for your booking: Haircut, Sun Mar 8 ($20.00)");
  CHECK(contains(pay.text, "Salon Zoë asks you to pay $20.00 for your booking."));
  CHECK(contains(pay.text, "Pay securely at https://book.example.com/pay/bk_7f3a?t=x.y"));
  CHECK(contains(pay.html, ">Pay $20.00</a>"));
  CHECK(contains(pay.text, "This link works until Thursday, March 5, 2026, 12:00 PM."));
  CHECK_FALSE(pay.calendar);

  Email reminder = reminder_email(facts());
  no_placeholders(reminder);
  CHECK(reminder.kind == "booking_reminder");
  CHECK(reminder.subject == "Reminder: Haircut, Sun Mar 8 at 1:30 AM");
  CHECK(contains(reminder.text, "Due at the appointment: $40.00"));
  CHECK(contains(reminder.text, "To cancel or reschedule"));

  Email copy = merchant_copy(facts(), std::nullopt);
  no_placeholders(copy);
  CHECK(copy.kind == "merchant_booking_confirmed");
  CHECK(copy.to.email == "salon@example.com");
  REQUIRE(copy.reply_to);
  CHECK(copy.reply_to->email == "jo@example.com");
  CHECK(copy.subject == "New booking: Haircut, Sun Mar 8 at 1:30 AM (Jo Customer)");
  CHECK(contains(copy.text, "Customer: Jo Customer"));
  CHECK(contains(copy.text, "Email: jo@example.com"));
  CHECK(contains(copy.text, "Phone: +12125550100"));
  CHECK_FALSE(copy.calendar);

  Email cancelled = merchant_copy(facts(), CancellationFacts{1000, 1000, false});
  CHECK(cancelled.kind == "merchant_booking_cancelled");
  CHECK(cancelled.subject == "Cancelled: Haircut, Sun Mar 8 at 1:30 AM (Jo Customer)");
  CHECK(contains(cancelled.text, "Cancellation fee: $10.00"));

  Email bounce = bounce_notice(facts(), 550);
  CHECK(bounce.kind == "merchant_delivery_failed");
  CHECK(bounce.to.email == "salon@example.com");
  CHECK(bounce.subject == "Email to Jo Customer could not be delivered");
  CHECK(contains(bounce.text, "The mail server answered 550."));
}

TEST_CASE("payment modes are described, never a misleading 'paid now'") {
  BookingFacts b = facts();
  b.payment = ChargeMode::kFree;
  b.total = b.paid_now = b.due_later = 0;
  CHECK(contains(confirmation_email(b, kStamp).text, "Payment: Free of charge"));
  b.payment = ChargeMode::kExternal;
  b.total = 6000;
  Email ext = confirmation_email(b, kStamp);
  CHECK(contains(ext.text, "Payment: Paid directly to the business, not online"));
  CHECK_FALSE(contains(ext.text, "Paid now"));
  b.payment = ChargeMode::kPayAtVenue;
  CHECK(contains(confirmation_email(b, kStamp).text, "Payment: Paid at the venue"));
  b = facts();
  b.quantity = 3;
  CHECK(contains(confirmation_email(b, kStamp).text, "What: Haircut × 3"));
  b.customer.name = "";
  CHECK(contains(confirmation_email(b, kStamp).text, "Hello,"));
}

TEST_CASE("languages: the widget's tags - each has its own table") {
  std::vector<std::string_view> tags(widget_languages().begin(), widget_languages().end());
  CHECK(tags == std::vector<std::string_view>{"en", "es", "fr", "de", "pt-BR", "ja", "ar"});
  // The same list as the widget's own (web/src/i18n/index.ts), so the two stay in step.
  std::ifstream in(std::string(SLOTPAY_SOURCE_DIR) + "/web/src/i18n/index.ts");
  REQUIRE(in);
  std::stringstream source;
  source << in.rdbuf();
  std::smatch list;
  std::string text = source.str();
  REQUIRE(std::regex_search(text, list, std::regex(R"(LANGUAGES = \[([^\]]*)\])")));
  std::vector<std::string> widget;
  std::string items = list[1];
  const std::regex quoted("'([^']+)'");
  for (std::sregex_iterator it(items.begin(), items.end(), quoted), end; it != end; ++it)
    widget.push_back((*it)[1]);
  CHECK(std::vector<std::string>(tags.begin(), tags.end()) == widget);
  // One table per widget language, in the same order, each found by its own tag.
  REQUIRE(mail_tables().size() == tags.size());
  for (size_t i = 0; i < tags.size(); ++i) {
    CHECK(mail_tables()[i]->tag == tags[i]);
    CHECK(&mail_strings(tags[i]) == mail_tables()[i]);
  }
  CHECK(mail_strings("EN-gb").tag == "en");
  CHECK(mail_strings("xx").tag == "en");
  BookingFacts b = facts();
  b.language = "pt-BR";
  CHECK(confirmation_email(b, kStamp).subject.starts_with("Agendamento confirmado: Haircut"));
  b.language = "xx";
  CHECK(confirmation_email(b, kStamp).subject.starts_with("Booking confirmed: Haircut"));
}

TEST_CASE("confirm your booking (issue #9): the link, its deadline, no .ics, no manage link") {
  BookingFacts b = facts();
  b.paid_now = 0;
  b.payment = ChargeMode::kFree;
  const std::string url = "https://book.example.com/manage.html#confirm=x.y";
  Email e = confirm_request_email(b, ConfirmLinkFacts{url, at("2026-03-05T12:00:00-05:00")});
  no_placeholders(e);
  CHECK(e.kind == "confirm_request");
  CHECK(e.subject == "Confirm your booking: Haircut, Sun Mar 8");
  CHECK(contains(e.text, "Please confirm your booking with Salon Zoë."));
  CHECK(contains(e.text, "Confirm it at " + url));
  CHECK(contains(e.html, ">Confirm your booking</a>"));
  CHECK(contains(e.html, "href=\"" + url + "\""));
  CHECK(contains(e.text, "This link works until Thursday, March 5, 2026, 12:00 PM."));
  CHECK(e.to.email == "jo@example.com");
  CHECK_FALSE(e.calendar);  // not booked until confirmed
}

// Issue #12 item 3: a booking moved across the spring-forward change in New York (from
// Saturday 10:00 EST to Monday 10:00 EDT): the new time and the previous one each in the
// merchant's zone with their own offset, the .ics a REQUEST with the same UID and the
// stamp's SEQUENCE, its DTSTART the new instant.
TEST_CASE("rescheduled: new and previous time across a DST change, the updated .ics") {
  BookingFacts b = facts();
  b.customer_zone.reset();
  b.start = at("2026-03-09T10:00:00-04:00");
  b.end = at("2026-03-09T12:00:00-04:00");
  const PreviousTime was{at("2026-03-07T10:00:00-05:00"), at("2026-03-07T12:00:00-05:00")};
  const IcsStamp stamp{"book.example.com", 1, Instant{1772900000}};
  Email e = rescheduled_email(b, was, stamp);
  no_placeholders(e);
  CHECK(e.kind == "booking_rescheduled");
  CHECK(e.to.email == "jo@example.com");
  CHECK(e.subject == "Booking moved: Haircut, Mon Mar 9 at 10:00 AM");
  for (const std::string* body : {&e.text, &e.html}) {
    CHECK(contains(*body, "has been moved to a new time"));
    CHECK(contains(*body,
                   "Monday, March 9, 2026, 10:00 AM – 12:00 PM (America/New_York time, "
                   "UTC-04:00)"));
    CHECK(contains(*body, "Was"));
    CHECK(contains(*body,
                   "Saturday, March 7, 2026, 10:00 AM – 12:00 PM (America/New_York time, "
                   "UTC-05:00)"));
    CHECK(contains(*body, "bk_7f3a"));
  }
  CHECK(contains(e.text, "To cancel or reschedule, open " + b.manage_url));
  REQUIRE(e.calendar);
  CHECK(e.calendar->method == "REQUEST");
  IcsComponent cal = parse_ics(e.calendar->ics);
  CHECK(cal.required("METHOD").value == "REQUEST");
  VTimezone tz(*cal.children_named("VTIMEZONE")[0], 2025, 2027);
  const IcsComponent& ev = *cal.children_named("VEVENT")[0];
  CHECK(ev.required("UID").value == "bk_7f3a@book.example.com");
  CHECK(ev.required("SEQUENCE").value == "1");
  CHECK(ev.required("STATUS").value == "CONFIRMED");
  CHECK(ev.required("DTSTART").params.at("TZID") == "America/New_York");
  CHECK(ev.required("DTSTART").value == "20260309T100000");
  CHECK(event_time_utc(ev, "DTSTART", tz) == b.start.seconds);
  CHECK(event_time_utc(ev, "DTEND", tz) == b.end.seconds);

  Email copy = merchant_moved_copy(b, was);
  no_placeholders(copy);
  CHECK(copy.kind == "merchant_booking_rescheduled");
  CHECK(copy.to.email == "salon@example.com");
  CHECK(copy.subject == "Moved: Haircut, now Mon Mar 9 at 10:00 AM (Jo Customer)");
  CHECK(contains(copy.text, "Jo Customer moved their booking of Haircut."));
  CHECK(contains(copy.text, "Saturday, March 7, 2026, 10:00 AM – 12:00 PM"));
  CHECK_FALSE(copy.calendar);
}
