// What happens to a delivery of an event to a merchant's webhook endpoint after an
// attempt (issue #11 item 7): delivered on any 2xx; otherwise retried with exponential
// backoff for three days, as Stripe does for its own webhooks; the endpoint is disabled
// after it has failed for good on several events in a row. Pure: the delivery worker
// passes the clock and the attempt's outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/time.hpp"

namespace slotpay::server::hooks {

// The events a merchant can subscribe an endpoint to.
const std::vector<std::string_view>& merchant_event_types();
bool is_merchant_event_type(std::string_view type);

struct DeliveryPolicy {
  int64_t first_delay_s = 60;        // after the first failed attempt
  int64_t max_delay_s = 6 * 3600;    // the doubling stops here
  int64_t give_up_after_s = 259200;  // 3 days after the event
  int64_t attempt_timeout_s = 10;    // the receiver must answer within this
  // An endpoint whose last this-many events all failed for good is disabled (the
  // merchant is told and can enable it again); one success resets the count.
  int disable_after_failed_events = 5;
};

struct DeliveryAttempt {
  // The HTTP status the endpoint answered, or 0 when there was no answer (refused,
  // timed out, TLS failure, a forbidden address after resolution).
  int status = 0;
  std::string transport_error;  // when status is 0: "timeout", "refused", "forbidden_address"
};

struct DeliveryState {
  Instant event_created;
  int attempts = 0;  // attempts made before this one
};

struct DeliveryDecision {
  enum class Kind { kDelivered, kRetry, kFailed };
  Kind kind = Kind::kDelivered;
  Instant retry_at;     // kRetry
  std::string outcome;  // for the delivery log: "http_200", "http_500", "timeout", ...
};

// Delay before retry number `retry` (1 = after the first failure): first_delay_s doubled
// each time, at most max_delay_s.
int64_t delivery_retry_delay_s(const DeliveryPolicy& policy, int retry);

// The decision after an attempt made at `now`: 2xx delivered; anything else (3xx are not
// followed: a redirect could lead anywhere, see endpoint_url.hpp) retried unless the retry
// would land more than give_up_after_s after the event, then failed. A forbidden address
// fails at once: retrying cannot make it allowed.
DeliveryDecision decide_after_delivery(const DeliveryPolicy& policy, const DeliveryState& state,
                                       const DeliveryAttempt& attempt, Instant now);

// Whether an endpoint should be disabled, given how many of its latest events in a row
// failed for good (after this one's decision).
bool should_disable_endpoint(const DeliveryPolicy& policy, int consecutive_failed_events);

}  // namespace slotpay::server::hooks
