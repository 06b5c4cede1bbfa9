// What a Stripe API call looks like on the wire, as stripe-node sends it, and how an
// HTTP answer becomes a StripeResponse. Pure functions: no I/O, unit-tested.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "stripe/stripe_client.hpp"

namespace slotpay::server {

// The API version every request pins (stripe-node 22.5.0's default; FACTS.md 0, 3.7).
inline constexpr const char* kStripeApiVersion = "2026-07-29.dahlia";

struct HttpRequest {
  std::string method;
  std::string target;  // path, plus the query for GETs
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // form-encoded, POST only
};

struct HttpReply {
  bool got_response = false;  // false: connection failure or timeout
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string transport_error;  // when !got_response; never contains request headers
};

// Authorization: Bearer <secret_key>, Stripe-Version, Stripe-Account when given,
// Idempotency-Key on POSTs only (FACTS.md 3.6); params form-encoded into the body (POST)
// or the query (GET). Throws std::invalid_argument when params cannot be form-encoded
// (floats, non-objects); null params send nothing.
HttpRequest build_stripe_request(const std::string& method, const std::string& path,
                                 const nlohmann::ordered_json& params,
                                 const StripeRequestOptions& options, const std::string& secret_key,
                                 const std::string& api_version);

// The final reply (after retries) as the app sees it: ok for a 2xx with a JSON object;
// Stripe's error object otherwise; api_connection_error without a response.
StripeResponse interpret_stripe_reply(const HttpReply& reply, int attempts);

}  // namespace slotpay::server
