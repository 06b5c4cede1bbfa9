// Japanese (ja): polite です/ます with the customer addressed as お客様 / 〇〇 様, as the
// widget speaks (web/src/i18n/ja.ts). Dates as Japanese email writes them:
// "2026年3月8日(日) 9:30" (24-hour clock, no leading zero, the weekday in parentheses as
// Intl's short date "3月8日(日)"); money as Intl (ja) writes it: "￥1,250", "$12.50".
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("ja", {style: "currency"}) writes them (the yen is the
// full-width ￥). Intl puts a no-break space after a symbol that ends in a letter
// ("元 1,250.00"), so those symbols carry it here; other currencies are written with their
// code ("CHF 12.50"), as Intl does.
constexpr CurrencySymbol kJaSymbols[] = {
    {"aud", "A$"},
    {"brl", "R$"},
    {"cad", "CA$"},
    {"cny", "元\u00A0"},
    {"eur", "€"},
    {"gbp", "£"},
    {"hkd", "HK$"},
    {"ils", "₪"},
    {"inr", "₹"},
    {"jpy", "￥"},
    {"krw", "₩"},
    {"mxn", "MX$"},
    {"nzd", "NZ$"},
    {"twd", "NT$"},
    {"usd", "$"},
    {"vnd", "₫"},
    {"xaf", "FCFA\u00A0"},
    {"xcd", "EC$"},
    {"xof", "F\u202FCFA\u00A0"},
    {"xpf", "CFPF\u00A0"},
};

}  // namespace

constinit const MailStrings kJapanese{
    .tag = "ja",
    .dir = "ltr",
    .spaced_sentences = false,
    // One character: Japanese dates carry the weekday in parentheses, "2026年3月8日(日)".
    .weekdays = {"月", "火", "水", "木", "金", "土", "日"},
    .weekdays_short = {"月", "火", "水", "木", "金", "土", "日"},
    .months = {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月",
               "12月"},
    .months_short = {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月",
                     "12月"},
    .date_long = "{year}年{month}{day}日({weekday})",
    .date_short = "{month}{day}日({weekday})",
    .clock_12h = false,
    .hour_two_digits = false,
    .am = "午前",
    .pm = "午後",
    .date_time = "{date} {time}",
    .time_range = "{start}～{end}",
    .zone_label = "{zone} 時間、{offset}",
    .decimal_separator = ".",
    .group_separator = ",",
    .min_grouping = 1,
    .money_with_symbol = "{symbol}{amount}",
    .money_with_code = "{code}\u00A0{amount}",
    .symbols = kJaSymbols,
    .label_colon = "：",
    .greeting = "{name} 様",
    .greeting_plain = "お客様",
    .sign_off = "今後ともよろしくお願いいたします。\n{merchant}",
    .label_what = "メニュー",
    .label_when = "日時",
    .label_your_time = "お客様の現地時間",
    .label_with = "担当",
    .label_where = "場所",
    .label_addons = "オプション",
    .label_total = "合計",
    .label_paid_now = "お支払い済み",
    .label_due_later = "当日のお支払い",
    .label_payment = "お支払い",
    .label_reference = "予約番号",
    .label_customer = "お客様",
    .label_email = "メールアドレス",
    .label_phone = "電話番号",
    .label_refund = "返金額",
    .label_fee = "キャンセル料",
    .what_quantity = "{service} × {count}",
    .payment_free = "無料",
    .payment_external = "店舗へ直接お支払い（オンライン決済なし）",
    .payment_at_venue = "現地でお支払い",
    .payment_unpaid = "未払い",
    .policy_heading = "キャンセルポリシー",
    .policy_free_until = "{deadline}までは無料でキャンセルできます。",
    .policy_free_until_start = "開始時刻までは無料でキャンセルできます。",
    .policy_late_fee = "それ以降のキャンセルには、{fee}のキャンセル料がかかります。",
    .policy_late_free = "それ以降も、開始時刻までは無料でキャンセルできます。",
    .policy_late_all = "それ以降のキャンセルでは、お支払い済みの金額は返金されません。",
    .policy_no_show_fee = "無断キャンセルの場合は、{fee}のキャンセル料がかかります。",
    .policy_no_show_all = "無断キャンセルの場合、お支払い済みの金額は返金されません。",
    .policy_no_show_free = "無断キャンセルの場合も、お支払い済みの金額は返金されます。",
    .policy_deposit_kept = "予約金{amount}は返金されません。",
    .policy_nothing_paid = "オンラインでのお支払いはないため、キャンセル料はかかりません。",
    .manage_button = "予約の確認・変更",
    .manage_text = "キャンセルや日時の変更はこちら：{url}",
    .calendar_note = "添付のカレンダーファイル（booking.ics）で、予約をカレンダーに追加できます。",
    .ics_summary = "{service}（{merchant}）",
    .confirmed_subject = "【予約確定】{service}（{date} {time}）",
    .confirmed_intro = "{merchant}でのご予約が確定しました。",
    .cancelled_subject = "【予約キャンセル】{service}（{date} {time}）",
    .cancelled_intro = "{merchant}でのご予約はキャンセルされました。",
    .refund_note =
        "返金はお支払いに使用されたカードに行われます。カード明細への反映には、通常5～10営業日"
        "ほどかかります。",
    .refund_pending_note = "返金の手続き中です。お支払いに使用されたカードに返金されます。",
    .nothing_to_refund = "オンラインでのお支払いはないため、返金はありません。",
    .rescheduled_subject = "【予約日時の変更】{service}（{date} {time}）",
    .rescheduled_intro = "{merchant}でのご予約の日時が変更されました。",
    .label_was = "変更前",
    .pay_subject = "【お支払いのお願い】{service}（{date}、{amount}）",
    .pay_intro = "{merchant}より、ご予約の代金{amount}のお支払いをお願いいたします。",
    .pay_button = "{amount} を支払う",
    .pay_text = "こちらから安全にお支払いいただけます：{url}",
    .pay_expires = "このリンクは{deadline}まで有効です。",
    .reminder_subject = "【ご予約のお知らせ】{service}（{date} {time}）",
    .reminder_intro = "{merchant}でのご予約についてお知らせします。",
    .confirm_subject = "【ご予約の確認】{service}（{date}）",
    .confirm_intro =
        "{merchant}でのご予約を確定するため、確認をお願いいたします。確認いただくまで、この"
        "お時間はお客様のために確保しております。お心当たりのない場合は、このメールを破棄して"
        "ください。確保したお時間は解放されます。",
    .confirm_button = "予約を確定する",
    .confirm_text = "こちらから確定してください：{url}",
    .confirm_expires = "このリンクは{deadline}まで有効です。",
    .merchant_new_subject = "【新規予約】{service}（{date} {time}、{customer} 様）",
    .merchant_new_intro = "{customer} 様から{service}のご予約が入りました。",
    .merchant_cancel_subject = "【キャンセル】{service}（{date} {time}、{customer} 様）",
    .merchant_cancel_intro = "{customer} 様の{service}のご予約がキャンセルされました。",
    .merchant_rescheduled_subject = "【日時変更】{service}（変更後 {date} {time}、{customer} 様）",
    .merchant_rescheduled_intro = "{customer} 様が{service}のご予約の日時を変更されました。",
    .bounce_subject = "{customer} 様へのメールを配信できませんでした",
    .bounce_intro =
        "このご予約に関するメールを{customer} 様（{email}）に配信できませんでした。別の方法で"
        "ご連絡いただくことをおすすめします。",
    .bounce_reason = "メールサーバーの応答コード：{code}",
};

}  // namespace slotpay::mail
