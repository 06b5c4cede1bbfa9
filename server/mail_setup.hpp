// main()'s part of the emails (issue #12): the SMTP configuration, the sending identity
// with the manage links' key, and the outbox worker, kept out of main.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/booking_emails.hpp"
#include "app/booking_service.hpp"
#include "app/outbox_worker.hpp"
#include "mail/smtp_sender.hpp"

namespace slotpay::server {

// A configuration main() refuses to start with (it exits 2 with the message).
struct MailSetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The outbox's SMTP configuration (--smtp-url over SMTP_URL; the rest from the
// environment). nullopt: no sending. Throws MailSetupError. The password is never logged.
std::optional<slotpay::mail::SmtpConfig> smtp_config(const std::string& smtp_url_flag);

// The sending identity: the SMTP configuration's From, else `smtp_from` (SMTP_FROM, also
// without SMTP, so the demo's messages show it), else bookings@localhost; the manage
// links' key from `master_key_text` (SLOTPAY_MASTER_KEY: hex, else base64url, >= 32
// bytes), or a random one for this process (logged). Both texts trimmed by the caller.
// Throws MailSetupError.
MailSettings mail_settings(const std::optional<slotpay::mail::SmtpConfig>& smtp,
                           const std::string& smtp_from, const std::string& master_key_text);

// The outbox worker when SMTP is configured (on its own thread, started by the caller).
std::unique_ptr<OutboxWorker> outbox_worker(const std::optional<slotpay::mail::SmtpConfig>& smtp,
                                            BookingStore& store, const Clock& clock,
                                            Metrics& metrics, BookingService& service,
                                            int64_t interval_ms, int64_t first_retry_s);

}  // namespace slotpay::server
