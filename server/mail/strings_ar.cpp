// Arabic (ar): Modern Standard Arabic, right to left, addressing the customer as the
// widget does (web/src/i18n/ar.ts). Dates with the month names Intl (ar) uses ("الأحد، 8
// مارس 2026") and its 12-hour clock with ص/م; digits are Western (0-9), as Intl (ar)
// and so the widget write them (see README.md). Money as Intl (ar) writes it: a
// right-to-left mark, the amount, a no-break space, the symbol ("‏12.50 US$").
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("ar", {style: "currency"}) writes them, with the Arab
// currencies' own abbreviations (each ends in a right-to-left mark, as Intl writes it);
// other currencies by their code after the amount, as Intl does.
constexpr CurrencySymbol kArSymbols[] = {
    {"aed", "د.إ.\u200F"}, {"aud", "AU$"},        {"bhd", "د.ب.\u200F"}, {"brl", "R$"},
    {"cad", "CA$"},        {"cny", "CN¥"},        {"dzd", "د.ج.\u200F"}, {"egp", "ج.م.\u200F"},
    {"eur", "€"},          {"gbp", "UK£"},        {"hkd", "HK$"},        {"ils", "₪"},
    {"inr", "₹"},          {"jod", "د.أ.\u200F"}, {"jpy", "JP¥"},        {"krw", "₩"},
    {"kwd", "د.ك.\u200F"}, {"lbp", "ل.ل.\u200F"}, {"mad", "د.م.\u200F"}, {"mxn", "MX$"},
    {"nzd", "NZ$"},        {"omr", "ر.ع.\u200F"}, {"qar", "ر.ق.\u200F"}, {"sar", "ر.س.\u200F"},
    {"thb", "฿"},          {"tnd", "د.ت.\u200F"}, {"twd", "NT$"},        {"usd", "US$"},
    {"vnd", "₫"},          {"xaf", "FCFA"},       {"xcd", "EC$"},        {"xof", "F\u202FCFA"},
    {"xpf", "CFPF"},       {"yer", "ر.ي.\u200F"},
};

}  // namespace

constinit const MailStrings kArabic{
    .tag = "ar",
    .dir = "rtl",
    .spaced_sentences = true,
    .weekdays = {"الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"},
    .weekdays_short = {"الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"},
    .months = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
               "أكتوبر", "نوفمبر", "ديسمبر"},
    .months_short = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                     "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
    .date_long = "{weekday}، {day} {month} {year}",
    .date_short = "{weekday}، {day} {month}",
    .clock_12h = true,
    .hour_two_digits = false,
    .am = "ص",
    .pm = "م",
    .date_time = "{date}، الساعة {time}",
    .time_range = "{start} – {end}",
    .zone_label = "بتوقيت {zone}، {offset}",
    .decimal_separator = ".",
    .group_separator = ",",
    .min_grouping = 1,
    .money_with_symbol = "\u200F{amount}\u00A0{symbol}",
    .money_with_code = "\u200F{amount}\u00A0{code}",
    .symbols = kArSymbols,
    .label_colon = ": ",
    .greeting = "مرحبًا {name}،",
    .greeting_plain = "مرحبًا،",
    .sign_off = "مع أطيب التحيات،\n{merchant}",
    .label_what = "الخدمة",
    .label_when = "الموعد",
    .label_your_time = "بتوقيتك المحلي",
    .label_with = "مع",
    .label_where = "المكان",
    .label_addons = "الإضافات",
    .label_total = "الإجمالي",
    .label_paid_now = "المدفوع الآن",
    .label_due_later = "المستحق عند الموعد",
    .label_payment = "الدفع",
    .label_reference = "رقم الحجز",
    .label_customer = "العميل",
    .label_email = "البريد الإلكتروني",
    .label_phone = "الهاتف",
    .label_refund = "المبلغ المسترد",
    .label_fee = "رسوم الإلغاء",
    .what_quantity = "{service} × {count}",
    .payment_free = "مجانًا",
    .payment_external = "يُدفع مباشرة إلى النشاط التجاري، وليس عبر الإنترنت",
    .payment_at_venue = "يُدفع في المكان",
    .payment_unpaid = "لم يُدفع بعد",
    .policy_heading = "سياسة الإلغاء",
    .policy_free_until = "يمكنك الإلغاء مجانًا حتى {deadline}.",
    .policy_free_until_start = "يمكنك الإلغاء مجانًا حتى موعد البدء.",
    .policy_late_fee = "بعد ذلك، تُطبَّق رسوم إلغاء قدرها {fee}.",
    .policy_late_free = "بعد ذلك، يظل الإلغاء مجانيًا حتى موعد البدء.",
    .policy_late_all = "بعد ذلك، لا يُسترد المبلغ الذي دفعته.",
    .policy_no_show_fee = "إذا لم تحضر، تُطبَّق رسوم قدرها {fee}.",
    .policy_no_show_all = "إذا لم تحضر، لا يُسترد المبلغ الذي دفعته.",
    .policy_no_show_free = "إذا لم تحضر، يُسترد المبلغ الذي دفعته.",
    .policy_deposit_kept = "العربون البالغ {amount} غير قابل للاسترداد.",
    .policy_nothing_paid = "لم يُدفع أي مبلغ عبر الإنترنت، لذا لا يكلّفك الإلغاء شيئًا.",
    .manage_button = "إدارة حجزك",
    .manage_text = "لإلغاء الحجز أو تغيير موعده، افتح {url}",
    .calendar_note = "يمكنك إضافة الحجز إلى تقويمك باستخدام ملف التقويم المرفق (booking.ics).",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "تم تأكيد الحجز: {service}، {date}، {time}",
    .confirmed_intro = "تم تأكيد حجزك لدى {merchant}.",
    .cancelled_subject = "تم إلغاء الحجز: {service}، {date}، {time}",
    .cancelled_intro = "تم إلغاء حجزك لدى {merchant}.",
    .refund_note =
        "يُعاد المبلغ إلى البطاقة التي دفعت بها، وعادةً ما يظهر في حسابك البنكي خلال 5 إلى 10 "
        "أيام عمل.",
    .refund_pending_note = "جارٍ استرداد المبلغ، وسيظهر على البطاقة التي دفعت بها.",
    .nothing_to_refund = "لم يُدفع أي مبلغ عبر الإنترنت، لذا لا يوجد ما يُسترد.",
    .rescheduled_subject = "تم تغيير موعد الحجز: {service}، {date}، {time}",
    .rescheduled_intro = "تم نقل حجزك لدى {merchant} إلى موعد جديد.",
    .label_was = "الموعد السابق",
    .pay_subject = "دفع قيمة حجزك: {service}، {date} ({amount})",
    .pay_intro = "يطلب منك {merchant} دفع {amount} مقابل حجزك.",
    .pay_button = "ادفع {amount}",
    .pay_text = "ادفع بأمان عبر {url}",
    .pay_expires = "يظل هذا الرابط صالحًا حتى {deadline}.",
    .reminder_subject = "تذكير: {service}، {date}، {time}",
    .reminder_intro = "نذكّرك بحجزك لدى {merchant}.",
    .confirm_subject = "أكّد حجزك: {service}، {date}",
    .confirm_intro =
        "يرجى تأكيد حجزك لدى {merchant}. الموعد محجوز لك حتى تؤكده؛ وإن لم تطلب هذا الحجز "
        "فتجاهل هذه الرسالة وسيُلغى الحجز.",
    .confirm_button = "تأكيد الحجز",
    .confirm_text = "أكّد الحجز عبر {url}",
    .confirm_expires = "يظل هذا الرابط صالحًا حتى {deadline}.",
    .merchant_new_subject = "حجز جديد: {service}، {date}، {time} ({customer})",
    .merchant_new_intro = "حجز {customer} خدمة {service}.",
    .merchant_cancel_subject = "حجز ملغى: {service}، {date}، {time} ({customer})",
    .merchant_cancel_intro = "تم إلغاء حجز {customer} لخدمة {service}.",
    .merchant_rescheduled_subject =
        "تغيير موعد: {service}، الموعد الجديد {date}، {time} ({customer})",
    .merchant_rescheduled_intro = "غيّر {customer} موعد حجزه لخدمة {service}.",
    .bounce_subject = "تعذّر تسليم رسالة البريد الإلكتروني إلى {customer}",
    .bounce_intro =
        "تعذّر تسليم رسالة بريد إلكتروني بخصوص هذا الحجز إلى {customer} ({email}). قد ترغب في "
        "التواصل معه بطريقة أخرى.",
    .bounce_reason = "ردّ خادم البريد بالرمز {code}.",
};

}  // namespace slotpay::mail
