#include "stripe/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace slotpay::server {

bool RetryPolicy::should_retry(int num_retries, const AttemptOutcome& o) const {
  if (num_retries >= max_retries) return false;
  if (!o.got_response) return o.failure != TransportFailure::kTlsVerify;
  if (o.should_retry) {
    if (*o.should_retry == "false") return false;
    if (*o.should_retry == "true") return true;
  }
  if (o.status == 409) return true;
  if (o.status >= 500) return true;
  return false;
}

long RetryPolicy::backoff_ms(int num_retries, double jitter01) const {
  jitter01 = std::clamp(jitter01, 0.0, 1.0);
  double s = std::min(initial_delay_s * std::pow(2.0, num_retries - 1), max_delay_s);
  s *= 0.5 * (1.0 + jitter01);
  s = std::max(initial_delay_s, s);
  return static_cast<long>(s * 1000.0);
}

bool redo_on_fresh_connection(bool connection_was_reused, bool response_bytes_seen,
                              bool already_redone, TransportFailure failure) {
  return connection_was_reused && !response_bytes_seen && !already_redone &&
         failure == TransportFailure::kClosed;
}

}  // namespace slotpay::server
