// Issue #12: the emails a booking change causes, queued in the outbox inside the same
// write transaction as the change (so a confirmed booking always has exactly one
// confirmation queued, and a rolled-back change none).
//   - confirmed (at once, by webhook, or late): the confirmation with its .ics
//     (METHOD:REQUEST, SEQUENCE 0) to the customer, and a copy to the merchant's
//     contact email when the catalog has one;
//   - a confirmed booking cancelled: the cancellation (refund and fee, .ics
//     METHOD:CANCEL, SEQUENCE reschedule_count + 1) and the merchant's copy;
//   - a confirmed booking moved by the customer (issue #12 item 3): "booking rescheduled"
//     with the updated .ics (METHOD:REQUEST, same UID, SEQUENCE = reschedule_count) and
//     the merchant's copy, both naming the previous time;
//   - a new booking waiting for the customer's confirmation (pending_confirmation,
//     issue #9): the link that confirms it (confirm_request), to the customer only;
//   - (not a change: the background pass, app/reminders) the reminder before the start.
// The message is built here (mail/templates, mail/message) from the booking record and
// the catalog version it was priced with; what is sent later is exactly these bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mail/message.hpp"
#include "mail/signed_link.hpp"
#include "mail/templates.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct AppContext;
struct CatalogEntry;

struct MailSettings {
  bool enabled = true;  // false: no email is queued at all
  // The sending identity: SMTP_FROM (envelope and From:) and the Message-ID host.
  mail::Sender sender{"bookings@localhost", "localhost"};
  std::string uid_host = "localhost";  // the .ics UID's right-hand side
  // The manage link (signed, expiring): signer, the server's public base URL
  // ("https://book.example.com", no trailing slash). No signer: no link in the emails.
  std::shared_ptr<const mail::LinkSigner> links;
  std::string public_url;
  int64_t manage_link_after_end_s = 7 * 86400;  // the link works until this after the end
};

// The manage link of booking `b`: <public_url>/manage.html#<token>, valid until the
// booking's end + manage_link_after_end_s. Empty without a signer or a public URL.
std::string manage_url(const MailSettings& settings, const BookingRecord& b);

// The confirmation link of booking `b` (pending_confirmation):
// <public_url>/manage.html#confirm=<token>, the token valid until the booking's end (it
// confirms only while the hold lasts). Empty
// without a signer or a public URL.
std::string confirm_url(const MailSettings& settings, const BookingRecord& b);

// What the templates say about booking `b`, from its catalog version. nullopt when
// the catalog no longer has the booking's service.
std::optional<mail::BookingFacts> booking_facts(const BookingRecord& b, const CatalogEntry& cat);

// The messages a change of a booking from `before` (nullptr: a new booking) to `after`
// causes, built, ready to queue (ids, Message-IDs, times set). Pure but for the random
// ids; an email that cannot be built (an address the builder refuses) is left out and
// reported in `skipped`.
struct BuiltEmails {
  std::vector<OutboxMessage> messages;
  std::vector<std::string> skipped;  // "kind: reason", for the log
};
BuiltEmails emails_for_change(const MailSettings& settings, const BookingRecord* before,
                              const BookingRecord& after, const CatalogEntry& cat, int64_t now_ms);

// One customer email about `b`, built and ready to queue (the pay link's, issue #11);
// nullopt (logged) when it cannot be built.
std::optional<OutboxMessage> booking_email_message(const MailSettings& settings,
                                                   const mail::Email& email, const BookingRecord& b,
                                                   int64_t now_ms);

// Queues emails_for_change() in `tx` (reading the booking's catalog version through the
// context's cache). Never throws for an email that cannot be built: the booking change
// matters more than its email (logged).
void queue_booking_emails(AppContext& ctx, BookingTx& tx, const BookingRecord* before,
                          const BookingRecord& after, int64_t now_ms);

// Issue #12: the reminder of confirmed booking `b` (app/reminders.hpp decides when), with
// its manage link; none when the catalog version lacks the service or the address is
// refused (in `skipped`).
BuiltEmails reminder_emails(const MailSettings& settings, const BookingRecord& b,
                            const CatalogEntry& cat, int64_t now_ms);

// Queues reminder_emails() in `tx`; false when nothing was queued (logged why).
bool queue_reminder_email(AppContext& ctx, BookingTx& tx, const BookingRecord& b, int64_t now_ms);

// A customer's message failed for good (OutboxDecision::notify_merchant): queues the
// bounce notice to the merchant's contact email, in the transaction that records the
// failure. Nothing when the catalog has no contact email.
void queue_bounce_notice(AppContext& ctx, BookingTx& tx, const OutboxMessage& failed,
                         int64_t now_ms);

}  // namespace slotpay::server
