// German (de): "Sie", as the widget speaks (web/src/i18n/de.ts). Dates and money as Intl
// (de) writes them: "Sonntag, 8. März 2026", "09:30", "1.234,50 €".
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("de", {style: "currency"}) writes them; other currencies
// by their code after the amount ("12,50 CHF"), as Intl does.
constexpr CurrencySymbol kDeSymbols[] = {
    {"aud", "AU$"},  {"brl", "R$"},  {"cad", "CA$"},  {"cny", "CN¥"}, {"eur", "€"},
    {"gbp", "£"},    {"hkd", "HK$"}, {"ils", "₪"},    {"inr", "₹"},   {"jpy", "¥"},
    {"krw", "₩"},    {"mxn", "MX$"}, {"nzd", "NZ$"},  {"thb", "฿"},   {"twd", "NT$"},
    {"usd", "$"},    {"vnd", "₫"},   {"xaf", "FCFA"}, {"xcd", "EC$"}, {"xof", "F\u202FCFA"},
    {"xpf", "CFPF"},
};

}  // namespace

constinit const MailStrings kGerman{
    .tag = "de",
    .dir = "ltr",
    .spaced_sentences = true,
    .weekdays = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
    .weekdays_short = {"Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."},
    .months = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember"},
    .months_short = {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
                     "Nov.", "Dez."},
    .date_long = "{weekday}, {day}. {month} {year}",
    .date_short = "{weekday}, {day}. {month}",
    .clock_12h = false,
    .hour_two_digits = true,
    .am = "AM",
    .pm = "PM",
    .date_time = "{date}, {time}",
    .time_range = "{start} – {end}",
    .zone_label = "Zeitzone {zone}, {offset}",
    .decimal_separator = ",",
    .group_separator = ".",
    .min_grouping = 1,
    .money_with_symbol = "{amount}\u00A0{symbol}",
    .money_with_code = "{amount}\u00A0{code}",
    .symbols = kDeSymbols,
    .label_colon = ": ",
    .greeting = "Hallo {name},",
    .greeting_plain = "Guten Tag,",
    .sign_off = "Viele Grüße\n{merchant}",
    .label_what = "Leistung",
    .label_when = "Termin",
    .label_your_time = "Ihre Ortszeit",
    .label_with = "Bei",
    .label_where = "Ort",
    .label_addons = "Extras",
    .label_total = "Gesamt",
    .label_paid_now = "Bereits bezahlt",
    .label_due_later = "Beim Termin fällig",
    .label_payment = "Zahlung",
    .label_reference = "Buchungsnummer",
    .label_customer = "Kunde",
    .label_email = "E-Mail",
    .label_phone = "Telefon",
    .label_refund = "Erstattung",
    .label_fee = "Stornogebühr",
    .what_quantity = "{service} × {count}",
    .payment_free = "Kostenlos",
    .payment_external = "Wird direkt beim Unternehmen bezahlt, nicht online",
    .payment_at_venue = "Wird vor Ort bezahlt",
    .payment_unpaid = "Noch nicht bezahlt",
    .policy_heading = "Stornobedingungen",
    .policy_free_until = "Sie können bis {deadline} kostenlos stornieren.",
    .policy_free_until_start = "Sie können bis zum Beginn des Termins kostenlos stornieren.",
    .policy_late_fee = "Danach fällt eine Stornogebühr von {fee} an.",
    .policy_late_free = "Auch danach ist die Stornierung bis zum Beginn des Termins kostenlos.",
    .policy_late_all = "Danach wird der bezahlte Betrag nicht erstattet.",
    .policy_no_show_fee = "Wenn Sie nicht erscheinen, fällt eine Gebühr von {fee} an.",
    .policy_no_show_all = "Wenn Sie nicht erscheinen, wird der bezahlte Betrag nicht erstattet.",
    .policy_no_show_free = "Wenn Sie nicht erscheinen, wird der bezahlte Betrag erstattet.",
    .policy_deposit_kept = "Die Anzahlung von {amount} wird nicht erstattet.",
    .policy_nothing_paid =
        "Es wurde nichts online bezahlt, daher kostet Sie eine Stornierung hier nichts.",
    .manage_button = "Buchung verwalten",
    .manage_text = "Zum Stornieren oder Verschieben öffnen Sie {url}",
    .calendar_note =
        "Mit der angehängten Kalenderdatei (booking.ics) können Sie den Termin in Ihren "
        "Kalender übernehmen.",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "Buchung bestätigt: {service}, {date} um {time}",
    .confirmed_intro = "Ihre Buchung bei {merchant} ist bestätigt.",
    .cancelled_subject = "Buchung storniert: {service}, {date} um {time}",
    .cancelled_intro = "Ihre Buchung bei {merchant} wurde storniert.",
    .refund_note =
        "Der Betrag wird auf die Karte erstattet, mit der Sie bezahlt haben; Banken zeigen "
        "die Gutschrift in der Regel innerhalb von 5 bis 10 Werktagen an.",
    .refund_pending_note =
        "Die Erstattung ist unterwegs; Sie sehen sie auf der Karte, mit der Sie bezahlt haben.",
    .nothing_to_refund = "Es wurde nichts online bezahlt, daher gibt es nichts zu erstatten.",
    .rescheduled_subject = "Termin verschoben: {service}, {date} um {time}",
    .rescheduled_intro = "Ihre Buchung bei {merchant} wurde auf einen neuen Termin verschoben.",
    .label_was = "Bisheriger Termin",
    .pay_subject = "Zahlung für Ihre Buchung: {service}, {date} ({amount})",
    .pay_intro = "{merchant} bittet Sie, {amount} für Ihre Buchung zu bezahlen.",
    .pay_button = "{amount} bezahlen",
    .pay_text = "Sicher bezahlen unter {url}",
    .pay_expires = "Dieser Link ist gültig bis {deadline}.",
    .reminder_subject = "Erinnerung: {service}, {date} um {time}",
    .reminder_intro = "Wir möchten Sie an Ihre Buchung bei {merchant} erinnern.",
    .confirm_subject = "Bitte bestätigen Sie Ihre Buchung: {service}, {date}",
    .confirm_intro =
        "Bitte bestätigen Sie Ihre Buchung bei {merchant}. Bis dahin halten wir den Termin für "
        "Sie frei; falls Sie ihn nicht angefragt haben, ignorieren Sie diese E-Mail einfach, "
        "dann wird er wieder freigegeben.",
    .confirm_button = "Buchung bestätigen",
    .confirm_text = "Zur Bestätigung: {url}",
    .confirm_expires = "Dieser Link ist gültig bis {deadline}.",
    .merchant_new_subject = "Neue Buchung: {service}, {date} um {time} ({customer})",
    .merchant_new_intro = "{customer} hat {service} gebucht.",
    .merchant_cancel_subject = "Storniert: {service}, {date} um {time} ({customer})",
    .merchant_cancel_intro = "Die Buchung von {service} durch {customer} wurde storniert.",
    .merchant_rescheduled_subject = "Verschoben: {service}, jetzt {date} um {time} ({customer})",
    .merchant_rescheduled_intro = "{customer} hat die Buchung von {service} verschoben.",
    .bounce_subject = "E-Mail an {customer} konnte nicht zugestellt werden",
    .bounce_intro =
        "Eine E-Mail zu dieser Buchung konnte nicht an {customer} ({email}) zugestellt werden. "
        "Am besten nehmen Sie auf anderem Weg Kontakt auf.",
    .bounce_reason = "Der Mailserver antwortete mit {code}.",
};

}  // namespace slotpay::mail
