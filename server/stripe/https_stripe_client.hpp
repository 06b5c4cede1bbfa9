// StripeClient over HTTP(S) with cpp-httplib (OpenSSL for https://; plain http://
// is accepted for the local mock). Behaviour follows stripe-node:
//   - Authorization: Bearer <secret key>; pinned Stripe-Version (kStripeApiVersion);
//   - form-encoded bodies with nested parameters;
//   - retries per RetryPolicy (network errors/timeouts, 409, >= 500, Stripe-Should-Retry)
//     with backoff, each retry carrying the same Idempotency-Key;
//   - timeouts on connect and read.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "stripe/retry_policy.hpp"
#include "stripe/stripe_client.hpp"

namespace slotpay::server {

// The API version every request pins (stripe-node 22.5.0's default; FACTS.md 0, 3.7).
inline constexpr const char* kStripeApiVersion = "2026-07-29.dahlia";

struct HttpRequest {
  std::string method;
  std::string path;  // including the query for GETs
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpReply {
  bool got_response = false;  // false: connection failure or timeout
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string transport_error;  // when !got_response
};

// One HTTP exchange. Implementations must be thread-safe.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpReply send(const HttpRequest& request) = 0;
};

struct HttplibTransportOptions {
  std::string base_url = "https://api.stripe.com";  // scheme://host[:port]
  long connect_timeout_ms = 5000;
  long read_timeout_ms = 30000;
};

// A fresh cpp-httplib client per exchange (httplib::Client is not thread-safe).
std::unique_ptr<HttpTransport> make_httplib_transport(const HttplibTransportOptions& options);

struct HttpsStripeClientOptions {
  std::string secret_key;  // sk_test_... / sk_live_...; never logged
  std::string api_version = kStripeApiVersion;
  RetryPolicy retry;
  int blocking_threads = 64;  // calls in flight at once (request())
};

class HttpsStripeClient final : public StripeClient {
 public:
  using Sleeper = std::function<void(long ms)>;
  // Called once per finished request (after retries): operation, final status (0 =
  // no response), ok.
  using Observer =
      std::function<void(const std::string& operation, int status, bool ok, int attempts)>;

  HttpsStripeClient(HttpsStripeClientOptions options, std::unique_ptr<HttpTransport> transport,
                    Sleeper sleeper = {}, Observer observer = {});

  ~HttpsStripeClient() override;

  // Runs request_blocking on a pool of threads (blocking_threads): a stand-in for the
  // asynchronous client until the Beast one replaces this class.
  void request(const std::string& method, const std::string& path,
               const nlohmann::ordered_json& params, const StripeRequestOptions& options,
               StripeCallback done) override;
  // The whole exchange, retries included, on the calling thread.
  StripeResponse request_blocking(const std::string& method, const std::string& path,
                                  const nlohmann::ordered_json& params,
                                  const StripeRequestOptions& options);

 private:
  class Pool;
  HttpsStripeClientOptions options_;
  std::unique_ptr<HttpTransport> transport_;
  Sleeper sleeper_;
  Observer observer_;
  std::unique_ptr<Pool> pool_;  // last: joined before the members its tasks use go
};

}  // namespace slotpay::server
