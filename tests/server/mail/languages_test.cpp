// The email tables of the widget's languages (strings.hpp, strings_<tag>.cpp): complete,
// with the English placeholders, picked by tag, and rendering dates and money the way
// each locale writes them (the expected money is what node's Intl.NumberFormat prints).
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "mail/format.hpp"
#include "mail/strings.hpp"
#include "mail/templates.hpp"
#include "support/ics_reader.hpp"
#include "support/mime_reader.hpp"

using namespace slotpay;
using namespace slotpay::mail;
namespace reader = slotpay::mail::testing;  // the strict iCalendar and MIME readers

namespace {

struct Field {
  std::string_view name;
  std::string_view MailStrings::*member;
};

// Every text field of MailStrings, listed once; the static_assert below fails when a
// field is added to the struct and not here.
constexpr Field kFields[] = {
    {"tag", &MailStrings::tag},
    {"dir", &MailStrings::dir},
    {"date_long", &MailStrings::date_long},
    {"date_short", &MailStrings::date_short},
    {"am", &MailStrings::am},
    {"pm", &MailStrings::pm},
    {"date_time", &MailStrings::date_time},
    {"time_range", &MailStrings::time_range},
    {"zone_label", &MailStrings::zone_label},
    {"decimal_separator", &MailStrings::decimal_separator},
    {"group_separator", &MailStrings::group_separator},
    {"money_with_symbol", &MailStrings::money_with_symbol},
    {"money_with_code", &MailStrings::money_with_code},
    {"label_colon", &MailStrings::label_colon},
    {"greeting", &MailStrings::greeting},
    {"greeting_plain", &MailStrings::greeting_plain},
    {"sign_off", &MailStrings::sign_off},
    {"label_what", &MailStrings::label_what},
    {"label_when", &MailStrings::label_when},
    {"label_your_time", &MailStrings::label_your_time},
    {"label_with", &MailStrings::label_with},
    {"label_where", &MailStrings::label_where},
    {"label_addons", &MailStrings::label_addons},
    {"label_total", &MailStrings::label_total},
    {"label_paid_now", &MailStrings::label_paid_now},
    {"label_due_later", &MailStrings::label_due_later},
    {"label_payment", &MailStrings::label_payment},
    {"label_reference", &MailStrings::label_reference},
    {"label_customer", &MailStrings::label_customer},
    {"label_email", &MailStrings::label_email},
    {"label_phone", &MailStrings::label_phone},
    {"label_refund", &MailStrings::label_refund},
    {"label_fee", &MailStrings::label_fee},
    {"what_quantity", &MailStrings::what_quantity},
    {"payment_free", &MailStrings::payment_free},
    {"payment_external", &MailStrings::payment_external},
    {"payment_at_venue", &MailStrings::payment_at_venue},
    {"payment_unpaid", &MailStrings::payment_unpaid},
    {"policy_heading", &MailStrings::policy_heading},
    {"policy_free_until", &MailStrings::policy_free_until},
    {"policy_free_until_start", &MailStrings::policy_free_until_start},
    {"policy_late_fee", &MailStrings::policy_late_fee},
    {"policy_late_free", &MailStrings::policy_late_free},
    {"policy_late_all", &MailStrings::policy_late_all},
    {"policy_no_show_fee", &MailStrings::policy_no_show_fee},
    {"policy_no_show_all", &MailStrings::policy_no_show_all},
    {"policy_no_show_free", &MailStrings::policy_no_show_free},
    {"policy_deposit_kept", &MailStrings::policy_deposit_kept},
    {"policy_nothing_paid", &MailStrings::policy_nothing_paid},
    {"manage_button", &MailStrings::manage_button},
    {"manage_text", &MailStrings::manage_text},
    {"calendar_note", &MailStrings::calendar_note},
    {"ics_summary", &MailStrings::ics_summary},
    {"confirmed_subject", &MailStrings::confirmed_subject},
    {"confirmed_intro", &MailStrings::confirmed_intro},
    {"cancelled_subject", &MailStrings::cancelled_subject},
    {"cancelled_intro", &MailStrings::cancelled_intro},
    {"refund_note", &MailStrings::refund_note},
    {"refund_pending_note", &MailStrings::refund_pending_note},
    {"nothing_to_refund", &MailStrings::nothing_to_refund},
    {"rescheduled_subject", &MailStrings::rescheduled_subject},
    {"rescheduled_intro", &MailStrings::rescheduled_intro},
    {"label_was", &MailStrings::label_was},
    {"pay_subject", &MailStrings::pay_subject},
    {"pay_intro", &MailStrings::pay_intro},
    {"pay_button", &MailStrings::pay_button},
    {"pay_text", &MailStrings::pay_text},
    {"pay_expires", &MailStrings::pay_expires},
    {"reminder_subject", &MailStrings::reminder_subject},
    {"reminder_intro", &MailStrings::reminder_intro},
    {"confirm_subject", &MailStrings::confirm_subject},
    {"confirm_intro", &MailStrings::confirm_intro},
    {"confirm_button", &MailStrings::confirm_button},
    {"confirm_text", &MailStrings::confirm_text},
    {"confirm_expires", &MailStrings::confirm_expires},
    {"merchant_new_subject", &MailStrings::merchant_new_subject},
    {"merchant_new_intro", &MailStrings::merchant_new_intro},
    {"merchant_cancel_subject", &MailStrings::merchant_cancel_subject},
    {"merchant_cancel_intro", &MailStrings::merchant_cancel_intro},
    {"merchant_rescheduled_subject", &MailStrings::merchant_rescheduled_subject},
    {"merchant_rescheduled_intro", &MailStrings::merchant_rescheduled_intro},
    {"bounce_subject", &MailStrings::bounce_subject},
    {"bounce_intro", &MailStrings::bounce_intro},
    {"bounce_reason", &MailStrings::bounce_reason},
};

// The struct is the fields above, the four name arrays (7 + 7 + 12 + 12 entries), the
// symbol span, and three slots holding the three bools and the int (each padded to the
// next text's alignment): a field added to MailStrings without being listed above
// changes the size.
static_assert(sizeof(MailStrings) == (std::size(kFields) + 38) * sizeof(std::string_view) +
                                         sizeof(std::span<const CurrencySymbol>) +
                                         3 * alignof(std::string_view),
              "a MailStrings field is missing from kFields");

// The {placeholders} of a pattern, sorted.
std::vector<std::string> placeholders(std::string_view pattern) {
  std::vector<std::string> out;
  std::string text(pattern);
  const std::regex brace(R"(\{[^{}]*\})");
  for (std::sregex_iterator it(text.begin(), text.end(), brace), end; it != end; ++it)
    out.push_back(it->str());
  std::sort(out.begin(), out.end());
  return out;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

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

Currency currency(const char* code) {
  auto c = find_currency(code, "currency");
  REQUIRE(c.ok());
  return c.value();
}

// Sunday 8 March 2026, 01:30-03:30 in New York (the night the clocks go forward); free
// cancellation until 24 h before, which is Saturday 7 March.
BookingFacts facts(std::string_view language) {
  BookingFacts b;
  b.booking_id = "bk_7f3a";
  b.language = std::string(language);
  b.merchant_name = "Salon Zoë";
  b.merchant_email = "salon@example.com";
  b.location = "1 Main St, Springfield";
  b.service_name = "Haircut";
  b.addon_names = {"Wash"};
  b.staff_name = "Ana";
  b.start = at("2026-03-08T01:30:00-05:00");
  b.end = at("2026-03-08T03:30:00-04:00");
  b.merchant_zone = zone("America/New_York");
  b.customer_zone = zone("Asia/Kathmandu");  // 12:15-13:15 there (New York changes clocks)
  b.customer = Customer{"Jo Customer", "jo@example.com", "+12125550100"};
  b.currency = currency("usd");
  b.total = 123450;
  b.paid_now = 2000;
  b.due_later = 121450;
  b.cancellation.free_until_min = 24 * 60;
  b.cancellation.fee.rate_bps = 5000;
  b.manage_url = "https://book.example.com/manage/bk_7f3a?t=abc.def";
  return b;
}

const IcsStamp kStamp{"book.example.com", 0, Instant{1772900000}};

void no_placeholders(const Email& e) {
  INFO(e.kind);
  CHECK_FALSE(contains(e.subject, "{"));
  CHECK_FALSE(contains(e.text, "{"));
  CHECK_FALSE(contains(e.html, "{"));
  if (e.calendar) CHECK_FALSE(contains(e.calendar->ics, "{"));
}

}  // namespace

TEST_CASE("languages: every table has every field, with the English placeholders") {
  const MailStrings& en = mail_strings("en");
  REQUIRE(mail_tables().size() == widget_languages().size());
  for (const MailStrings* t : mail_tables()) {
    INFO(t->tag);
    for (const Field& f : kFields) {
      INFO(f.name);
      CHECK_FALSE((t->*f.member).empty());
      CHECK(placeholders(t->*f.member) == placeholders(en.*f.member));
    }
    for (const auto* names : {&t->weekdays, &t->weekdays_short})
      for (std::string_view name : *names) CHECK_FALSE(name.empty());
    for (const auto* names : {&t->months, &t->months_short})
      for (std::string_view name : *names) CHECK_FALSE(name.empty());
    CHECK((t->dir == "ltr" || t->dir == "rtl"));
    CHECK((t->min_grouping == 1 || t->min_grouping == 2));
    CHECK_FALSE(t->symbols.empty());
    for (const CurrencySymbol& sym : t->symbols) {
      INFO(sym.code);
      CHECK(find_currency(sym.code, "currency").ok());
      CHECK_FALSE(sym.symbol.empty());
    }
  }
}

TEST_CASE("languages: mail_strings picks by exact tag, then by language, else English") {
  for (std::string_view tag : widget_languages()) CHECK(mail_strings(tag).tag == tag);
  CHECK(mail_strings("es-MX").tag == "es");
  CHECK(mail_strings("pt-BR").tag == "pt-BR");
  CHECK(mail_strings("pt-br").tag == "pt-BR");
  CHECK(mail_strings("pt").tag == "pt-BR");
  CHECK(mail_strings("pt_PT").tag == "pt-BR");
  CHECK(mail_strings("fr-CA").tag == "fr");
  CHECK(mail_strings("de-AT").tag == "de");
  CHECK(mail_strings("ja-JP").tag == "ja");
  CHECK(mail_strings("ar-EG").tag == "ar");
  CHECK(mail_strings("EN-gb").tag == "en");
  CHECK(mail_strings("xx").tag == "en");
  CHECK(mail_strings("").tag == "en");
  CHECK(mail_strings("e").tag == "en");
  CHECK(mail_strings("ar").dir == "rtl");
  for (std::string_view tag : {"en", "es", "fr", "de", "pt-BR", "ja"})
    CHECK(mail_strings(tag).dir == "ltr");
}

TEST_CASE("languages: email_language keeps the table's tag of a plausible widget tag") {
  for (std::string_view tag : widget_languages()) CHECK(email_language(tag) == tag);
  CHECK(email_language("es-MX") == "es");
  CHECK(email_language("PT-br") == "pt-BR");
  CHECK(email_language("ar_EG") == "ar");
  CHECK(email_language("zh-Hant-TW") == "en");  // no table: English
  CHECK(email_language("").empty());
  CHECK(email_language("en\r\nBcc: x@example.com").empty());
  CHECK(email_language("<script>").empty());
  CHECK(email_language(std::string(36, 'a')).empty());
  CHECK(email_language(std::string(35, 'a')) == "en");
}

TEST_CASE("languages: money as Intl.NumberFormat writes it in each language") {
  struct Amount {
    int64_t minor;
    const char* code;
  };
  // 1,234.50 EUR; 12.50 and 60.00 USD; 1,250 JPY; 1,234.50 CHF (no symbol anywhere);
  // 99,999.99 GBP; 1,000,000.00 BRL; 1.250 KWD; 12.50 CNY; 5,000 XOF; 12.50 AED.
  const Amount amounts[] = {{123450, "eur"}, {1250, "usd"},    {6000, "usd"},      {1250, "jpy"},
                            {123450, "chf"}, {9999999, "gbp"}, {100000000, "brl"}, {1250, "kwd"},
                            {1250, "cny"},   {5000, "xof"},    {1250, "aed"}};
  struct Row {
    std::string_view tag;
    std::vector<std::string_view> expected;
  };
  // Printed by node 20 (ICU 73): new Intl.NumberFormat(tag, {style: "currency",
  // currency}).format(value) for each amount above, invisible spaces and marks escaped.
  const Row rows[] = {
      {"es",
       {"1234,50\u00A0€", "12,50\u00A0US$", "60,00\u00A0US$", "1250\u00A0JPY", "1234,50\u00A0CHF",
        "99.999,99\u00A0GBP", "1.000.000,00\u00A0BRL", "1,250\u00A0KWD", "12,50\u00A0CNY",
        "5000\u00A0XOF", "12,50\u00A0AED"}},
      {"fr",
       {"1\u202F234,50\u00A0€", "12,50\u00A0$US", "60,00\u00A0$US", "1\u202F250\u00A0JPY",
        "1\u202F234,50\u00A0CHF", "99\u202F999,99\u00A0£GB", "1\u202F000\u202F000,00\u00A0R$",
        "1,250\u00A0KWD", "12,50\u00A0CNY", "5\u202F000\u00A0F\u202FCFA", "12,50\u00A0AED"}},
      {"de",
       {"1.234,50\u00A0€", "12,50\u00A0$", "60,00\u00A0$", "1.250\u00A0¥", "1.234,50\u00A0CHF",
        "99.999,99\u00A0£", "1.000.000,00\u00A0R$", "1,250\u00A0KWD", "12,50\u00A0CN¥",
        "5.000\u00A0F\u202FCFA", "12,50\u00A0AED"}},
      {"pt-BR",
       {"€\u00A01.234,50", "US$\u00A012,50", "US$\u00A060,00", "JP¥\u00A01.250",
        "CHF\u00A01.234,50", "£\u00A099.999,99", "R$\u00A01.000.000,00", "KWD\u00A01,250",
        "CN¥\u00A012,50", "F\u202FCFA\u00A05.000", "AED\u00A012,50"}},
      {"ja",
       {"€1,234.50", "$12.50", "$60.00", "￥1,250", "CHF\u00A01,234.50", "£99,999.99",
        "R$1,000,000.00", "KWD\u00A01.250", "元\u00A012.50", "F\u202FCFA\u00A05,000",
        "AED\u00A012.50"}},
      {"ar",
       {"\u200F1,234.50\u00A0€", "\u200F12.50\u00A0US$", "\u200F60.00\u00A0US$",
        "\u200F1,250\u00A0JP¥", "\u200F1,234.50\u00A0CHF", "\u200F99,999.99\u00A0UK£",
        "\u200F1,000,000.00\u00A0R$", "\u200F1.250\u00A0د.ك.\u200F", "\u200F12.50\u00A0CN¥",
        "\u200F5,000\u00A0F\u202FCFA", "\u200F12.50\u00A0د.إ.\u200F"}},
  };
  for (const Row& row : rows) {
    INFO(row.tag);
    REQUIRE(row.expected.size() == std::size(amounts));
    for (size_t i = 0; i < row.expected.size(); ++i) {
      INFO(amounts[i].code << " " << amounts[i].minor);
      CHECK(format_money(amounts[i].minor, currency(amounts[i].code), mail_strings(row.tag)) ==
            row.expected[i]);
    }
  }
}

TEST_CASE("languages: dates and times as each locale writes them") {
  const TimeZone ny = zone("America/New_York");
  // Sunday 8 March 2026, 13:05 and 09:30 in New York; Saturday 7 March, 00:00.
  const Instant afternoon = at("2026-03-08T13:05:00-04:00");
  const Instant morning = at("2026-03-08T09:30:00-04:00");
  const Instant saturday = at("2026-03-07T00:00:00-05:00");
  struct Row {
    std::string_view tag;
    std::string_view afternoon, morning, saturday, short_date;
  };
  const Row rows[] = {
      {"en", "Sunday, March 8, 2026, 1:05 PM", "Sunday, March 8, 2026, 9:30 AM",
       "Saturday, March 7, 2026, 12:00 AM", "Sun Mar 8"},
      {"es", "domingo, 8 de marzo de 2026, 13:05", "domingo, 8 de marzo de 2026, 9:30",
       "sábado, 7 de marzo de 2026, 0:00", "dom, 8 mar"},
      {"fr", "dimanche 8 mars 2026 à 13:05", "dimanche 8 mars 2026 à 09:30",
       "samedi 7 mars 2026 à 00:00", "dim. 8 mars"},
      {"de", "Sonntag, 8. März 2026, 13:05", "Sonntag, 8. März 2026, 09:30",
       "Samstag, 7. März 2026, 00:00", "So., 8. März"},
      {"pt-BR", "domingo, 8 de março de 2026 às 13:05", "domingo, 8 de março de 2026 às 09:30",
       "sábado, 7 de março de 2026 às 00:00", "dom., 8 de mar."},
      {"ja", "2026年3月8日(日) 13:05", "2026年3月8日(日) 9:30", "2026年3月7日(土) 0:00",
       "3月8日(日)"},
      {"ar", "الأحد، 8 مارس 2026، الساعة 1:05 م", "الأحد، 8 مارس 2026، الساعة 9:30 ص",
       "السبت، 7 مارس 2026، الساعة 12:00 ص", "الأحد، 8 مارس"},
  };
  for (const Row& row : rows) {
    INFO(row.tag);
    const MailStrings& s = mail_strings(row.tag);
    CHECK(format_instant(afternoon, ny, s) == row.afternoon);
    CHECK(format_instant(morning, ny, s) == row.morning);
    CHECK(format_instant(saturday, ny, s) == row.saturday);
    CHECK(format_date_short(ny.to_local(afternoon).date, s) == row.short_date);
  }
  // Every month and weekday of every table, in a date of its own (3 January 2028 is a
  // Monday): the names come from the table's arrays, never cut mid-character.
  for (const MailStrings* s : mail_tables()) {
    INFO(s->tag);
    for (int m = 1; m <= 12; ++m) {
      std::string text = format_date(LocalDate{2028, m, 3}, *s);
      CHECK(contains(text, s->months[m - 1]));
      CHECK(contains(text, "2028"));
    }
    for (int d = 3; d <= 9; ++d) {
      CHECK(contains(format_date(LocalDate{2028, 1, d}, *s), s->weekdays[d - 3]));
      CHECK(contains(format_date_short(LocalDate{2028, 1, d}, *s), s->weekdays_short[d - 3]));
    }
  }
}

TEST_CASE("languages: the confirmation in each language - subject, dates, money, direction") {
  struct Row {
    std::string_view tag;
    std::string_view subject;
    std::string_view when;       // the merchant's time, a Sunday
    std::string_view your_time;  // the customer's (Kathmandu), past noon
    std::string_view deadline;   // the free-cancellation sentence, the Saturday before
    std::string_view total;      // 1,234.50 USD
  };
  const Row rows[] = {
      {"en", "Booking confirmed: Haircut, Sun Mar 8 at 1:30 AM",
       "Sunday, March 8, 2026, 1:30 AM – 3:30 AM (America/New_York time, UTC-05:00)",
       "Sunday, March 8, 2026, 12:15 PM – 1:15 PM (Asia/Kathmandu time, UTC+05:45)",
       "You can cancel free of charge until Saturday, March 7, 2026, 1:30 AM.", "$1,234.50"},
      {"es", "Reserva confirmada: Haircut, dom, 8 mar, 1:30",
       "domingo, 8 de marzo de 2026, 1:30 – 3:30 (hora de America/New_York, UTC-05:00)",
       "domingo, 8 de marzo de 2026, 12:15 – 13:15 (hora de Asia/Kathmandu, UTC+05:45)",
       "Puedes cancelar gratis hasta el sábado, 7 de marzo de 2026, 1:30.", "1234,50\u00A0US$"},
      {"fr", "Réservation confirmée\u00A0: Haircut, dim. 8 mars à 01:30",
       "dimanche 8 mars 2026 à 01:30 – 03:30 (heure de America/New_York, UTC-05:00)",
       "dimanche 8 mars 2026 à 12:15 – 13:15 (heure de Asia/Kathmandu, UTC+05:45)",
       "Vous pouvez annuler gratuitement jusqu’au samedi 7 mars 2026 à 01:30.",
       "1\u202F234,50\u00A0$US"},
      {"de", "Buchung bestätigt: Haircut, So., 8. März um 01:30",
       "Sonntag, 8. März 2026, 01:30 – 03:30 (Zeitzone America/New_York, UTC-05:00)",
       "Sonntag, 8. März 2026, 12:15 – 13:15 (Zeitzone Asia/Kathmandu, UTC+05:45)",
       "Sie können bis Samstag, 7. März 2026, 01:30 kostenlos stornieren.", "1.234,50\u00A0$"},
      {"pt-BR", "Agendamento confirmado: Haircut, dom., 8 de mar. às 01:30",
       "domingo, 8 de março de 2026 às 01:30 – 03:30 (horário de America/New_York, UTC-05:00)",
       "domingo, 8 de março de 2026 às 12:15 – 13:15 (horário de Asia/Kathmandu, UTC+05:45)",
       "Você pode cancelar sem custo até sábado, 7 de março de 2026 às 01:30.",
       "US$\u00A01.234,50"},
      {"ja", "【予約確定】Haircut（3月8日(日) 1:30）",
       "2026年3月8日(日) 1:30～3:30 (America/New_York 時間、UTC-05:00)",
       "2026年3月8日(日) 12:15～13:15 (Asia/Kathmandu 時間、UTC+05:45)",
       "2026年3月7日(土) 1:30までは無料でキャンセルできます。", "$1,234.50"},
      {"ar", "تم تأكيد الحجز: Haircut، الأحد، 8 مارس، 1:30 ص",
       "الأحد، 8 مارس 2026، الساعة 1:30 ص – 3:30 ص (بتوقيت America/New_York، UTC-05:00)",
       "الأحد، 8 مارس 2026، الساعة 12:15 م – 1:15 م (بتوقيت Asia/Kathmandu، UTC+05:45)",
       "يمكنك الإلغاء مجانًا حتى السبت، 7 مارس 2026، الساعة 1:30 ص.", "\u200F1,234.50\u00A0US$"},
  };
  REQUIRE(std::size(rows) == widget_languages().size());
  // French puts a no-break space before a colon; Japanese uses the full-width colon and
  // no space between sentences.
  CHECK(contains(confirmation_email(facts("fr"), kStamp).text, "Total\u00A0: 1\u202F234,50"));
  CHECK(contains(confirmation_email(facts("ja"), kStamp).text, "合計：$1,234.50"));
  CHECK(contains(confirmation_email(facts("ja"), kStamp).text, "キャンセルできます。それ以降"));
  CHECK(contains(confirmation_email(facts("en"), kStamp).text, "1:30 AM. After that"));
  for (const Row& row : rows) {
    INFO(row.tag);
    const MailStrings& s = mail_strings(row.tag);
    Email e = confirmation_email(facts(row.tag), kStamp);
    no_placeholders(e);
    CHECK(e.subject == row.subject);
    for (const std::string* body : {&e.text, &e.html}) {
      CHECK(contains(*body, row.when));
      CHECK(contains(*body, row.your_time));
      CHECK(contains(*body, row.deadline));
      CHECK(contains(*body, row.total));
      CHECK(contains(*body, s.policy_heading));
      CHECK(contains(*body, fill(s.confirmed_intro, {{"merchant", "Salon Zoë"}})));
    }
    CHECK(contains(
        e.text, std::string(s.label_total) + std::string(s.label_colon) + std::string(row.total)));
    CHECK(contains(e.text, fill(s.greeting, {{"name", "Jo Customer"}})));
    CHECK(contains(e.html, "<html lang=\"" + std::string(row.tag) + "\" dir=\"" +
                               std::string(row.tag == "ar" ? "rtl" : "ltr") + "\">"));
    CHECK(contains(e.html, ">" + std::string(s.manage_button) + "</a>"));
    // The gap between a label and its value is on the side the value is.
    CHECK(
        contains(e.html, row.tag == "ar" ? "padding:4px 0 4px 16px;" : "padding:4px 16px 4px 0;"));
    REQUIRE(e.calendar);
    const reader::IcsComponent cal = reader::parse_ics(e.calendar->ics);
    const reader::IcsComponent& event = *cal.children_named("VEVENT")[0];
    CHECK(reader::unescape_text(event.required("SUMMARY").value) ==
          fill(s.ics_summary, {{"service", "Haircut"}, {"merchant", "Salon Zoë"}}));
  }
}

TEST_CASE("languages: every other email renders in each language with its own words") {
  for (std::string_view tag : widget_languages()) {
    INFO(tag);
    const MailStrings& s = mail_strings(tag);
    BookingFacts b = facts(tag);
    const CancellationFacts cancelled{1000, 1000, false};
    Email cancel = cancellation_email(b, cancelled, kStamp);
    Email pay = payment_link_email(b, PaymentLinkFacts{"https://book.example.com/pay/x", 2000,
                                                       at("2026-03-05T12:00:00-05:00")});
    Email reminder = reminder_email(b);
    Email confirm = confirm_request_email(
        b, ConfirmLinkFacts{"https://book.example.com/confirm/x", at("2026-03-05T12:00:00-05:00")});
    Email copy = merchant_copy(b, std::nullopt);
    Email copy_cancelled = merchant_copy(b, cancelled);
    Email bounce = bounce_notice(b, 550);
    for (const Email* e : {&cancel, &pay, &reminder, &confirm, &copy, &copy_cancelled, &bounce}) {
      no_placeholders(*e);
      CHECK(contains(e->html, "dir=\"" + std::string(s.dir) + "\""));
    }
    const std::string date = format_date_short(LocalDate{2026, 3, 8}, s);
    const std::string time = format_time(LocalDateTime{LocalDate{2026, 3, 8}, 90, 0}, s);
    auto subject = [&](std::string_view pattern) {
      return fill(pattern, {{"service", "Haircut"},
                            {"date", date},
                            {"time", time},
                            {"customer", "Jo Customer"},
                            {"amount", format_money(2000, b.currency, s)}});
    };
    CHECK(cancel.subject == subject(s.cancelled_subject));
    CHECK(contains(cancel.text, std::string(s.label_fee) + std::string(s.label_colon) +
                                    format_money(1000, b.currency, s)));
    CHECK(contains(cancel.text, s.refund_note));
    CHECK(pay.subject == subject(s.pay_subject));
    CHECK(contains(
        pay.html,
        ">" + fill(s.pay_button, {{"amount", format_money(2000, b.currency, s)}}) + "</a>"));
    CHECK(contains(pay.text,
                   fill(s.pay_expires, {{"deadline", format_instant(at("2026-03-05T12:00:00-05:00"),
                                                                    b.merchant_zone, s)}})));
    CHECK(reminder.subject == subject(s.reminder_subject));
    CHECK(contains(reminder.text, fill(s.reminder_intro, {{"merchant", "Salon Zoë"}})));
    CHECK(confirm.subject == subject(s.confirm_subject));
    CHECK(contains(confirm.html, ">" + std::string(s.confirm_button) + "</a>"));
    CHECK(copy.subject == subject(s.merchant_new_subject));
    CHECK(contains(copy.text,
                   std::string(s.label_customer) + std::string(s.label_colon) + "Jo Customer"));
    CHECK(copy_cancelled.subject == subject(s.merchant_cancel_subject));
    CHECK(bounce.subject == subject(s.bounce_subject));
    CHECK(contains(bounce.text, fill(s.bounce_reason, {{"code", "550"}})));
    if (tag != "en") {
      // Not the English words (a table that fell back would pass everything above).
      const MailStrings& en = mail_strings("en");
      CHECK(cancel.subject != subject(en.cancelled_subject));
      CHECK_FALSE(
          contains(reminder.text, std::string(en.label_when) + std::string(en.label_colon)));
      CHECK_FALSE(
          contains(copy.text, std::string(en.label_customer) + std::string(en.label_colon)));
    }
  }
}

TEST_CASE("languages: the rescheduled words fill without placeholders left in each language") {
  // The rescheduled email itself comes with the reschedule (issue #12); its words are here.
  for (const MailStrings* s : mail_tables()) {
    INFO(s->tag);
    for (std::string_view pattern : {s->rescheduled_subject, s->merchant_rescheduled_subject})
      CHECK_FALSE(contains(
          fill(pattern, {{"service", "Haircut"}, {"date", "d"}, {"time", "t"}, {"customer", "Jo"}}),
          "{"));
    CHECK_FALSE(contains(fill(s->rescheduled_intro, {{"merchant", "Salon"}}), "{"));
    CHECK_FALSE(contains(
        fill(s->merchant_rescheduled_intro, {{"customer", "Jo"}, {"service", "Cut"}}), "{"));
  }
}

TEST_CASE("languages: HTML escaping holds for non-ASCII text and leaves it intact") {
  for (std::string_view tag : widget_languages()) {
    INFO(tag);
    const MailStrings& s = mail_strings(tag);
    BookingFacts b = facts(tag);
    b.merchant_name = "Café <b>Zoë</b> & 日本 \"ساعة\"";
    b.customer.name = "<script>Ünïcødé</script>";
    b.service_name = "Corte <img src=x> “deluxe” ’s";
    b.staff_name = "Ана <em>";
    for (const Email& e : {confirmation_email(b, kStamp), merchant_copy(b, std::nullopt),
                           reminder_email(b), bounce_notice(b, 550)}) {
      INFO(e.kind);
      no_placeholders(e);
      CHECK_FALSE(contains(e.html, "<script"));
      CHECK_FALSE(contains(e.html, "<img"));
      CHECK_FALSE(contains(e.html, "<b>"));
      CHECK_FALSE(contains(e.html, "<em>"));
      CHECK(contains(e.html, "&lt;script&gt;Ünïcødé&lt;/script&gt;"));
      CHECK(contains(e.html, "Corte &lt;img src=x&gt; “deluxe” ’s"));
      CHECK(contains(e.html, "Ана &lt;em&gt;"));
      CHECK(contains(e.text, "Ана <em>"));  // the plain text is not HTML
    }
    Email confirmed = confirmation_email(b, kStamp);
    CHECK(contains(confirmed.html, "Café &lt;b&gt;Zoë&lt;/b&gt; &amp; 日本 &quot;ساعة&quot;"));
    // The table's own words pass through unchanged (an apostrophe in a word would be
    // escaped, which is still correct HTML).
    CHECK(contains(confirmed.html, html_escape(s.policy_heading)));
    CHECK(contains(confirmed.html, html_escape(s.calendar_note)));
  }
  CHECK(html_escape("l’annulation d'un <rendez-vous> & “Zoë”") ==
        "l’annulation d&#39;un &lt;rendez-vous&gt; &amp; “Zoë”");
}

TEST_CASE("languages: each language's email survives MIME encoding intact") {
  const Sender sender{"bookings@platform.example", "platform.example"};
  for (std::string_view tag : widget_languages()) {
    INFO(tag);
    for (const Email& e :
         {confirmation_email(facts(tag), kStamp), merchant_copy(facts(tag), std::nullopt)}) {
      INFO(e.kind);
      auto built = build_message(e, sender, Instant{1772900000}, "<abc123@platform.example>");
      REQUIRE(built.ok());
      // Strict: CRLF, 7-bit, lines of at most 998 octets.
      const reader::MimePart msg = reader::parse_mime(built.value().data);
      CHECK(reader::decode_header(msg.one("Subject")) == e.subject);
      const reader::MimePart& alternative = e.calendar ? msg.parts[0] : msg;
      REQUIRE(alternative.parts.size() == 2);
      CHECK(alternative.parts[0].body == e.text);
      CHECK(alternative.parts[1].body == e.html);
    }
  }
}
