#include "mail_setup.hpp"

#include <cstdlib>

#include "app/crypto.hpp"
#include "app/log.hpp"
#include "mail/encoding.hpp"

namespace slotpay::server {

// Issue #12: the outbox's SMTP configuration (--smtp-url over SMTP_URL; the rest from
// the environment). nullopt: no sending. Refused: MailSetupError. The password is never logged.
std::optional<slotpay::mail::SmtpConfig> smtp_config(const std::string& smtp_url_flag) {
  auto cfg = slotpay::mail::smtp_config_from_env([&](const char* name) -> const char* {
    if (std::string(name) == "SMTP_URL" && !smtp_url_flag.empty()) return smtp_url_flag.c_str();
    return std::getenv(name);
  });
  if (!cfg.ok()) throw MailSetupError(cfg.error().field + ": " + cfg.error().message);
  return cfg.value();
}

// The sending identity: SMTP_FROM when set (also without SMTP, so the demo's messages
// show it), else bookings@localhost.
MailSettings mail_settings(const std::optional<slotpay::mail::SmtpConfig>& smtp,
                           const std::string& smtp_from, const std::string& master_key_text) {
  MailSettings m;
  std::string from = smtp ? smtp->from : smtp_from;
  if (!from.empty()) {
    if (!slotpay::mail::is_plain_address(from))
      throw MailSetupError("SMTP_FROM: not a plain email address");
    slotpay::mail::SmtpConfig c;
    c.from = from;
    m.sender = c.sender();
  }
  m.uid_host = m.sender.host;
  // The manage links' key: SLOTPAY_MASTER_KEY decoded (hex, else base64url).
  const std::string& key_text = master_key_text;
  std::string key;
  if (!key_text.empty()) {
    bool hex = key_text.size() % 2 == 0 &&
               key_text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (hex) {
      for (size_t i = 0; i < key_text.size(); i += 2)
        key += static_cast<char>(std::stoi(key_text.substr(i, 2), nullptr, 16));
    } else if (auto k = slotpay::mail::base64url_decode(key_text)) {
      key = *k;
    }
    if (key.size() < 32)
      throw MailSetupError("SLOTPAY_MASTER_KEY must be at least 32 bytes (hex or base64url)");
  } else {
    key = random_hex(32);  // 64 characters of a fresh random key
    log_warn(
        "SLOTPAY_MASTER_KEY unset: manage links are signed with a random key and stop "
        "working when this process ends");
  }
  m.links = std::make_shared<const slotpay::mail::LinkSigner>(key);
  return m;
}

// The outbox worker when SMTP is configured (on its own thread, started by the caller).
std::unique_ptr<OutboxWorker> outbox_worker(const std::optional<slotpay::mail::SmtpConfig>& smtp,
                                            BookingStore& store, const Clock& clock,
                                            Metrics& metrics, BookingService& service,
                                            int64_t interval_ms, int64_t first_retry_s) {
  if (!smtp) return nullptr;
  auto sender = std::make_shared<slotpay::mail::SmtpSender>(*smtp);
  OutboxWorkerOptions o;
  o.owner = service.instance_id();
  o.interval_ms = interval_ms;
  o.policy.first_delay_s = first_retry_s;
  log_info("outbox sending",
           {{"smtp_url", smtp->url}, {"from", smtp->from}, {"auth", !smtp->username.empty()}});
  return std::make_unique<OutboxWorker>(
      store, clock, metrics,
      [sender](const slotpay::mail::BuiltMessage& m) { return sender->send(m); }, o,
      [&service](BookingTx& tx, const OutboxMessage& failed) {
        service.queue_bounce_notice(tx, failed);
      });
}

}  // namespace slotpay::server
