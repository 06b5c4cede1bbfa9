// The words of every email, one table per language, so that a language is added by
// adding a table and nothing else. Locale tags are the widget's (web/src/i18n: en, es,
// fr, de, pt-BR, ja, ar); each has a table (English in strings.cpp, the others in
// strings_<tag>.cpp) and any other tag falls back to English.
//
// Patterns hold {placeholders} filled by fill(); they are plain text (never markup): the
// HTML renderer escapes the pattern and the values alike.
#pragma once

#include <array>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace slotpay::mail {

struct CurrencySymbol {
  std::string_view code;    // "usd"
  std::string_view symbol;  // "$"
};

struct MailStrings {
  std::string_view tag;  // the widget's locale tag: "en"
  std::string_view dir;  // "ltr" | "rtl" (the HTML body's direction)
  // Sentences of one paragraph are joined by a space; Japanese writes them without one.
  bool spaced_sentences;

  // Dates and times.
  std::array<std::string_view, 7> weekdays;        // Monday first (slotpay::weekday_index)
  std::array<std::string_view, 7> weekdays_short;  // as in date_short ("Sun", "dim.")
  std::array<std::string_view, 12> months;
  std::array<std::string_view, 12> months_short;
  std::string_view date_long;   // {weekday} {month} {day} {year}
  std::string_view date_short;  // {weekday} {month} {day} (subjects; the short names)
  bool clock_12h;
  bool hour_two_digits;  // "09:05" (fr, de, pt-BR) rather than "9:05" (en, es, ja, ar)
  std::string_view am, pm;
  std::string_view date_time;   // {date} {time}
  std::string_view time_range;  // {start} {end}
  std::string_view zone_label;  // {zone} {offset}

  // Money: {symbol}/{code} and {amount} (digits with these separators).
  std::string_view decimal_separator, group_separator;
  // Fewest digits before the first group separator: 2 for es ("1234,50" but "12.345,00"),
  // 1 elsewhere (CLDR's minimumGroupingDigits).
  int min_grouping;
  std::string_view money_with_symbol, money_with_code;
  std::span<const CurrencySymbol> symbols;

  // Shared parts.
  std::string_view label_colon;     // between a label and its value: ": ", "\u00A0: " (fr)
  std::string_view greeting;        // {name}
  std::string_view greeting_plain;  // when the name is unknown
  std::string_view sign_off;        // {merchant}
  std::string_view label_what, label_when, label_your_time, label_with, label_where, label_addons,
      label_total, label_paid_now, label_due_later, label_payment, label_reference, label_customer,
      label_email, label_phone, label_refund, label_fee;
  std::string_view what_quantity;  // {service} {count}
  std::string_view payment_free, payment_external, payment_at_venue, payment_unpaid;
  std::string_view policy_heading;
  std::string_view policy_free_until;        // {deadline}
  std::string_view policy_free_until_start;  // no late window
  std::string_view policy_late_fee;          // {fee}
  std::string_view policy_late_free;
  std::string_view policy_late_all;
  std::string_view policy_no_show_fee;  // {fee}
  std::string_view policy_no_show_all;
  std::string_view policy_no_show_free;
  std::string_view policy_deposit_kept;  // {amount}
  std::string_view policy_nothing_paid;
  std::string_view manage_button, manage_text;  // manage_text: {url}
  std::string_view calendar_note;
  std::string_view ics_summary;  // {service} {merchant}

  // Booking confirmed (customer).
  std::string_view confirmed_subject;  // {service} {date} {time}
  std::string_view confirmed_intro;    // {merchant}
  // Booking cancelled (customer).
  std::string_view cancelled_subject;  // {service} {date} {time}
  std::string_view cancelled_intro;    // {merchant}
  std::string_view refund_note;
  std::string_view refund_pending_note;
  std::string_view nothing_to_refund;
  // Booking rescheduled (customer; issue #12, the manage link).
  std::string_view rescheduled_subject;  // {service} {date} {time} (the new start)
  std::string_view rescheduled_intro;    // {merchant}
  std::string_view label_was;            // the old time, beside the new one
  // Payment link (customer).
  std::string_view pay_subject;  // {service} {date} {amount}
  std::string_view pay_intro;    // {merchant} {amount}
  std::string_view pay_button;   // {amount}
  std::string_view pay_text;     // {url}
  std::string_view pay_expires;  // {deadline}
  // Reminder (customer).
  std::string_view reminder_subject;  // {service} {date} {time}
  std::string_view reminder_intro;    // {merchant}
  // Confirm your booking (customer; issue #9: free and external-payment bookings).
  std::string_view confirm_subject;  // {service} {date}
  std::string_view confirm_intro;    // {merchant}
  std::string_view confirm_button;
  std::string_view confirm_text;     // {url}
  std::string_view confirm_expires;  // {deadline}
  // Copies to the merchant.
  std::string_view merchant_new_subject;          // {service} {date} {time} {customer}
  std::string_view merchant_new_intro;            // {customer} {service}
  std::string_view merchant_cancel_subject;       // {service} {date} {time} {customer}
  std::string_view merchant_cancel_intro;         // {customer} {service}
  std::string_view merchant_rescheduled_subject;  // {service} {date} {time} {customer}
  std::string_view merchant_rescheduled_intro;    // {customer} {service}
  std::string_view bounce_subject;                // {customer}
  std::string_view bounce_intro;                  // {customer} {email}
  std::string_view bounce_reason;                 // {code}
};

// The table for a locale tag: exact ("pt-BR"), else by language ("es-MX" -> es), else
// English. Tags are matched case-insensitively.
const MailStrings& mail_strings(std::string_view tag);

// The tag of the table an email for a customer whose widget spoke `widget_tag` is written
// in ("es-MX" -> "es", "PT-br" -> "pt-BR", an unknown language -> "en"), or "" when
// `widget_tag` is not a plausible BCP 47 tag (empty, over 35 characters, or characters
// other than letters, digits, '-' and '_'). A hint from the browser: never an error.
std::string email_language(std::string_view widget_tag);

// The widget's locale tags, and the ones with a table of their own (all of them).
std::span<const std::string_view> widget_languages();
std::span<const MailStrings* const> mail_tables();

// `pattern` with each {key} replaced by its value; unknown keys are left as written.
std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace slotpay::mail
