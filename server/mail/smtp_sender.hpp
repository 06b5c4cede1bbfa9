// Sends one built message through an SMTP server with libcurl.
//
// BLOCKING: send() waits on the network for up to SmtpConfig::timeout. Call it from the
// outbox worker's own thread, never from a request (io_context) thread and never while
// holding a lock others wait on. One SmtpSender may be used by several threads at once
// (each call has its own connection).
//
// Configuration (environment; see smtp_config_from_env):
//   SMTP_URL       smtp://host[:port] (STARTTLS, required unless the host is loopback) or
//                  smtps://host[:port] (TLS from the start). No credentials in the URL.
//   SMTP_FROM      the sending address (MAIL FROM and the From: line), a plain address.
//   SMTP_USERNAME, SMTP_PASSWORD   optional; never logged, never in a SendResult.
// Certificates are verified against the system's CA store (or SMTP_CA_FILE).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message.hpp"
#include "slotpay/error.hpp"

namespace slotpay::mail {

struct SendResult {
  enum class Status {
    kSent,
    kTemporaryFailure,  // 4xx, or no answer at all (connection, TLS, timeout): retry later
    kPermanentFailure,  // 5xx: this message will not be accepted as it is
  };
  Status status = Status::kSent;
  // 250 when sent; the server's 4xx/5xx reply when it refused; 0 when it never refused
  // (no connection, TLS trouble, timeout).
  int smtp_code = 0;
  std::string detail;  // for logs (libcurl's error text); holds no credentials
};

std::string_view to_string(SendResult::Status s);  // "sent", "temporary_failure", ...

// How TLS is used for an endpoint.
enum class TlsMode {
  kImplicit,           // smtps://: TLS before the first SMTP byte
  kStartTlsRequired,   // smtp:// to any other host: STARTTLS or no mail (CURLUSESSL_ALL)
  kStartTlsIfOffered,  // smtp:// to a loopback host (a local relay or test sink)
};

struct SmtpEndpoint {
  std::string host;  // as written; IPv6 without brackets
  int port = 25;     // default 25 (smtp) or 465 (smtps)
  bool loopback = false;
  TlsMode tls = TlsMode::kStartTlsRequired;
};

// Parses SMTP_URL. Accepts smtp:// and smtps:// with a host name, an IPv4 address or a
// bracketed IPv6 address, an optional port 1..65535 and an optional "/name" path (the EHLO
// name libcurl sends). kInvalidField (field "SMTP_URL") for anything else, including
// user:password@ (credentials belong in SMTP_USERNAME/SMTP_PASSWORD, so the URL can be
// logged), queries and fragments. Loopback: "localhost", 127.0.0.0/8, [::1].
Result<SmtpEndpoint> parse_smtp_url(std::string_view url);

struct SmtpConfig {
  std::string url;   // SMTP_URL, validated by parse_smtp_url
  std::string from;  // SMTP_FROM, a plain address
  std::string username;
  std::string password;
  std::string ca_file;                                // SMTP_CA_FILE; empty: system store
  std::chrono::milliseconds connect_timeout{10'000};  // TCP + TLS handshake
  std::chrono::milliseconds timeout{60'000};          // the whole transaction
  // CURLOPT_RESOLVE entries "host:port:address", pinning a name to an address without
  // DNS (tests give a remote-looking name to a loopback sink). Empty in production.
  std::vector<std::string> resolve;
  // The sending identity for build_message (address = from, host = its domain).
  Sender sender() const;
};

// Reads SMTP_URL, SMTP_FROM, SMTP_USERNAME, SMTP_PASSWORD and SMTP_CA_FILE through
// `getenv`. nullopt when SMTP_URL is unset or empty (sending is off; the outbox keeps the
// messages). Errors: a malformed SMTP_URL, SMTP_FROM missing or not a plain address
// (field "SMTP_FROM"), a password without a user name ("SMTP_USERNAME").
Result<std::optional<SmtpConfig>> smtp_config_from_env(
    const std::function<const char*(const char*)>& getenv);

// The result of a libcurl transfer (`curl_code` is a CURLcode, `response_code` the
// CURLINFO_RESPONSE_CODE): sent on CURLE_OK; a 5xx reply is permanent; a 4xx reply or
// no reply is temporary.
SendResult classify_smtp_outcome(int curl_code, long response_code, std::string detail);

class SmtpSender {
 public:
  // The config must come from smtp_config_from_env (or satisfy the same checks);
  // std::invalid_argument otherwise. Initialises libcurl once per process: construct
  // senders at startup, before threads that use libcurl are running.
  explicit SmtpSender(SmtpConfig config);

  // Sends `message` to message.recipients with MAIL FROM message.envelope_from. Blocks
  // (see the top of this file). Never throws for network or SMTP failures.
  SendResult send(const BuiltMessage& message) const;

  const SmtpConfig& config() const { return config_; }

 private:
  SmtpConfig config_;
  SmtpEndpoint endpoint_;
};

}  // namespace slotpay::mail
