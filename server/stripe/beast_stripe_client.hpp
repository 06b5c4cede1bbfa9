// StripeClient over HTTP/1.1 with Boost.Beast on the caller's io_context: nothing blocks
// a thread while a call waits on the network. Behaviour follows stripe-node's
// RequestSender, and this is the one place that retries (STYLE.md):
//   - Authorization: Bearer <secret key>; pinned Stripe-Version; Stripe-Account; form
//     bodies (request_format.hpp);
//   - retries per RetryPolicy (network errors and timeouts, 409, >= 500,
//     Stripe-Should-Retry) after an asio-timer backoff, each with the same
//     Idempotency-Key;
//   - HTTPS with peer verification (system CA store or a CA file) and host name check,
//     SNI for DNS names; http:// only for local stand-ins (main.cpp refuses live keys);
//   - a keep-alive connection pool: idle connections reused (most recent first), at most
//     max_connections open, calls beyond that queue, idle ones closed after
//     idle_timeout_ms;
//   - per attempt: a connect deadline (resolve + TCP + TLS handshake) and a deadline for
//     the whole exchange (write the request, read the whole response);
//   - a response over max_response_bytes or a head over max_header_bytes is a failed
//     attempt (no response).
// The secret key goes into the Authorization header only: never into logs or errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "stripe/request_format.hpp"
#include "stripe/retry_policy.hpp"
#include "stripe/stripe_client.hpp"

namespace boost::asio {
class io_context;
}

namespace slotpay::server {

struct BeastStripeClientOptions {
  std::string base_url = "https://api.stripe.com";  // scheme://host[:port]
  std::string secret_key;                           // sk_test_... / sk_live_...; never logged
  std::string api_version = kStripeApiVersion;
  RetryPolicy retry;
  // CA certificates (PEM) to verify the server with; empty: the system's default paths.
  std::string ca_file;
  long connect_timeout_ms = 5000;  // resolve + connect + TLS handshake, per attempt
  long timeout_ms = 30000;         // write request + read response, per attempt
  // Open connections at most (busy + idle). At 250 ms per call, 2,000 calls/s keep ~500
  // busy. Calls beyond it wait for a connection, at most queue_timeout_ms (then the
  // attempt fails as a network error).
  size_t max_connections = 1024;
  long queue_timeout_ms = 30000;
  long idle_timeout_ms = 30000;  // an idle keep-alive connection is closed after this
  size_t max_response_bytes = 4 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;
};

class BeastStripeClient final : public StripeClient {
 public:
  // Called once per finished request (after retries): operation, final status (0 =
  // no response), ok, attempts. From an io thread; must not throw.
  using Observer =
      std::function<void(const std::string& operation, int status, bool ok, int attempts)>;

  struct Stats {
    uint64_t connections_opened = 0;  // TCP connections established, ever
    size_t open = 0;                  // connections open now (busy + idle)
    size_t idle = 0;
    size_t queued = 0;  // calls waiting for a connection
  };

  // The io_context must outlive the client and be run by at least one thread for calls to
  // progress. Throws std::invalid_argument for a bad base_url and std::runtime_error when
  // the CA file or the system CA store cannot be loaded.
  BeastStripeClient(boost::asio::io_context& io, BeastStripeClientOptions options,
                    Observer observer = {});
  // Closes idle connections. Calls still in flight keep what they need alive and finish.
  ~BeastStripeClient() override;

  void request(const std::string& method, const std::string& path,
               const nlohmann::ordered_json& params, const StripeRequestOptions& options,
               StripeCallback done) override;

  Stats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace slotpay::server
