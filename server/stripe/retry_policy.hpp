// When to retry a Stripe API request, as stripe-node's RequestSender does
// (shared/stripe/FACTS.md 3.7): at most max_retries (default 2) retries; no
// response (connection error, timeout) -> retry; header Stripe-Should-Retry
// "false" -> never, "true" -> retry; 409 -> retry; >= 500 -> retry; anything
// else (4xx, including 429) -> no retry. Every retry reuses the same headers,
// so the same Idempotency-Key.
// One deviation: a TLS certificate that fails verification is not retried (stripe-node
// would): the next attempt meets the same certificate, so retrying only delays the error.
#pragma once

#include <optional>
#include <string>

namespace slotpay::server {

// How an attempt without a response failed.
enum class TransportFailure {
  kNone,       // there was a response
  kClosed,     // the peer closed or reset the connection (EOF, ECONNRESET, EPIPE)
  kTimeout,    // connect or exchange deadline passed
  kTlsVerify,  // the server's certificate failed verification (chain or host name)
  kOther,      // resolve/connect refused, protocol error, response over a limit, ...
};

struct AttemptOutcome {
  bool got_response = false;                           // false: connection error or timeout
  int status = 0;                                      // HTTP status when got_response
  std::optional<std::string> should_retry;             // Stripe-Should-Retry header, if present
  TransportFailure failure = TransportFailure::kNone;  // when !got_response
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

// A keep-alive connection taken from the pool may have been closed by the server while
// it sat idle; the request then fails before any byte of the response arrives. Sending
// it again once, at once, on a newly opened connection is what browsers and stripe-node
// do (FACTS.md 3.7 (1)), and it is safe: the server never answered, and a POST carries
// its Idempotency-Key, so even a request that did arrive is not carried out twice. This
// does not count as a retry. Timeouts are not redone here (the server may be working).
bool redo_on_fresh_connection(bool connection_was_reused, bool response_bytes_seen,
                              bool already_redone, TransportFailure failure);

}  // namespace slotpay::server
