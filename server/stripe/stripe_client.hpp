// The Stripe API as the app sees it. One interface, so use cases can be tested
// against a fake and the server can talk to api.stripe.com or a local mock.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace slotpay::server {

struct StripeRequestOptions {
  std::string operation;        // label for metrics and logs ("create_payment_intent")
  std::string stripe_account;   // Stripe-Account header (Connect); empty: platform itself
  std::string idempotency_key;  // Idempotency-Key for POSTs; reused on every retry
  // The secret key for this call (a merchant's own key in API-key mode); empty: the
  // client's configured key (the platform's). Never logged.
  std::string secret_key{};
};

struct StripeError {
  std::string type;     // Stripe's error.type, or "api_connection_error" without a response
  std::string code;     // Stripe's error.code, when given
  std::string message;  // Stripe's error.message (never contains our secret key)
  std::string param;
  int http_status = 0;  // 0 without a response
};

struct StripeResponse {
  bool ok = false;  // 2xx with a JSON object body
  int http_status = 0;
  nlohmann::json body;  // the parsed body when there was one
  StripeError error;    // when !ok
  int attempts = 0;     // 1 + retries made
  bool idempotent_replayed = false;
};

using StripeCallback = std::function<void(StripeResponse)>;

class StripeClient {
 public:
  virtual ~StripeClient() = default;
  // Asynchronous: returns at once; `done` is called exactly once with the final
  // response (after retries), on a thread of the client's choosing. Never throws for
  // transport or API failures (they come back as !ok). Thread-safe. Callers must not
  // hold a lock across the call (a fake may call `done` before request() returns).
  // method is "GET" or "POST"; params are form-encoded (POST body or GET query).
  virtual void request(const std::string& method, const std::string& path,
                       const nlohmann::ordered_json& params, const StripeRequestOptions& options,
                       StripeCallback done) = 0;
};

}  // namespace slotpay::server
