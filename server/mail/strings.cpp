#include "mail/strings.hpp"

#include <algorithm>
#include <cctype>

#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("en", {style: "currency"}) writes them; other currencies
// are written with their code ("CHF 12.50").
constexpr CurrencySymbol kEnSymbols[] = {
    {"aud", "A$"}, {"brl", "R$"},  {"cad", "CA$"},  {"cny", "CN¥"}, {"eur", "€"},
    {"gbp", "£"},  {"hkd", "HK$"}, {"ils", "₪"},    {"inr", "₹"},   {"jpy", "¥"},
    {"krw", "₩"},  {"mxn", "MX$"}, {"nzd", "NZ$"},  {"php", "₱"},   {"twd", "NT$"},
    {"usd", "$"},  {"vnd", "₫"},   {"xaf", "FCFA"}, {"xcd", "EC$"}, {"xof", "F\u202FCFA"},
};

constexpr MailStrings kEnglish{
    .tag = "en",
    .dir = "ltr",
    .spaced_sentences = true,
    .weekdays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    .weekdays_short = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    .months = {"January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"},
    .months_short = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                     "Dec"},
    .date_long = "{weekday}, {month} {day}, {year}",
    .date_short = "{weekday} {month} {day}",
    .clock_12h = true,
    .hour_two_digits = false,
    .am = "AM",
    .pm = "PM",
    .date_time = "{date}, {time}",
    .time_range = "{start} – {end}",
    .zone_label = "{zone} time, {offset}",
    .decimal_separator = ".",
    .group_separator = ",",
    .min_grouping = 1,
    .money_with_symbol = "{symbol}{amount}",
    .money_with_code = "{code} {amount}",
    .symbols = kEnSymbols,
    .label_colon = ": ",
    .greeting = "Hi {name},",
    .greeting_plain = "Hello,",
    .sign_off = "See you soon,\n{merchant}",
    .label_what = "What",
    .label_when = "When",
    .label_your_time = "Your time",
    .label_with = "With",
    .label_where = "Where",
    .label_addons = "Add-ons",
    .label_total = "Total",
    .label_paid_now = "Paid now",
    .label_due_later = "Due at the appointment",
    .label_payment = "Payment",
    .label_reference = "Booking reference",
    .label_customer = "Customer",
    .label_email = "Email",
    .label_phone = "Phone",
    .label_refund = "Refund",
    .label_fee = "Cancellation fee",
    .what_quantity = "{service} × {count}",
    .payment_free = "Free of charge",
    .payment_external = "Paid directly to the business, not online",
    .payment_at_venue = "Paid at the venue",
    .payment_unpaid = "Not paid yet",
    .policy_heading = "Cancellation policy",
    .policy_free_until = "You can cancel free of charge until {deadline}.",
    .policy_free_until_start = "You can cancel free of charge until the start.",
    .policy_late_fee = "After that, a cancellation fee of {fee} applies.",
    .policy_late_free = "After that, cancelling is still free until the start.",
    .policy_late_all = "After that, what you paid is not refunded.",
    .policy_no_show_fee = "If you do not come, a fee of {fee} applies.",
    .policy_no_show_all = "If you do not come, what you paid is not refunded.",
    .policy_no_show_free = "If you do not come, what you paid is refunded.",
    .policy_deposit_kept = "The deposit of {amount} is not refundable.",
    .policy_nothing_paid = "Nothing was paid online, so cancelling costs nothing here.",
    .manage_button = "Manage your booking",
    .manage_text = "To cancel or reschedule, open {url}",
    .calendar_note = "The attached calendar file (booking.ics) adds the booking to your calendar.",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "Booking confirmed: {service}, {date} at {time}",
    .confirmed_intro = "Your booking with {merchant} is confirmed.",
    .cancelled_subject = "Booking cancelled: {service}, {date} at {time}",
    .cancelled_intro = "Your booking with {merchant} has been cancelled.",
    .refund_note =
        "The refund goes back to the card you paid with; banks usually show it "
        "within 5 to 10 business days.",
    .refund_pending_note = "The refund is on its way; you will see it on the card you paid with.",
    .nothing_to_refund = "Nothing was paid online, so there is nothing to refund.",
    .rescheduled_subject = "Booking moved: {service}, {date} at {time}",
    .rescheduled_intro = "Your booking with {merchant} has been moved to a new time.",
    .label_was = "Was",
    .pay_subject = "Payment for your booking: {service}, {date} ({amount})",
    .pay_intro = "{merchant} asks you to pay {amount} for your booking.",
    .pay_button = "Pay {amount}",
    .pay_text = "Pay securely at {url}",
    .pay_expires = "This link works until {deadline}.",
    .reminder_subject = "Reminder: {service}, {date} at {time}",
    .reminder_intro = "A reminder of your booking with {merchant}.",
    .confirm_subject = "Confirm your booking: {service}, {date}",
    .confirm_intro =
        "Please confirm your booking with {merchant}. It is held for you until you do; "
        "if you did not ask for it, ignore this email and it will be released.",
    .confirm_button = "Confirm your booking",
    .confirm_text = "Confirm it at {url}",
    .confirm_expires = "This link works until {deadline}.",
    .merchant_new_subject = "New booking: {service}, {date} at {time} ({customer})",
    .merchant_new_intro = "{customer} booked {service}.",
    .merchant_cancel_subject = "Cancelled: {service}, {date} at {time} ({customer})",
    .merchant_cancel_intro = "The booking of {service} by {customer} was cancelled.",
    .merchant_rescheduled_subject = "Moved: {service}, now {date} at {time} ({customer})",
    .merchant_rescheduled_intro = "{customer} moved their booking of {service}.",
    .bounce_subject = "Email to {customer} could not be delivered",
    .bounce_intro =
        "An email about this booking could not be delivered to {customer} "
        "({email}). You may want to reach them another way.",
    .bounce_reason = "The mail server answered {code}.",
};

constexpr std::string_view kWidgetLanguages[] = {"en", "es", "fr", "de", "pt-BR", "ja", "ar"};
constexpr const MailStrings* kTables[] = {&kEnglish,          &kSpanish,  &kFrench, &kGerman,
                                          &kPortugueseBrazil, &kJapanese, &kArabic};

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const MailStrings& mail_strings(std::string_view tag) {
  for (const MailStrings* t : kTables)
    if (iequal(t->tag, tag)) return *t;
  std::string_view base = tag.substr(0, tag.find_first_of("-_"));
  for (const MailStrings* t : kTables)
    if (iequal(t->tag.substr(0, t->tag.find('-')), base)) return *t;
  return kEnglish;
}

std::string email_language(std::string_view widget_tag) {
  const bool plausible =
      !widget_tag.empty() && widget_tag.size() <= 35 &&
      std::all_of(widget_tag.begin(), widget_tag.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
      });
  return plausible ? std::string(mail_strings(widget_tag).tag) : "";
}

std::span<const std::string_view> widget_languages() { return kWidgetLanguages; }
std::span<const MailStrings* const> mail_tables() { return kTables; }

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size() + 32);
  size_t i = 0;
  while (i < pattern.size()) {
    size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(pattern.substr(i, open - i));
    std::string_view key = pattern.substr(open + 1, close - open - 1);
    auto it =
        std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == key; });
    if (it != values.end())
      out.append(it->second);
    else
      out.append(pattern.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(pattern.substr(i));
  return out;
}

}  // namespace slotpay::mail
