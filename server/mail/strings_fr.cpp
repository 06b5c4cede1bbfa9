// French (fr): "vous", as the widget speaks (web/src/i18n/fr.ts). Dates and money as Intl
// (fr) writes them: "dimanche 8 mars 2026", "09:30", "1 234,50 €" with a narrow no-break
// space between groups and a no-break space before the symbol; a no-break space before
// ":" as French typography wants.
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("fr", {style: "currency"}) writes them; other currencies
// by their code after the amount ("12,50 CHF"), as Intl does.
constexpr CurrencySymbol kFrSymbols[] = {
    {"ars", "$AR"},        {"aud", "$AU"},  {"bmd", "$BM"}, {"bnd", "$BN"}, {"brl", "R$"},
    {"bzd", "$BZ"},        {"cad", "$CA"},  {"clp", "$CL"}, {"cop", "$CO"}, {"eur", "€"},
    {"fjd", "$FJ"},        {"fkp", "£FK"},  {"gbp", "£GB"}, {"gip", "£GI"}, {"ils", "₪"},
    {"inr", "₹"},          {"krw", "₩"},    {"lbp", "£LB"}, {"mxn", "$MX"}, {"nad", "$NA"},
    {"nzd", "$NZ"},        {"sbd", "$SB"},  {"sgd", "$SG"}, {"srd", "$SR"}, {"ttd", "$TT"},
    {"usd", "$US"},        {"uyu", "$UY"},  {"vnd", "₫"},   {"wst", "$WS"}, {"xaf", "FCFA"},
    {"xof", "F\u202FCFA"}, {"xpf", "FCFP"},
};

}  // namespace

constinit const MailStrings kFrench{
    .tag = "fr",
    .dir = "ltr",
    .spaced_sentences = true,
    .weekdays = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
    .weekdays_short = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."},
    .months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre"},
    .months_short = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                     "oct.", "nov.", "déc."},
    .date_long = "{weekday} {day} {month} {year}",
    .date_short = "{weekday} {day} {month}",
    .clock_12h = false,
    .hour_two_digits = true,
    .am = "AM",
    .pm = "PM",
    .date_time = "{date} à {time}",
    .time_range = "{start} – {end}",
    .zone_label = "heure de {zone}, {offset}",
    .decimal_separator = ",",
    .group_separator = "\u202F",
    .min_grouping = 1,
    .money_with_symbol = "{amount}\u00A0{symbol}",
    .money_with_code = "{amount}\u00A0{code}",
    .symbols = kFrSymbols,
    .label_colon = "\u00A0: ",
    .greeting = "Bonjour {name},",
    .greeting_plain = "Bonjour,",
    .sign_off = "À bientôt,\n{merchant}",
    .label_what = "Prestation",
    .label_when = "Date et heure",
    .label_your_time = "Votre heure locale",
    .label_with = "Avec",
    .label_where = "Lieu",
    .label_addons = "Options",
    .label_total = "Total",
    .label_paid_now = "Payé en ligne",
    .label_due_later = "À régler au rendez-vous",
    .label_payment = "Paiement",
    .label_reference = "Référence de réservation",
    .label_customer = "Client",
    .label_email = "E-mail",
    .label_phone = "Téléphone",
    .label_refund = "Remboursement",
    .label_fee = "Frais d’annulation",
    .what_quantity = "{service} × {count}",
    .payment_free = "Gratuit",
    .payment_external = "Payé directement à l’établissement, pas en ligne",
    .payment_at_venue = "Payé sur place",
    .payment_unpaid = "Pas encore payé",
    .policy_heading = "Conditions d’annulation",
    .policy_free_until = "Vous pouvez annuler gratuitement jusqu’au {deadline}.",
    .policy_free_until_start = "Vous pouvez annuler gratuitement jusqu’au début du rendez-vous.",
    .policy_late_fee = "Passé ce délai, des frais d’annulation de {fee} s’appliquent.",
    .policy_late_free =
        "Passé ce délai, l’annulation reste gratuite jusqu’au début du rendez-vous.",
    .policy_late_all = "Passé ce délai, le montant payé n’est pas remboursé.",
    .policy_no_show_fee = "En cas d’absence, des frais de {fee} s’appliquent.",
    .policy_no_show_all = "En cas d’absence, le montant payé n’est pas remboursé.",
    .policy_no_show_free = "En cas d’absence, le montant payé vous est remboursé.",
    .policy_deposit_kept = "L’acompte de {amount} n’est pas remboursable.",
    .policy_nothing_paid =
        "Rien n’a été payé en ligne\u00A0: une annulation ne vous coûte donc rien.",
    .manage_button = "Gérer votre réservation",
    .manage_text = "Pour annuler ou changer d’horaire, ouvrez {url}",
    .calendar_note =
        "Le fichier de calendrier joint (booking.ics) vous permet d’ajouter la réservation à "
        "votre agenda.",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "Réservation confirmée\u00A0: {service}, {date} à {time}",
    .confirmed_intro = "Votre réservation chez {merchant} est confirmée.",
    .cancelled_subject = "Réservation annulée\u00A0: {service}, {date} à {time}",
    .cancelled_intro = "Votre réservation chez {merchant} a été annulée.",
    .refund_note =
        "Le remboursement est effectué sur la carte utilisée pour le paiement\u00A0; il "
        "apparaît en général sous 5 à 10 jours ouvrés, selon votre banque.",
    .refund_pending_note =
        "Le remboursement est en cours\u00A0; il apparaîtra sur la carte utilisée pour le "
        "paiement.",
    .nothing_to_refund = "Rien n’a été payé en ligne\u00A0: il n’y a donc rien à rembourser.",
    .rescheduled_subject = "Réservation déplacée\u00A0: {service}, {date} à {time}",
    .rescheduled_intro = "Votre réservation chez {merchant} a été déplacée à un nouvel horaire.",
    .label_was = "Ancien horaire",
    .pay_subject = "Paiement de votre réservation\u00A0: {service}, {date} ({amount})",
    .pay_intro = "{merchant} vous invite à régler {amount} pour votre réservation.",
    .pay_button = "Payer {amount}",
    .pay_text = "Payez en toute sécurité sur {url}",
    .pay_expires = "Ce lien est valable jusqu’au {deadline}.",
    .reminder_subject = "Rappel\u00A0: {service}, {date} à {time}",
    .reminder_intro = "Nous vous rappelons votre réservation chez {merchant}.",
    .confirm_subject = "Confirmez votre réservation\u00A0: {service}, {date}",
    .confirm_intro =
        "Merci de confirmer votre réservation chez {merchant}. Le créneau vous est réservé "
        "jusqu’à votre confirmation\u00A0; si vous n’avez rien demandé, ignorez cet e-mail et "
        "il sera libéré.",
    .confirm_button = "Confirmer la réservation",
    .confirm_text = "Confirmez-la sur {url}",
    .confirm_expires = "Ce lien est valable jusqu’au {deadline}.",
    .merchant_new_subject = "Nouvelle réservation\u00A0: {service}, {date} à {time} ({customer})",
    .merchant_new_intro = "{customer} a réservé {service}.",
    .merchant_cancel_subject = "Annulation\u00A0: {service}, {date} à {time} ({customer})",
    .merchant_cancel_intro = "La réservation de {service} par {customer} a été annulée.",
    .merchant_rescheduled_subject =
        "Réservation déplacée\u00A0: {service}, désormais le {date} à {time} ({customer})",
    .merchant_rescheduled_intro = "{customer} a déplacé sa réservation de {service}.",
    .bounce_subject = "L’e-mail destiné à {customer} n’a pas pu être distribué",
    .bounce_intro =
        "Un e-mail concernant cette réservation n’a pas pu être distribué à {customer} "
        "({email}). Mieux vaut prendre contact par un autre moyen.",
    .bounce_reason = "Le serveur de messagerie a répondu {code}.",
};

}  // namespace slotpay::mail
