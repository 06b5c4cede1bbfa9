#include "mail/templates.hpp"

#include <utility>

#include "mail/encoding.hpp"
#include "mail/format.hpp"
#include "mail/layout.hpp"
#include "mail/strings.hpp"

namespace slotpay::mail {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// A name or title from a merchant or a customer, as one line of valid UTF-8.
std::string clean(std::string_view text) { return one_line(sanitize_utf8(text)); }

struct Words {
  const MailStrings& s;
  const BookingFacts& b;

  std::string money(int64_t v) const { return format_money(v, b.currency, s); }
  std::string service() const {
    std::string name = clean(b.service_name);
    if (b.quantity <= 1) return name;
    return fill(s.what_quantity, {{"service", name}, {"count", std::to_string(b.quantity)}});
  }
  std::string addons() const {
    std::vector<std::string> names;
    for (const std::string& a : b.addon_names) names.push_back(clean(a));
    return join(names, ", ");
  }
  std::string when() const { return format_span(b.start, b.end, b.merchant_zone, s); }
  // Where a moved booking was, in the merchant's zone.
  std::string span(const PreviousTime& was) const {
    return format_span(was.start, was.end, b.merchant_zone, s);
  }
  // The customer's own clock, when it differs from the merchant's at that moment.
  std::string your_time() const {
    if (!b.customer_zone) return "";
    if (b.customer_zone->offset_at(b.start) == b.merchant_zone.offset_at(b.start)) return "";
    return format_span(b.start, b.end, *b.customer_zone, s);
  }
  std::string subject_date() const {
    return format_date_short(b.merchant_zone.to_local(b.start).date, s);
  }
  std::string subject_time() const { return format_time(b.merchant_zone.to_local(b.start), s); }
  // A customer email's subject: {service} {date} {time} of the booking's start.
  std::string subject(std::string_view pattern) const {
    return fill(
        pattern,
        {{"service", clean(b.service_name)}, {"date", subject_date()}, {"time", subject_time()}});
  }
  // A line naming the business: {merchant}.
  std::string with_merchant(std::string_view pattern) const {
    return fill(pattern, {{"merchant", clean(b.merchant_name)}});
  }
  std::string greeting() const {
    std::string name = clean(b.customer.name);
    return name.empty() ? std::string(s.greeting_plain) : fill(s.greeting, {{"name", name}});
  }
  std::string sign_off() const { return with_merchant(s.sign_off); }

  Rows booking_rows(bool with_your_time) const {
    return {{std::string(s.label_what), service()},
            {std::string(s.label_addons), addons()},
            {std::string(s.label_when), when()},
            {std::string(s.label_your_time), with_your_time ? your_time() : ""},
            {std::string(s.label_with), clean(b.staff_name)},
            {std::string(s.label_where), clean(b.location)}};
  }
  Rows payment_rows() const {
    switch (b.payment) {
      case ChargeMode::kFree:
        return {{std::string(s.label_payment), std::string(s.payment_free)}};
      case ChargeMode::kExternal:
        return {{std::string(s.label_total), money(b.total)},
                {std::string(s.label_payment), std::string(s.payment_external)}};
      case ChargeMode::kPayAtVenue:
        return {{std::string(s.label_total), money(b.total)},
                {std::string(s.label_payment), std::string(s.payment_at_venue)}};
      case ChargeMode::kStripe:
        break;
    }
    Rows rows = {{std::string(s.label_total), money(b.total)}};
    if (b.paid_now > 0)
      rows.push_back({std::string(s.label_paid_now), money(b.paid_now)});
    else
      rows.push_back({std::string(s.label_payment), std::string(s.payment_unpaid)});
    if (b.due_later > 0) rows.push_back({std::string(s.label_due_later), money(b.due_later)});
    return rows;
  }
  Rows customer_rows() const {
    return {{std::string(s.label_customer), clean(b.customer.name)},
            {std::string(s.label_email), clean(b.customer.email)},
            {std::string(s.label_phone), clean(b.customer.phone.value_or(""))}};
  }
  Rows reference_row() const { return {{std::string(s.label_reference), clean(b.booking_id)}}; }

  void policy(Layout& doc, int64_t paid) const {
    auto sentences = policy_sentences(b.cancellation, paid, b.currency, b.paid_is_deposit, b.start,
                                      b.merchant_zone, s);
    if (sentences.empty()) return;
    doc.heading(s.policy_heading);
    doc.paragraph(join(sentences, s.spaced_sentences ? " " : ""));
  }
  void manage(Layout& doc) const {
    doc.button(s.manage_button, b.manage_url, fill(s.manage_text, {{"url", b.manage_url}}));
  }
};

std::optional<Mailbox> mailbox_if_plain(std::string_view name, std::string_view email) {
  if (!is_plain_address(email)) return std::nullopt;
  return Mailbox{clean(name), std::string(email)};
}

Email customer_email(const BookingFacts& b, std::string kind, std::string subject,
                     const Layout& doc) {
  Email e;
  e.kind = std::move(kind);
  e.to = Mailbox{clean(b.customer.name), b.customer.email};
  e.reply_to = mailbox_if_plain(b.merchant_name, b.merchant_email);
  e.from_name = clean(b.merchant_name);
  e.subject = std::move(subject);
  e.text = doc.text();
  e.html = doc.html();
  return e;
}

Email merchant_email(const BookingFacts& b, std::string kind, std::string subject,
                     const Layout& doc) {
  Email e;
  e.kind = std::move(kind);
  e.to = Mailbox{clean(b.merchant_name), b.merchant_email};
  e.reply_to = mailbox_if_plain(b.customer.name, b.customer.email);
  e.from_name = "Slotpay";
  e.subject = std::move(subject);
  e.text = doc.text();
  e.html = doc.html();
  return e;
}

CalendarPart calendar_part(const BookingFacts& b, const IcsStamp& id, IcsMethod method) {
  return CalendarPart{method == IcsMethod::kCancel ? "CANCEL" : "REQUEST",
                      write_ics(booking_calendar(b, id, method)), "booking.ics"};
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

IcsCalendar booking_calendar(const BookingFacts& b, const IcsStamp& id, IcsMethod method) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  IcsEvent e;
  e.booking_id = b.booking_id;
  e.uid_host = id.uid_host;
  e.sequence = id.sequence;
  e.stamp = id.stamp;
  e.start = b.start;
  e.end = b.end;
  e.cancelled = method == IcsMethod::kCancel;
  e.summary = fill(s.ics_summary, {{"service", w.service()}, {"merchant", clean(b.merchant_name)}});
  e.location = clean(b.location);
  std::vector<std::string> lines;
  if (!clean(b.staff_name).empty())
    lines.push_back(std::string(s.label_with) + std::string(s.label_colon) + clean(b.staff_name));
  if (is_http_url(b.manage_url)) lines.push_back(fill(s.manage_text, {{"url", b.manage_url}}));
  lines.push_back(std::string(s.label_reference) + std::string(s.label_colon) +
                  clean(b.booking_id));
  e.description = join(lines, "\n");
  e.url = is_http_url(b.manage_url) ? b.manage_url : "";
  e.organizer = IcsPerson{clean(b.merchant_name), b.merchant_email};
  e.attendee = IcsPerson{clean(b.customer.name), b.customer.email};
  return IcsCalendar{method, b.merchant_zone, {e}, ""};
}

Email confirmation_email(const BookingFacts& b, const IcsStamp& id) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string subject = w.subject(s.confirmed_subject);
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(w.with_merchant(s.confirmed_intro));
  doc.fields(w.booking_rows(true));
  doc.fields(w.payment_rows());
  w.policy(doc, b.paid_now);
  w.manage(doc);
  doc.note(s.calendar_note);
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  Email e = customer_email(b, "booking_confirmed", subject, doc);
  e.calendar = calendar_part(b, id, IcsMethod::kRequest);
  return e;
}

Email cancellation_email(const BookingFacts& b, const CancellationFacts& c, const IcsStamp& id) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string subject = w.subject(s.cancelled_subject);
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(w.with_merchant(s.cancelled_intro));
  doc.fields(w.booking_rows(false));
  if (b.paid_now > 0) {
    Rows rows = {{std::string(s.label_refund), w.money(c.refund)}};
    if (c.fee > 0) rows.push_back({std::string(s.label_fee), w.money(c.fee)});
    doc.fields(rows);
    if (c.refund > 0) doc.note(c.refund_pending ? s.refund_pending_note : s.refund_note);
  } else {
    doc.paragraph(s.nothing_to_refund);
  }
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  Email e = customer_email(b, "booking_cancelled", subject, doc);
  e.calendar = calendar_part(b, id, IcsMethod::kCancel);
  return e;
}

Email rescheduled_email(const BookingFacts& b, const PreviousTime& was, const IcsStamp& id) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string subject = w.subject(s.rescheduled_subject);
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(w.with_merchant(s.rescheduled_intro));
  doc.fields(w.booking_rows(true));
  doc.fields({{std::string(s.label_was), w.span(was)}});
  doc.fields(w.payment_rows());
  w.policy(doc, b.paid_now);
  w.manage(doc);
  doc.note(s.calendar_note);
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  Email e = customer_email(b, "booking_rescheduled", subject, doc);
  e.calendar = calendar_part(b, id, IcsMethod::kRequest);
  return e;
}

Email payment_link_email(const BookingFacts& b, const PaymentLinkFacts& p) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string amount = w.money(p.amount);
  std::string subject =
      fill(s.pay_subject,
           {{"service", clean(b.service_name)}, {"date", w.subject_date()}, {"amount", amount}});
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(fill(s.pay_intro, {{"merchant", clean(b.merchant_name)}, {"amount", amount}}));
  doc.fields(w.booking_rows(true));
  doc.button(fill(s.pay_button, {{"amount", amount}}), p.pay_url,
             fill(s.pay_text, {{"url", p.pay_url}}));
  doc.paragraph(
      fill(s.pay_expires, {{"deadline", format_instant(p.expires_at, b.merchant_zone, s)}}));
  w.policy(doc, p.amount);
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  return customer_email(b, "payment_link", subject, doc);
}

Email reminder_email(const BookingFacts& b) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string subject = w.subject(s.reminder_subject);
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(w.with_merchant(s.reminder_intro));
  doc.fields(w.booking_rows(true));
  if (b.due_later > 0) doc.fields({{std::string(s.label_due_later), w.money(b.due_later)}});
  w.manage(doc);
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  return customer_email(b, "booking_reminder", subject, doc);
}

Email confirm_request_email(const BookingFacts& b, const ConfirmLinkFacts& c) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string subject =
      fill(s.confirm_subject, {{"service", clean(b.service_name)}, {"date", w.subject_date()}});
  Layout doc(s, subject);
  doc.paragraph(w.greeting());
  doc.paragraph(w.with_merchant(s.confirm_intro));
  doc.fields(w.booking_rows(true));
  doc.button(std::string(s.confirm_button), c.confirm_url,
             fill(s.confirm_text, {{"url", c.confirm_url}}));
  doc.paragraph(
      fill(s.confirm_expires, {{"deadline", format_instant(c.expires_at, b.merchant_zone, s)}}));
  doc.paragraph(w.sign_off());
  doc.fields(w.reference_row());
  return customer_email(b, "confirm_request", subject, doc);
}

Email merchant_copy(const BookingFacts& b, const std::optional<CancellationFacts>& cancelled) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string customer = clean(b.customer.name);
  std::string subject = fill(cancelled ? s.merchant_cancel_subject : s.merchant_new_subject,
                             {{"service", clean(b.service_name)},
                              {"date", w.subject_date()},
                              {"time", w.subject_time()},
                              {"customer", customer}});
  Layout doc(s, subject);
  doc.paragraph(fill(cancelled ? s.merchant_cancel_intro : s.merchant_new_intro,
                     {{"customer", customer}, {"service", clean(b.service_name)}}));
  doc.fields(w.customer_rows());
  doc.fields(w.booking_rows(false));
  doc.fields(w.payment_rows());
  if (cancelled && b.paid_now > 0) {
    Rows rows = {{std::string(s.label_refund), w.money(cancelled->refund)}};
    if (cancelled->fee > 0) rows.push_back({std::string(s.label_fee), w.money(cancelled->fee)});
    doc.fields(rows);
  }
  doc.fields(w.reference_row());
  return merchant_email(b, cancelled ? "merchant_booking_cancelled" : "merchant_booking_confirmed",
                        subject, doc);
}

Email merchant_moved_copy(const BookingFacts& b, const PreviousTime& was) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string customer = clean(b.customer.name);
  std::string subject = fill(s.merchant_rescheduled_subject, {{"service", clean(b.service_name)},
                                                              {"date", w.subject_date()},
                                                              {"time", w.subject_time()},
                                                              {"customer", customer}});
  Layout doc(s, subject);
  doc.paragraph(fill(s.merchant_rescheduled_intro,
                     {{"customer", customer}, {"service", clean(b.service_name)}}));
  doc.fields(w.customer_rows());
  doc.fields(w.booking_rows(false));
  doc.fields({{std::string(s.label_was), w.span(was)}});
  doc.fields(w.reference_row());
  return merchant_email(b, "merchant_booking_rescheduled", subject, doc);
}

Email bounce_notice(const BookingFacts& b, int smtp_code) {
  const MailStrings& s = mail_strings(b.language);
  Words w{s, b};
  std::string customer = clean(b.customer.name);
  std::string subject = fill(s.bounce_subject, {{"customer", customer}});
  Layout doc(s, subject);
  doc.paragraph(fill(s.bounce_intro, {{"customer", customer}, {"email", clean(b.customer.email)}}));
  if (smtp_code > 0) doc.paragraph(fill(s.bounce_reason, {{"code", std::to_string(smtp_code)}}));
  doc.fields(w.customer_rows());
  doc.fields(w.booking_rows(false));
  doc.fields(w.reference_row());
  return merchant_email(b, "merchant_delivery_failed", subject, doc);
}

}  // namespace slotpay::mail
