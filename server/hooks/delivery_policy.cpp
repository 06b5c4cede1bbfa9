#include "hooks/delivery_policy.hpp"

#include <algorithm>

namespace slotpay::server::hooks {

const std::vector<std::string_view>& merchant_event_types() {
  static const std::vector<std::string_view> kTypes = {
      "booking.created",  "booking.confirmed", "booking.cancelled",   "booking.refunded",
      "booking.disputed", "booking.completed", "booking.rescheduled",
  };
  return kTypes;
}

bool is_merchant_event_type(std::string_view type) {
  const auto& types = merchant_event_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

int64_t delivery_retry_delay_s(const DeliveryPolicy& policy, int retry) {
  int64_t delay = policy.first_delay_s;
  for (int i = 1; i < retry && delay < policy.max_delay_s; ++i) delay *= 2;
  return std::min(delay, policy.max_delay_s);
}

DeliveryDecision decide_after_delivery(const DeliveryPolicy& policy, const DeliveryState& state,
                                       const DeliveryAttempt& attempt, Instant now) {
  DeliveryDecision d;
  d.outcome =
      attempt.status > 0 ? "http_" + std::to_string(attempt.status) : attempt.transport_error;
  if (d.outcome.empty()) d.outcome = "no_answer";
  if (attempt.status >= 200 && attempt.status <= 299) {
    d.kind = DeliveryDecision::Kind::kDelivered;
    return d;
  }
  if (attempt.status == 0 && attempt.transport_error == "forbidden_address") {
    d.kind = DeliveryDecision::Kind::kFailed;
    return d;
  }
  const Instant retry_at = now.plus_seconds(delivery_retry_delay_s(policy, state.attempts + 1));
  if (retry_at.seconds > state.event_created.seconds + policy.give_up_after_s) {
    d.kind = DeliveryDecision::Kind::kFailed;
    return d;
  }
  d.kind = DeliveryDecision::Kind::kRetry;
  d.retry_at = retry_at;
  return d;
}

bool should_disable_endpoint(const DeliveryPolicy& policy, int consecutive_failed_events) {
  return consecutive_failed_events >= policy.disable_after_failed_events;
}

}  // namespace slotpay::server::hooks
