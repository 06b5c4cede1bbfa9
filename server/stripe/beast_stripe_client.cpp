#include "stripe/beast_stripe_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <stdexcept>

#include "stripe/connection_pool.hpp"
#include "stripe/origin.hpp"

namespace slotpay::server {

namespace net = boost::asio;
namespace ssl = net::ssl;

namespace {

double jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::shared_ptr<ssl::context> make_tls_context(const std::string& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (ca_file.empty())
    ctx->set_default_verify_paths(ec);
  else
    ctx->load_verify_file(ca_file, ec);
  if (ec)
    throw std::runtime_error("cannot load CA certificates" +
                             (ca_file.empty() ? std::string() : " from " + ca_file) + ": " +
                             ec.message());
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

}  // namespace

struct BeastStripeClient::Impl {
  net::io_context& io;
  BeastStripeClientOptions options;
  Observer observer;
  std::shared_ptr<ConnectionSettings> settings;
  std::shared_ptr<ConnectionPool> pool;

  Impl(net::io_context& io_context, BeastStripeClientOptions o, Observer obs)
      : io(io_context), options(std::move(o)), observer(std::move(obs)) {
    auto origin = parse_origin(options.base_url);
    if (!origin)
      throw std::invalid_argument("the Stripe API base must be http(s)://host[:port], got " +
                                  options.base_url);
    settings = std::make_shared<ConnectionSettings>();
    settings->origin = *origin;
    if (origin->tls) settings->tls = make_tls_context(options.ca_file);
    settings->connect_timeout_ms = options.connect_timeout_ms;
    settings->timeout_ms = options.timeout_ms;
    settings->max_response_bytes = options.max_response_bytes;
    settings->max_header_bytes = options.max_header_bytes;
    pool = std::make_shared<ConnectionPool>(io, settings, options.max_connections,
                                            std::chrono::milliseconds(options.idle_timeout_ms));
  }

  // One attempt: a connection from the pool, one exchange on it; one redo on a fresh
  // connection when a reused one turns out closed (redo_on_fresh_connection says why that
  // is safe).
  static net::awaitable<ExchangeResult> attempt(std::shared_ptr<Impl> self,
                                                const HttpRequest& request) {
    auto connection =
        co_await self->pool->acquire(std::chrono::milliseconds(self->options.queue_timeout_ms));
    if (!connection) {
      ExchangeResult r;
      r.failure = TransportFailure::kTimeout;
      r.reply.transport_error = "no connection to Stripe free within " +
                                std::to_string(self->options.queue_timeout_ms) + " ms (at most " +
                                std::to_string(self->options.max_connections) + " open)";
      co_return r;
    }
    bool redone = false;
    for (;;) {
      ExchangeResult r = co_await StripeConnection::exchange(connection, request);
      if (redo_on_fresh_connection(r.reused, r.response_started, redone, r.failure)) {
        redone = true;
        connection = self->pool->replace(std::move(connection));
        continue;
      }
      self->pool->release(std::move(connection),
                          r.failure == TransportFailure::kNone && r.keep_alive);
      co_return r;
    }
  }

  // stripe-node's RequestSender: attempts, retry decisions, backoff; then `done`.
  static net::awaitable<void> run_call(std::shared_ptr<Impl> self, HttpRequest request,
                                       std::string operation, StripeCallback done) {
    StripeResponse response;
    try {
      const RetryPolicy& policy = self->options.retry;
      ExchangeResult last;
      int attempts = 0;
      for (int retries = 0;; ++retries) {
        last = co_await attempt(self, request);
        attempts = retries + 1;
        AttemptOutcome outcome;
        outcome.got_response = last.reply.got_response;
        outcome.status = last.reply.status;
        outcome.failure = last.failure;
        if (auto it = last.reply.headers.find("stripe-should-retry");
            it != last.reply.headers.end())
          outcome.should_retry = it->second;
        bool success = outcome.got_response && outcome.status >= 200 && outcome.status < 300;
        if (success || !policy.should_retry(retries, outcome)) break;
        net::steady_timer backoff(co_await net::this_coro::executor);
        backoff.expires_after(std::chrono::milliseconds(policy.backoff_ms(retries, jitter())));
        co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
      }
      response = interpret_stripe_reply(last.reply, attempts);
    } catch (const std::exception& e) {
      response = StripeResponse{};
      response.error = StripeError{"api_connection_error", "",
                                   std::string("Stripe client failure: ") + e.what(), "", 0};
    }
    if (self->observer) {
      try {
        self->observer(operation, response.http_status, response.ok, response.attempts);
      } catch (...) {
      }
    }
    done(std::move(response));
  }
};

BeastStripeClient::BeastStripeClient(net::io_context& io, BeastStripeClientOptions options,
                                     Observer observer)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(observer))) {}

BeastStripeClient::~BeastStripeClient() { impl_->pool->shutdown(); }

void BeastStripeClient::request(const std::string& method, const std::string& path,
                                const nlohmann::ordered_json& params,
                                const StripeRequestOptions& options, StripeCallback done) {
  HttpRequest req;
  try {
    req = build_stripe_request(
        method, path, params, options,
        options.secret_key.empty() ? impl_->options.secret_key : options.secret_key,
        impl_->options.api_version);
  } catch (const std::exception& e) {
    StripeResponse r;
    r.error = StripeError{"invalid_request_error", "client_encoding", e.what(), "", 0};
    // Still asynchronous, like every other outcome.
    net::post(impl_->io, [done = std::move(done), r = std::move(r)]() mutable { done(r); });
    return;
  }
  net::co_spawn(net::make_strand(impl_->io),
                Impl::run_call(impl_, std::move(req), options.operation, std::move(done)),
                net::detached);
}

BeastStripeClient::Stats BeastStripeClient::stats() const {
  Stats s;
  s.connections_opened = impl_->settings->opened.load(std::memory_order_relaxed);
  s.open = impl_->pool->open();
  s.idle = impl_->pool->idle();
  s.queued = impl_->pool->queued();
  return s;
}

}  // namespace slotpay::server
