#include "mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace slotpay::mail {
namespace {

Error url_error(std::string message) {
  return make_error(ErrorCode::kInvalidField, "SMTP_URL", std::move(message));
}

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool is_loopback(std::string_view host, bool bracketed) {
  if (bracketed) return host == "::1" || host == "0:0:0:0:0:0:0:1";
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "localhost" || lower == "localhost.") return true;
  // 127.0.0.0/8 written as a dotted quad.
  if (!lower.starts_with("127.")) return false;
  int parts = 0;
  size_t start = 0;
  while (start <= lower.size()) {
    size_t dot = lower.find('.', start);
    std::string_view part =
        std::string_view(lower).substr(start, dot == std::string::npos ? lower.npos : dot - start);
    int value = -1;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() ||
        value > 255)
      return false;
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * nitems, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

}  // namespace

std::string_view to_string(SendResult::Status s) {
  switch (s) {
    case SendResult::Status::kSent:
      return "sent";
    case SendResult::Status::kTemporaryFailure:
      return "temporary_failure";
    case SendResult::Status::kPermanentFailure:
      return "permanent_failure";
  }
  return "temporary_failure";
}

Result<SmtpEndpoint> parse_smtp_url(std::string_view url) {
  SmtpEndpoint ep;
  std::string_view rest;
  bool implicit_tls = false;
  if (url.starts_with("smtp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("smtps://")) {
    rest = url.substr(8);
    implicit_tls = true;
  } else {
    return url_error("SMTP_URL must start with smtp:// or smtps://");
  }
  if (rest.find_first_of("?#") != std::string_view::npos)
    return url_error("SMTP_URL takes no query or fragment");
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  for (char c : path)
    if (!host_char(c)) return url_error("the SMTP_URL path is an EHLO name ([A-Za-z0-9.-])");
  if (authority.find('@') != std::string_view::npos)
    return url_error("SMTP_URL must not hold credentials: use SMTP_USERNAME and SMTP_PASSWORD");

  std::string_view host;
  std::string_view port_text;
  bool bracketed = false;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return url_error("unclosed [ in SMTP_URL");
    host = authority.substr(1, close - 1);
    for (char c : host)
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'))
        return url_error("bad IPv6 address in SMTP_URL");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return url_error("unexpected text after ] in SMTP_URL");
      port_text = after.substr(1);
      if (port_text.empty()) return url_error("empty port in SMTP_URL");
    }
    bracketed = true;
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return url_error("empty port in SMTP_URL");
    }
    for (char c : host)
      if (!host_char(c)) return url_error("bad host name in SMTP_URL");
  }
  if (host.empty()) return url_error("SMTP_URL has no host");

  ep.port = implicit_tls ? 465 : 25;
  if (!port_text.empty()) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
      return url_error("the SMTP_URL port must be 1..65535");
    ep.port = port;
  }
  ep.host = std::string(host);
  ep.loopback = is_loopback(host, bracketed);
  ep.tls = implicit_tls  ? TlsMode::kImplicit
           : ep.loopback ? TlsMode::kStartTlsIfOffered
                         : TlsMode::kStartTlsRequired;
  return ep;
}

Sender SmtpConfig::sender() const {
  size_t at = from.rfind('@');
  return Sender{from, at == std::string::npos ? "localhost" : from.substr(at + 1)};
}

Result<std::optional<SmtpConfig>> smtp_config_from_env(
    const std::function<const char*(const char*)>& getenv) {
  auto get = [&](const char* name) {
    const char* v = getenv(name);
    return std::string(v ? v : "");
  };
  SmtpConfig c;
  c.url = get("SMTP_URL");
  if (c.url.empty()) return std::optional<SmtpConfig>();
  auto ep = parse_smtp_url(c.url);
  if (!ep.ok()) return ep.error();
  c.from = get("SMTP_FROM");
  if (!is_plain_address(c.from))
    return make_error(ErrorCode::kInvalidEmail, "SMTP_FROM",
                      "SMTP_FROM must be a plain address (bookings@example.com)");
  c.username = get("SMTP_USERNAME");
  c.password = get("SMTP_PASSWORD");
  if (!c.password.empty() && c.username.empty())
    return make_error(ErrorCode::kMissingField, "SMTP_USERNAME",
                      "SMTP_PASSWORD is set but SMTP_USERNAME is not");
  c.ca_file = get("SMTP_CA_FILE");
  return std::optional<SmtpConfig>(std::move(c));
}

SendResult classify_smtp_outcome(int curl_code, long response_code, std::string detail) {
  SendResult r;
  r.detail = std::move(detail);
  bool refused = response_code >= 400 && response_code <= 599;
  if (curl_code == CURLE_OK) {
    r.status = SendResult::Status::kSent;
    r.smtp_code = static_cast<int>(response_code);
  } else if (refused) {
    r.status = response_code >= 500 ? SendResult::Status::kPermanentFailure
                                    : SendResult::Status::kTemporaryFailure;
    r.smtp_code = static_cast<int>(response_code);
  } else {
    // A 2xx/3xx here is the last reply before the transfer broke off, not a verdict.
    r.status = SendResult::Status::kTemporaryFailure;
  }
  return r;
}

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {
  auto ep = parse_smtp_url(config_.url);
  if (!ep.ok()) throw std::invalid_argument(ep.error().message);
  if (!is_plain_address(config_.from))
    throw std::invalid_argument("SmtpConfig::from must be a plain address");
  endpoint_ = ep.value();
  init_curl_once();
}

SendResult SmtpSender::send(const BuiltMessage& message) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return classify_smtp_outcome(CURLE_FAILED_INIT, 0, "curl_easy_init failed");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(nullptr, curl_slist_free_all);
  for (const std::string& to : message.recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + to + ">").c_str());
    if (!next) return classify_smtp_outcome(CURLE_OUT_OF_MEMORY, 0, "out of memory");
    rcpt.release();
    rcpt.reset(next);
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(nullptr, curl_slist_free_all);
  for (const std::string& entry : config_.resolve) {
    curl_slist* next = curl_slist_append(resolve.get(), entry.c_str());
    if (!next) return classify_smtp_outcome(CURLE_OUT_OF_MEMORY, 0, "out of memory");
    resolve.release();
    resolve.reset(next);
  }
  std::string mail_from = "<" + message.envelope_from + ">";
  Upload upload{message.data, 0};
  char error[CURL_ERROR_SIZE] = {0};

  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: we run on a worker thread
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  switch (endpoint_.tls) {
    case TlsMode::kImplicit:
    case TlsMode::kStartTlsRequired:
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
      break;
    case TlsMode::kStartTlsIfOffered:
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
      break;
  }
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (resolve) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.data.size()));

  CURLcode code = curl_easy_perform(h);
  long response = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response);
  std::string detail = code == CURLE_OK ? "" : (error[0] ? error : curl_easy_strerror(code));
  return classify_smtp_outcome(code, response, std::move(detail));
}

}  // namespace slotpay::mail
