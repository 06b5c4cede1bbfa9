#include "stripe/stripe_connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>

namespace slotpay::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using beast::error_code;
constexpr auto kAwait = net::as_tuple(net::use_awaitable);

struct StripeConnection::State {
  State(net::io_context& io, std::shared_ptr<ConnectionSettings> s)
      : strand(net::make_strand(io)), settings(std::move(s)) {
    if (settings->tls)
      tls.emplace(strand, *settings->tls);
    else
      tcp.emplace(strand);
  }
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *tcp; }

  net::strand<net::io_context::executor_type> strand;
  std::shared_ptr<ConnectionSettings> settings;
  std::optional<beast::tcp_stream> tcp;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  bool open = false;
  int exchanges = 0;
};

namespace {

TransportFailure classify(const error_code& ec) {
  if (ec == beast::error::timeout) return TransportFailure::kTimeout;
  if (ec == http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::connection_aborted ||
      ec == net::error::broken_pipe || ec == ssl::error::stream_truncated)
    return TransportFailure::kClosed;
  if (ec.category() == net::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED)
    return TransportFailure::kTlsVerify;
  return TransportFailure::kOther;
}

ExchangeResult failed(TransportFailure failure, std::string message) {
  ExchangeResult r;
  r.failure = failure;
  r.reply.transport_error = std::move(message);
  return r;
}

// Why verification failed, in words. A name mismatch is reported by OpenSSL's own check
// (set in open()); host_name_verification alone would leave "unspecified".
std::string verify_failure_reason(SSL* ssl, const Origin& origin) {
  long verdict = SSL_get_verify_result(ssl);
  if (verdict == X509_V_ERR_HOSTNAME_MISMATCH || verdict == X509_V_ERR_IP_ADDRESS_MISMATCH ||
      verdict == X509_V_ERR_UNSPECIFIED)
    return "the certificate is not valid for " + origin.host;
  return X509_verify_cert_error_string(verdict);
}

// Opens TCP (and TLS) within the connect deadline. nullopt on success.
net::awaitable<std::optional<ExchangeResult>> open(StripeConnection::State& s) {
  const ConnectionSettings& cfg = *s.settings;
  const Origin& o = cfg.origin;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(cfg.connect_timeout_ms);
  const std::string where = o.host + ":" + o.port;

  std::vector<tcp::endpoint> endpoints;
  if (o.host_is_ip) {
    endpoints.emplace_back(net::ip::make_address(o.host), static_cast<uint16_t>(std::stoi(o.port)));
  } else {
    // getaddrinfo runs on asio's resolver thread; the timer bounds how long we wait for it.
    tcp::resolver resolver(s.strand);
    net::steady_timer guard(s.strand);
    guard.expires_at(deadline);
    guard.async_wait([&resolver](error_code ec) {
      if (!ec) resolver.cancel();
    });
    auto [ec, results] = co_await resolver.async_resolve(o.host, o.port, kAwait);
    guard.cancel();
    if (ec) {
      if (ec == net::error::operation_aborted)
        co_return failed(TransportFailure::kTimeout, "resolving " + o.host + " timed out");
      co_return failed(TransportFailure::kOther, "resolving " + o.host + ": " + ec.message());
    }
    for (const auto& r : results) endpoints.push_back(r.endpoint());
  }

  beast::tcp_stream& stream = s.lowest();
  stream.expires_at(deadline);
  auto [cec, ep] = co_await stream.async_connect(endpoints, kAwait);
  if (cec) {
    TransportFailure f = classify(cec);
    co_return failed(f == TransportFailure::kTimeout ? f : TransportFailure::kOther,
                     "connecting to " + where + ": " +
                         (f == TransportFailure::kTimeout ? "timed out" : cec.message()));
  }
  error_code ignored;
  stream.socket().set_option(tcp::no_delay(true), ignored);
  s.settings->opened.fetch_add(1, std::memory_order_relaxed);

  if (s.tls) {
    // SNI for DNS names only (RFC 6066 3: literal IP addresses are not permitted).
    if (!o.host_is_ip && !SSL_set_tlsext_host_name(s.tls->native_handle(), o.host.c_str()))
      co_return failed(TransportFailure::kOther, "TLS: cannot set the server name");
    // The name is checked twice: by OpenSSL while verifying the chain (which names the
    // failure) and by asio's host_name_verification on the leaf.
    X509_VERIFY_PARAM* param = SSL_get0_param(s.tls->native_handle());
    int named = o.host_is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, o.host.c_str())
                             : X509_VERIFY_PARAM_set1_host(param, o.host.c_str(), 0);
    if (named != 1) co_return failed(TransportFailure::kOther, "TLS: cannot set the host to check");
    s.tls->set_verify_callback(ssl::host_name_verification(o.host));
    auto [hec] = co_await s.tls->async_handshake(ssl::stream_base::client, kAwait);
    if (hec) {
      TransportFailure f = classify(hec);
      std::string why = f == TransportFailure::kTlsVerify
                            ? "certificate verification failed: " +
                                  verify_failure_reason(s.tls->native_handle(), o)
                        : f == TransportFailure::kTimeout ? "timed out"
                                                          : hec.message();
      co_return failed(f == TransportFailure::kClosed ? TransportFailure::kOther : f,
                       "TLS handshake with " + where + ": " + why);
    }
  }
  stream.expires_never();
  s.open = true;
  co_return std::nullopt;
}

template <class Stream>
net::awaitable<ExchangeResult> write_and_read(StripeConnection::State& s, Stream& stream,
                                              const HttpRequest& request) {
  const ConnectionSettings& cfg = *s.settings;
  ExchangeResult out;
  out.reused = s.exchanges > 0;

  http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
  req.set(http::field::host, cfg.origin.host_header);
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();

  s.lowest().expires_after(std::chrono::milliseconds(cfg.timeout_ms));
  auto [wec, wn] = co_await http::async_write(stream, req, kAwait);
  (void)wn;
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(cfg.max_header_bytes));
  parser.body_limit(cfg.max_response_bytes);
  error_code ec = wec;
  if (!ec) {
    auto [rec, rn] = co_await http::async_read(stream, s.buffer, parser, kAwait);
    (void)rn;
    ec = rec;
  }
  out.response_started = parser.got_some() || s.buffer.size() > 0;
  if (ec) {
    out.failure = classify(ec);
    const std::string where = cfg.origin.host + ":" + cfg.origin.port;
    if (out.failure == TransportFailure::kTimeout)
      out.reply.transport_error = "no complete response from " + where + " within " +
                                  std::to_string(cfg.timeout_ms) + " ms";
    else if (ec == http::error::body_limit || ec == http::error::header_limit)
      out.reply.transport_error = "the response from " + where + " is over the size limit";
    else
      out.reply.transport_error =
          (wec ? "sending to " : "reading from ") + where + ": " + ec.message();
    co_return out;
  }
  s.lowest().expires_never();
  ++s.exchanges;
  const auto& res = parser.get();
  out.reply.got_response = true;
  out.reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.reply.headers[name] = std::string(field.value());
  }
  out.reply.body = res.body();
  out.keep_alive = res.keep_alive();
  co_return out;
}

// `keep` holds the connection (and so `s`) alive while the exchange runs.
net::awaitable<ExchangeResult> exchange_on_strand(
    [[maybe_unused]] std::shared_ptr<StripeConnection> keep, StripeConnection::State& s,
    const HttpRequest& request) {
  // (No co_await inside conditions or ?: here: GCC 12 miscompiles some of those.)
  if (!s.open) {
    std::optional<ExchangeResult> failure = co_await open(s);
    if (failure) {
      s.lowest().close();
      co_return std::move(*failure);
    }
  }
  ExchangeResult r;
  if (s.tls)
    r = co_await write_and_read(s, *s.tls, request);
  else
    r = co_await write_and_read(s, *s.tcp, request);
  if (r.failure != TransportFailure::kNone || !r.keep_alive) {
    s.lowest().close();
    s.open = false;
  }
  co_return r;
}

}  // namespace

StripeConnection::StripeConnection(net::io_context& io,
                                   std::shared_ptr<ConnectionSettings> settings)
    : s_(std::make_unique<State>(io, std::move(settings))) {}

StripeConnection::~StripeConnection() = default;

net::awaitable<ExchangeResult> StripeConnection::exchange(std::shared_ptr<StripeConnection> self,
                                                          const HttpRequest& request) {
  State& s = *self->s_;
  co_return co_await net::co_spawn(s.strand, exchange_on_strand(self, s, request),
                                   net::use_awaitable);
}

void StripeConnection::close(std::shared_ptr<StripeConnection> self) {
  State& s = *self->s_;
  net::post(s.strand, [self = std::move(self)] {
    self->s_->lowest().close();
    self->s_->open = false;
  });
}

}  // namespace slotpay::server
