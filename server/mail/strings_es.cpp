// Spanish (es): neutral Spanish for Spain and Latin America, "tú" as the widget speaks
// (web/src/i18n/es.ts). Dates and money as Intl (es) writes them: "domingo, 8 de marzo de
// 2026", "13:30", "1234,50 €" (no group separator under five digits), "12,50 US$".
#include "mail/strings_tables.hpp"

namespace slotpay::mail {
namespace {

// Intl.NumberFormat("es", {style: "currency"}) names only these by symbol; every other
// currency by its code after the amount ("12,50 CHF"), as Intl does.
constexpr CurrencySymbol kEsSymbols[] = {
    {"eur", "€"}, {"thb", "฿"}, {"usd", "US$"}, {"vnd", "₫"}, {"xpf", "CFPF"},
};

}  // namespace

constinit const MailStrings kSpanish{
    .tag = "es",
    .dir = "ltr",
    .spaced_sentences = true,
    .weekdays = {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
    .weekdays_short = {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"},
    .months = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre"},
    .months_short = {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov",
                     "dic"},
    .date_long = "{weekday}, {day} de {month} de {year}",
    .date_short = "{weekday}, {day} {month}",
    .clock_12h = false,
    .hour_two_digits = false,
    .am = "a. m.",
    .pm = "p. m.",
    .date_time = "{date}, {time}",
    .time_range = "{start} – {end}",
    .zone_label = "hora de {zone}, {offset}",
    .decimal_separator = ",",
    .group_separator = ".",
    .min_grouping = 2,
    .money_with_symbol = "{amount}\u00A0{symbol}",
    .money_with_code = "{amount}\u00A0{code}",
    .symbols = kEsSymbols,
    .label_colon = ": ",
    .greeting = "Hola, {name}:",
    .greeting_plain = "Hola:",
    .sign_off = "Saludos cordiales,\n{merchant}",
    .label_what = "Servicio",
    .label_when = "Fecha y hora",
    .label_your_time = "Tu hora local",
    .label_with = "Con",
    .label_where = "Lugar",
    .label_addons = "Extras",
    .label_total = "Total",
    .label_paid_now = "Pagado ahora",
    .label_due_later = "A pagar en la cita",
    .label_payment = "Pago",
    .label_reference = "Referencia de la reserva",
    .label_customer = "Cliente",
    .label_email = "Correo electrónico",
    .label_phone = "Teléfono",
    .label_refund = "Reembolso",
    .label_fee = "Cargo por cancelación",
    .what_quantity = "{service} × {count}",
    .payment_free = "Gratis",
    .payment_external = "Se paga directamente al negocio, no en línea",
    .payment_at_venue = "Se paga en el local",
    .payment_unpaid = "Pendiente de pago",
    .policy_heading = "Política de cancelación",
    .policy_free_until = "Puedes cancelar gratis hasta el {deadline}.",
    .policy_free_until_start = "Puedes cancelar gratis hasta la hora de inicio.",
    .policy_late_fee = "Después, se cobra un cargo por cancelación de {fee}.",
    .policy_late_free = "Después, cancelar sigue siendo gratis hasta la hora de inicio.",
    .policy_late_all = "Después, no se reembolsa lo que pagaste.",
    .policy_no_show_fee = "Si no te presentas, se cobra un cargo de {fee}.",
    .policy_no_show_all = "Si no te presentas, no se reembolsa lo que pagaste.",
    .policy_no_show_free = "Si no te presentas, se te reembolsa lo que pagaste.",
    .policy_deposit_kept = "El depósito de {amount} no es reembolsable.",
    .policy_nothing_paid = "No pagaste nada en línea, así que cancelar no te cuesta nada.",
    .manage_button = "Gestionar tu reserva",
    .manage_text = "Para cancelar o cambiar la fecha, abre {url}",
    .calendar_note =
        "Con el archivo de calendario adjunto (booking.ics) puedes añadir la reserva a tu "
        "calendario.",
    .ics_summary = "{service} ({merchant})",
    .confirmed_subject = "Reserva confirmada: {service}, {date}, {time}",
    .confirmed_intro = "Tu reserva con {merchant} está confirmada.",
    .cancelled_subject = "Reserva cancelada: {service}, {date}, {time}",
    .cancelled_intro = "Tu reserva con {merchant} se ha cancelado.",
    .refund_note =
        "El reembolso se hará en la tarjeta con la que pagaste; los bancos suelen reflejarlo "
        "en un plazo de 5 a 10 días hábiles.",
    .refund_pending_note =
        "El reembolso está en camino; lo verás en la tarjeta con la que pagaste.",
    .nothing_to_refund = "No pagaste nada en línea, así que no hay nada que reembolsar.",
    .rescheduled_subject = "Reserva cambiada de horario: {service}, {date}, {time}",
    .rescheduled_intro = "Tu reserva con {merchant} se ha cambiado a un nuevo horario.",
    .label_was = "Horario anterior",
    .pay_subject = "Pago de tu reserva: {service}, {date} ({amount})",
    .pay_intro = "{merchant} te pide que pagues {amount} por tu reserva.",
    .pay_button = "Pagar {amount}",
    .pay_text = "Paga de forma segura en {url}",
    .pay_expires = "Este enlace es válido hasta el {deadline}.",
    .reminder_subject = "Recordatorio: {service}, {date}, {time}",
    .reminder_intro = "Te recordamos tu reserva con {merchant}.",
    .confirm_subject = "Confirma tu reserva: {service}, {date}",
    .confirm_intro =
        "Confirma tu reserva con {merchant}. El horario queda reservado para ti hasta que lo "
        "hagas; si no la pediste, ignora este correo y el horario quedará libre.",
    .confirm_button = "Confirmar la reserva",
    .confirm_text = "Confírmala en {url}",
    .confirm_expires = "Este enlace es válido hasta el {deadline}.",
    .merchant_new_subject = "Nueva reserva: {service}, {date}, {time} ({customer})",
    .merchant_new_intro = "{customer} ha reservado {service}.",
    .merchant_cancel_subject = "Reserva cancelada: {service}, {date}, {time} ({customer})",
    .merchant_cancel_intro = "Se canceló la reserva de {customer} para {service}.",
    .merchant_rescheduled_subject =
        "Cambio de horario: {service}, ahora {date}, {time} ({customer})",
    .merchant_rescheduled_intro = "{customer} ha cambiado el horario de su reserva de {service}.",
    .bounce_subject = "No se pudo entregar el correo a {customer}",
    .bounce_intro =
        "No se pudo entregar a {customer} ({email}) un correo sobre esta reserva. Te "
        "sugerimos comunicarte con esta persona por otro medio.",
    .bounce_reason = "El servidor de correo respondió {code}.",
};

}  // namespace slotpay::mail
