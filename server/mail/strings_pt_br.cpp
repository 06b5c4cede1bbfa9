// Brazilian Portuguese (pt-BR; also chosen for "pt"): "você", as the widget speaks
// (web/src/i18n/pt-BR.ts). Dates and money as Intl (pt-BR) writes them: "domingo, 8 de
// março de 2026", "09:30", "R$ 1.234,50" with a no-break space after the symbol.
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Symbols as Intl.NumberFormat("pt-BR", {style: "currency"}) writes them; other
// currencies by their code before the amount ("CHF 12,50"), as Intl does.
constexpr CurrencySymbol kPtBrSymbols[] = {
    {"aud", "AU$"},  {"brl", "R$"},  {"cad", "CA$"},  {"cny", "CN¥"}, {"eur", "€"},
    {"gbp", "£"},    {"hkd", "HK$"}, {"ils", "₪"},    {"inr", "₹"},   {"jpy", "JP¥"},
    {"krw", "₩"},    {"mxn", "MX$"}, {"nzd", "NZ$"},  {"thb", "฿"},   {"twd", "NT$"},
    {"usd", "US$"},  {"vnd", "₫"},   {"xaf", "FCFA"}, {"xcd", "EC$"}, {"xof", "F\u202FCFA"},
    {"xpf", "CFPF"},
};

}  // namespace

constinit const MailStrings kPortugueseBrazil{
    .tag = "pt-BR",
    .dir = "ltr",
    .spaced_sentences = true,
    .weekdays = {"segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
                 "sábado", "domingo"},
    .weekdays_short = {"seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."},
    .months = {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
               "setembro", "outubro", "novembro", "dezembro"},
    .months_short = {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.",
                     "nov.", "dez."},
    .date_long = "{weekday}, {day} de {month} de {year}",
    .date_short = "{weekday}, {day} de {month}",
    .clock_12h = false,
    .hour_two_digits = true,
    .am = "AM",
    .pm = "PM",
    .date_time = "{date} às {time}",
    .time_range = "{start} – {end}",
    .zone_label = "horário de {zone}, {offset}",
    .decimal_separator = ",",
    .group_separator = ".",
    .min_grouping = 1,
    .money_with_symbol = "{symbol}\u00A0{amount}",
    .money_with_code = "{code}\u00A0{amount}",
    .symbols = kPtBrSymbols,
    .label_colon = ": ",
    .greeting = "Olá, {name}!",
    .greeting_plain = "Olá!",
    .sign_off = "Até breve,\n{merchant}",
    .label_what = "Serviço",
    .label_when = "Data e horário",
    .label_your_time = "Seu horário local",
    .label_with = "Com",
    .label_where = "Local",
    .label_addons = "Adicionais",
    .label_total = "Total",
    .label_paid_now = "Pago agora",
    .label_due_later = "A pagar no atendimento",
    .label_payment = "Pagamento",
    .label_reference = "Código do agendamento",
    .label_customer = "Cliente",
    .label_email = "E-mail",
    .label_phone = "Telefone",
    .label_refund = "Reembolso",
    .label_fee = "Taxa de cancelamento",
    .what_quantity = "{service} × {count}",
    .payment_free = "Gratuito",
    .payment_external = "Pago diretamente ao estabelecimento, não on-line",
    .payment_at_venue = "Pago no local",
    .payment_unpaid = "Ainda não pago",
    .policy_heading = "Política de cancelamento",
    .policy_free_until = "Você pode cancelar sem custo até {deadline}.",
    .policy_free_until_start = "Você pode cancelar sem custo até o horário de início.",
    .policy_late_fee = "Depois disso, é cobrada uma taxa de cancelamento de {fee}.",
    .policy_late_free = "Depois disso, o cancelamento continua sem custo até o horário de início.",
    .policy_late_all = "Depois disso, o valor pago não é reembolsado.",
    .policy_no_show_fee = "Se você não comparecer, será cobrada uma taxa de {fee}.",
    .policy_no_show_all = "Se você não comparecer, o valor pago não será reembolsado.",
    .policy_no_show_free = "Se você não comparecer, o valor pago será reembolsado.",
    .policy_deposit_kept = "O sinal de {amount} não é reembolsável.",
    .policy_nothing_paid = "Nada foi pago on-line, então cancelar não tem custo.",
    .manage_button = "Gerenciar agendamento",
    .manage_text = "Para cancelar ou remarcar, acesse {url}",
    .calendar_note =
        "Com o arquivo de calendário anexo (booking.ics), você pode adicionar o agendamento à "
        "sua agenda.",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "Agendamento confirmado: {service}, {date} às {time}",
    .confirmed_intro = "Seu agendamento com {merchant} está confirmado.",
    .cancelled_subject = "Agendamento cancelado: {service}, {date} às {time}",
    .cancelled_intro = "Seu agendamento com {merchant} foi cancelado.",
    .refund_note =
        "O reembolso será feito no cartão usado no pagamento; os bancos costumam exibi-lo em "
        "5 a 10 dias úteis.",
    .refund_pending_note =
        "O reembolso está a caminho; ele aparecerá no cartão usado no pagamento.",
    .nothing_to_refund = "Nada foi pago on-line, então não há nada a reembolsar.",
    .rescheduled_subject = "Agendamento remarcado: {service}, {date} às {time}",
    .rescheduled_intro = "Seu agendamento com {merchant} foi remarcado para um novo horário.",
    .label_was = "Horário anterior",
    .pay_subject = "Pagamento do seu agendamento: {service}, {date} ({amount})",
    .pay_intro = "{merchant} solicita o pagamento de {amount} pelo seu agendamento.",
    .pay_button = "Pagar {amount}",
    .pay_text = "Pague com segurança em {url}",
    .pay_expires = "Este link é válido até {deadline}.",
    .reminder_subject = "Lembrete: {service}, {date} às {time}",
    .reminder_intro = "Este é um lembrete do seu agendamento com {merchant}.",
    .confirm_subject = "Confirme seu agendamento: {service}, {date}",
    .confirm_intro =
        "Confirme seu agendamento com {merchant}. O horário fica reservado para você até a "
        "confirmação; se você não fez este pedido, ignore este e-mail e o horário será "
        "liberado.",
    .confirm_button = "Confirmar agendamento",
    .confirm_text = "Confirme em {url}",
    .confirm_expires = "Este link é válido até {deadline}.",
    .merchant_new_subject = "Novo agendamento: {service}, {date} às {time} ({customer})",
    .merchant_new_intro = "{customer} agendou {service}.",
    .merchant_cancel_subject = "Cancelado: {service}, {date} às {time} ({customer})",
    .merchant_cancel_intro = "O agendamento de {service} feito por {customer} foi cancelado.",
    .merchant_rescheduled_subject = "Remarcado: {service}, agora {date} às {time} ({customer})",
    .merchant_rescheduled_intro = "{customer} remarcou o agendamento de {service}.",
    .bounce_subject = "Não foi possível entregar o e-mail para {customer}",
    .bounce_intro =
        "Não foi possível entregar um e-mail sobre este agendamento para {customer} "
        "({email}). Talvez seja melhor entrar em contato por outro meio.",
    .bounce_reason = "O servidor de e-mail respondeu {code}.",
};

}  // namespace slotpay::mail
