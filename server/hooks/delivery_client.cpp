#include "hooks/delivery_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "hooks/endpoint_url.hpp"

namespace slotpay::server::hooks {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using beast::error_code;
constexpr auto kAwait = net::as_tuple(net::use_awaitable);
constexpr size_t kMaxBodyRead = 64 * 1024;

DeliveryResponse failure(std::string kind, std::string detail) {
  DeliveryResponse r;
  r.transport_error = std::move(kind);
  r.detail = std::move(detail);
  return r;
}

std::string kind_of(const error_code& ec) {
  if (ec == beast::error::timeout || ec == net::error::operation_aborted) return "timeout";
  if (ec == net::error::connection_refused) return "refused";
  if (ec.category() == net::error::get_ssl_category()) return "tls";
  return "connection_error";
}

template <class Stream>
net::awaitable<DeliveryResponse> exchange(Stream& stream, beast::tcp_stream& lowest,
                                          const EndpointUrl& url, const DeliveryRequest& request,
                                          std::chrono::steady_clock::time_point deadline) {
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  const bool default_port = url.port == 443 || url.port == 80;
  const std::string host =
      url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + std::to_string(url.port));
  req.set(http::field::user_agent, "Slotpay-Webhooks/1");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  lowest.expires_at(deadline);
  auto [wec, wn] = co_await http::async_write(stream, req, kAwait);
  (void)wn;
  if (wec) co_return failure(kind_of(wec), "sending: " + wec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(kMaxBodyRead);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, kAwait);
  (void)rn;
  // An answer whose body is over the limit still has its status.
  if (rec && !(rec == http::error::body_limit && parser.is_header_done()))
    co_return failure(kind_of(rec), "reading the answer: " + rec.message());
  DeliveryResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  out.body = parser.get().body();
  co_return out;
}

class BeastDeliveryClient final : public DeliveryClient {
 public:
  BeastDeliveryClient(net::io_context& io, std::shared_ptr<ssl::context> tls)
      : io_(io), tls_(std::move(tls)) {}

  void post(DeliveryRequest request, DeliveryDone done) override {
    auto strand = net::make_strand(io_);
    net::co_spawn(strand, attempt(strand, tls_, std::move(request)),
                  [done = std::move(done)](std::exception_ptr e, DeliveryResponse r) {
                    if (e) {
                      try {
                        std::rethrow_exception(e);
                      } catch (const std::exception& ex) {
                        r = failure("internal", ex.what());
                      } catch (...) {
                        r = failure("internal", "unknown exception");
                      }
                    }
                    done(std::move(r));
                  });
  }

 private:
  using Strand = net::strand<net::io_context::executor_type>;

  static net::awaitable<DeliveryResponse> attempt(Strand strand, std::shared_ptr<ssl::context> tls,
                                                  DeliveryRequest request) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(request.timeout_ms);
    EndpointRules rules;
    rules.allow_loopback_http = request.allow_loopback;
    auto parsed = parse_endpoint_url(request.url, rules);
    if (parsed.error) co_return failure("forbidden_address", parsed.error->message);
    const EndpointUrl url = *parsed.url;
    const bool https = request.url.rfind("https://", 0) == 0;

    // Resolve, then keep only the addresses a delivery may reach.
    tcp::resolver resolver(strand);
    net::steady_timer guard(strand);
    guard.expires_at(deadline);
    guard.async_wait([&resolver](error_code ec) {
      if (!ec) resolver.cancel();
    });
    auto [ec, results] =
        co_await resolver.async_resolve(url.host, std::to_string(url.port), kAwait);
    guard.cancel();
    if (ec) co_return failure(kind_of(ec) == "timeout" ? "timeout" : "dns", ec.message());
    std::vector<tcp::endpoint> allowed;
    for (const auto& r : results) {
      const auto address = r.endpoint().address();
      if (is_public_address(address.to_string()) ||
          (request.allow_loopback && address.is_loopback()))
        allowed.push_back(r.endpoint());
    }
    if (allowed.empty())
      co_return failure("forbidden_address",
                        url.host + " resolves to no address a webhook may be sent to");

    if (https) {
      beast::ssl_stream<beast::tcp_stream> stream(strand, *tls);
      auto& lowest = beast::get_lowest_layer(stream);
      lowest.expires_at(deadline);
      auto [cec, ep] = co_await lowest.async_connect(allowed, kAwait);
      (void)ep;
      if (cec) co_return failure(kind_of(cec), "connecting: " + cec.message());
      const bool ip = url.host.find_first_not_of("0123456789.") == std::string::npos ||
                      url.host.find(':') != std::string::npos;
      if (!ip && !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
        co_return failure("tls", "cannot set the server name");
      X509_VERIFY_PARAM* param = SSL_get0_param(stream.native_handle());
      if ((ip ? X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str())
              : X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0)) != 1)
        co_return failure("tls", "cannot set the host to check");
      auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kAwait);
      if (hec) co_return failure(kind_of(hec), "TLS handshake: " + hec.message());
      DeliveryResponse r = co_await exchange(stream, lowest, url, request, deadline);
      error_code ignored;
      lowest.socket().close(ignored);
      co_return r;
    }
    beast::tcp_stream stream(strand);
    stream.expires_at(deadline);
    auto [cec, ep] = co_await stream.async_connect(allowed, kAwait);
    (void)ep;
    if (cec) co_return failure(kind_of(cec), "connecting: " + cec.message());
    DeliveryResponse r = co_await exchange(stream, stream, url, request, deadline);
    error_code ignored;
    stream.socket().close(ignored);
    co_return r;
  }

  net::io_context& io_;
  std::shared_ptr<ssl::context> tls_;
};

}  // namespace

std::unique_ptr<DeliveryClient> make_delivery_client(net::io_context& io,
                                                     const std::string& ca_file) {
  auto tls = std::make_shared<ssl::context>(ssl::context::tls_client);
  error_code ec;
  if (ca_file.empty())
    tls->set_default_verify_paths(ec);
  else
    tls->load_verify_file(ca_file, ec);
  if (ec) throw std::runtime_error("webhooks: cannot load the trust store: " + ec.message());
  tls->set_verify_mode(ssl::verify_peer);
  return std::make_unique<BeastDeliveryClient>(io, std::move(tls));
}

std::string response_excerpt(const std::string& body) {
  constexpr size_t kMax = 1024;
  std::string out;
  size_t i = 0;
  while (i < body.size()) {
    const auto c = static_cast<unsigned char>(body[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool valid = len > 0 && i + len <= body.size();
    for (size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(body[i + k]) & 0xC0) == 0x80;
    if (valid && len > 1) {  // no overlong forms, surrogates or code points past U+10FFFF
      const auto c1 = static_cast<unsigned char>(body[i + 1]);
      if ((len == 2 && c < 0xC2) || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||
          (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4)
        valid = false;
    }
    if (!valid) len = 1;
    if (out.size() + len > kMax) break;
    if (!valid || (len == 1 && c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)
      out += '?';
    else
      out.append(body, i, len);
    i += len;
  }
  return out;
}

}  // namespace slotpay::server::hooks
