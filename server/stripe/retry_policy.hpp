// When to retry a Stripe API request, as stripe-node's RequestSender does
// (shared/stripe/FACTS.md 3.7): at most max_retries (default 2) retries; no
// response (connection error, timeout) -> retry; header Stripe-Should-Retry
// "false" -> never, "true" -> retry; 409 -> retry; >= 500 -> retry; anything
// else (4xx, including 429) -> no retry. Every retry reuses the same headers,
// so the same Idempotency-Key.
#pragma once

#include <optional>
#include <string>

namespace slotpay::server {

struct AttemptOutcome {
  bool got_response = false;                // false: connection error or timeout
  int status = 0;                           // HTTP status when got_response
  std::optional<std::string> should_retry;  // Stripe-Should-Retry header, if present
};

struct RetryPolicy {
  int max_retries = 2;
  double initial_delay_s = 0.5;  // stripe-node: 0.5 s doubling
  double max_delay_s = 5.0;      // cap before jitter

  // num_retries = retries already made (0 after the first attempt).
  bool should_retry(int num_retries, const AttemptOutcome& outcome) const;

  // Sleep before retry number num_retries+1, in milliseconds: min(initial * 2^(n-1), max)
  // * 0.5 * (1 + jitter), floored at initial_delay. jitter01 in [0, 1).
  long backoff_ms(int num_retries, double jitter01) const;
};

}  // namespace slotpay::server
