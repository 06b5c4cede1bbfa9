#include "app/booking_emails.hpp"

#include <algorithm>

#include "app/app_context.hpp"
#include "app/catalog_cache.hpp"
#include "app/crypto.hpp"
#include "app/log.hpp"

namespace slotpay::server {
namespace {

// The .ics SEQUENCE (README: +1 per change): 0 at confirmation, +1 per reschedule
// (BookingRecord::reschedule_count), one more for the cancellation.
constexpr int kConfirmedSequence = 0;
int sequence_of(const BookingRecord& b, bool cancelled) {
  return static_cast<int>(b.reschedule_count) + (cancelled ? 1 : 0);
}

bool newly_confirmed(const BookingRecord* before, const BookingRecord& after) {
  return after.status == BookingStatus::kConfirmed &&
         (!before || before->status != BookingStatus::kConfirmed);
}

bool newly_pending(const BookingRecord* before, const BookingRecord& after) {
  return !before && after.status == BookingStatus::kPendingConfirmation;
}

bool confirmed_then_cancelled(const BookingRecord* before, const BookingRecord& after) {
  return before && before->status == BookingStatus::kConfirmed &&
         after.status == BookingStatus::kCancelled;
}

// Issue #12 item 3: the customer moved a confirmed booking (app/reschedule.hpp).
bool confirmed_then_moved(const BookingRecord* before, const BookingRecord& after) {
  return before && before->status == BookingStatus::kConfirmed &&
         after.status == BookingStatus::kConfirmed &&
         after.reschedule_count > before->reschedule_count;
}

}  // namespace

std::string manage_url(const MailSettings& settings, const BookingRecord& b) {
  if (!settings.links || settings.public_url.empty()) return "";
  return settings.public_url + "/manage.html#" +
         settings.links->sign(
             {mail::LinkPurpose::kManage, b.id,
              slotpay::Instant{b.slot.end.seconds + settings.manage_link_after_end_s}});
}

std::string confirm_url(const MailSettings& settings, const BookingRecord& b) {
  if (!settings.links || settings.public_url.empty()) return "";
  // Valid until the booking's end, not just its hold: the lifecycle refuses a lapsed hold
  // (booking_not_confirmable), and following the link again after confirming still
  // shows the confirmed booking.
  return settings.public_url + "/manage.html#confirm=" +
         settings.links->sign({mail::LinkPurpose::kConfirm, b.id, b.slot.end});
}

std::optional<mail::BookingFacts> booking_facts(const BookingRecord& b, const CatalogEntry& cat) {
  const slotpay::Catalog& catalog = cat.loaded.catalog;
  const slotpay::Service* service = catalog.find_service(b.slot.service);
  if (!service) return std::nullopt;
  mail::BookingFacts f;
  f.booking_id = b.id;
  f.merchant_name = catalog.merchant.name;
  f.merchant_email = catalog.merchant.contact_email;
  f.service_name = service->name;
  for (const auto& id : b.addons) {
    std::string name = id;
    for (const auto& a : service->addons)
      if (a.id == id) name = a.name;
    f.addon_names.push_back(name);
  }
  f.quantity = b.slot.quantity;
  if (const slotpay::Staff* staff = catalog.find_staff(b.slot.staff)) f.staff_name = staff->name;
  f.start = b.slot.start;
  f.end = b.slot.end;
  f.merchant_zone = cat.loaded.zone;
  // Issue #12 item 2: checked against the core's table when the booking was made.
  if (!b.customer_zone.empty())
    if (auto zone = slotpay::TimeZone::find(b.customer_zone); zone.ok())
      f.customer_zone = zone.value();
  f.customer = b.customer;
  // The customer's emails in the widget's language; merchants read English (the dashboard's
  // language; a merchant has no language setting yet): merchant_facts below.
  if (!b.customer_locale.empty()) f.language = b.customer_locale;
  f.currency = b.quote.currency;
  f.payment = b.quote.payment;
  f.total = b.quote.total;
  f.paid_now = b.payment_mode == "stripe" ? b.paid_amount : 0;
  f.due_later = b.quote.due_later;
  // A phone booking (issue #11 item 3: online payment, nothing charged at booking) owes
  // all that was not paid since, by link.
  if (b.payment_mode == "stripe" && b.amount == 0)
    f.due_later = std::max<int64_t>(0, b.quote.total - b.paid_amount);
  f.paid_is_deposit = f.paid_now > 0 && b.quote.due_later > 0;
  f.cancellation = service->cancellation;
  return f;
}

namespace {

// The facts as the merchant's copies state them: in English.
mail::BookingFacts merchant_facts(mail::BookingFacts f) {
  f.language = "en";
  return f;
}

std::optional<OutboxMessage> outbox_message(const MailSettings& settings, const mail::Email& email,
                                            const BookingRecord& b, bool to_merchant,
                                            int64_t now_ms, std::vector<std::string>& skipped) {
  auto built = mail::build_message(email, settings.sender, slotpay::Instant{now_ms / 1000},
                                   mail::new_message_id(settings.sender.host));
  if (!built.ok()) {
    skipped.push_back(email.kind + ": " + built.error().field + ": " + built.error().message);
    return std::nullopt;
  }
  OutboxMessage m;
  m.id = "msg_" + random_hex(12);
  m.booking_id = b.id;
  m.merchant_id = b.merchant_id;
  m.kind = email.kind;
  m.to_merchant = to_merchant;
  m.message_id = built.value().message_id;
  m.envelope_from = built.value().envelope_from;
  m.recipients = built.value().recipients;
  m.subject = email.subject;
  m.data = std::move(built.value().data);
  m.status = OutboxStatus::kQueued;
  m.queued_at_ms = m.next_attempt_at_ms = now_ms;
  return m;
}

}  // namespace

std::optional<OutboxMessage> booking_email_message(const MailSettings& settings,
                                                   const mail::Email& email, const BookingRecord& b,
                                                   int64_t now_ms) {
  std::vector<std::string> skipped;
  auto m = outbox_message(settings, email, b, false, now_ms, skipped);
  for (const auto& why : skipped)
    log_warn("email not queued", {{"booking", b.id}, {"reason", why}});
  return m;
}

BuiltEmails emails_for_change(const MailSettings& settings, const BookingRecord* before,
                              const BookingRecord& after, const CatalogEntry& cat, int64_t now_ms) {
  BuiltEmails out;
  const bool confirmed = newly_confirmed(before, after);
  const bool cancelled = confirmed_then_cancelled(before, after);
  const bool pending = newly_pending(before, after);
  const bool moved = confirmed_then_moved(before, after);
  if (!settings.enabled || (!confirmed && !cancelled && !pending && !moved)) return out;
  auto facts = booking_facts(after, cat);
  if (facts && (confirmed || moved)) facts->manage_url = manage_url(settings, after);
  if (!facts) {
    out.skipped.push_back("booking: the catalog version has no service '" + after.slot.service +
                          "'");
    return out;
  }
  const slotpay::Instant now{now_ms / 1000};
  if (pending) {
    // The merchant hears of it once it is confirmed (its copy goes with the confirmation).
    const std::string url = confirm_url(settings, after);
    if (url.empty()) {
      out.skipped.push_back("confirm_request: no link signer or public URL");
      return out;
    }
    mail::ConfirmLinkFacts link{url, slotpay::Instant{after.hold_expires_at_ms / 1000}};
    if (auto m = outbox_message(settings, mail::confirm_request_email(*facts, link), after, false,
                                now_ms, out.skipped))
      out.messages.push_back(std::move(*m));
    return out;
  }
  std::vector<std::pair<mail::Email, bool>> emails;  // (email, to the merchant)
  if (moved) {
    const mail::PreviousTime was{before->slot.start, before->slot.end};
    emails.emplace_back(
        mail::rescheduled_email(*facts, was, {settings.uid_host, sequence_of(after, false), now}),
        false);
    if (!facts->merchant_email.empty())
      emails.emplace_back(mail::merchant_moved_copy(merchant_facts(*facts), was), true);
    for (const auto& [email, to_merchant] : emails)
      if (auto m = outbox_message(settings, email, after, to_merchant, now_ms, out.skipped))
        out.messages.push_back(std::move(*m));
    return out;
  }
  std::optional<mail::CancellationFacts> cancel;
  if (cancelled) {
    mail::CancellationFacts c;
    c.refund = after.refund_amount;
    c.fee = facts->paid_now > c.refund ? facts->paid_now - c.refund : 0;
    c.refund_pending = after.refund_pending;
    cancel = c;
    emails.emplace_back(
        mail::cancellation_email(*facts, c, {settings.uid_host, sequence_of(after, true), now}),
        false);
  } else {
    emails.emplace_back(
        mail::confirmation_email(*facts, {settings.uid_host, kConfirmedSequence, now}), false);
  }
  if (!facts->merchant_email.empty())
    emails.emplace_back(mail::merchant_copy(merchant_facts(*facts), cancel), true);

  for (const auto& [email, to_merchant] : emails)
    if (auto m = outbox_message(settings, email, after, to_merchant, now_ms, out.skipped))
      out.messages.push_back(std::move(*m));
  return out;
}

void queue_booking_emails(AppContext& ctx, BookingTx& tx, const BookingRecord* before,
                          const BookingRecord& after, int64_t now_ms) {
  if (!ctx.config.mail.enabled) return;
  if (!newly_confirmed(before, after) && !confirmed_then_cancelled(before, after) &&
      !newly_pending(before, after) && !confirmed_then_moved(before, after))
    return;
  auto cat = ctx.catalogs.get(tx, after.merchant_id, after.catalog_version);
  if (!cat) {
    log_error("email not queued: catalog version unreadable", {{"booking", after.id}});
    return;
  }
  BuiltEmails built;
  try {
    built = emails_for_change(ctx.config.mail, before, after, *cat, now_ms);
  } catch (const std::exception& e) {  // the random generator failed: no email, the change stays
    log_error("email not built", {{"booking", after.id}, {"error", e.what()}});
    return;
  }
  for (const auto& why : built.skipped)
    log_warn("email not queued", {{"booking", after.id}, {"reason", why}});
  for (const auto& m : built.messages) tx.queue_message(m);
}

BuiltEmails reminder_emails(const MailSettings& settings, const BookingRecord& b,
                            const CatalogEntry& cat, int64_t now_ms) {
  BuiltEmails out;
  if (!settings.enabled) return out;
  auto facts = booking_facts(b, cat);
  if (!facts) {
    out.skipped.push_back("booking_reminder: the catalog version has no service '" +
                          b.slot.service + "'");
    return out;
  }
  facts->manage_url = manage_url(settings, b);
  if (auto m =
          outbox_message(settings, mail::reminder_email(*facts), b, false, now_ms, out.skipped))
    out.messages.push_back(std::move(*m));
  return out;
}

bool queue_reminder_email(AppContext& ctx, BookingTx& tx, const BookingRecord& b, int64_t now_ms) {
  if (!ctx.config.mail.enabled) return false;
  auto cat = ctx.catalogs.get(tx, b.merchant_id, b.catalog_version);
  if (!cat) {
    log_error("reminder not queued: catalog version unreadable", {{"booking", b.id}});
    return false;
  }
  BuiltEmails built;
  try {
    built = reminder_emails(ctx.config.mail, b, *cat, now_ms);
  } catch (const std::exception& e) {  // the random generator failed
    log_error("reminder not built", {{"booking", b.id}, {"error", e.what()}});
    return false;
  }
  for (const auto& why : built.skipped)
    log_warn("reminder not queued", {{"booking", b.id}, {"reason", why}});
  for (const auto& m : built.messages) tx.queue_message(m);
  return !built.messages.empty();
}

void queue_bounce_notice(AppContext& ctx, BookingTx& tx, const OutboxMessage& failed,
                         int64_t now_ms) {
  if (failed.to_merchant || !ctx.config.mail.enabled) return;
  auto b = tx.booking(failed.booking_id);
  if (!b) return;
  auto cat = ctx.catalogs.get(tx, b->merchant_id, b->catalog_version);
  if (!cat) return;
  auto facts = booking_facts(*b, *cat);
  if (!facts || facts->merchant_email.empty()) return;
  std::vector<std::string> skipped;
  try {
    if (auto m = outbox_message(
            ctx.config.mail,
            mail::bounce_notice(merchant_facts(*facts), static_cast<int>(failed.last_code)), *b,
            true, now_ms, skipped))
      tx.queue_message(*m);
  } catch (const std::exception& e) {
    log_error("bounce notice not built", {{"booking", b->id}, {"error", e.what()}});
  }
  for (const auto& why : skipped) log_warn("bounce notice not queued", {{"reason", why}});
}

}  // namespace slotpay::server
