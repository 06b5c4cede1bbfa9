// Merchant webhooks (issue #11 item 7), as stored (migration 11): the endpoints a
// merchant registered, the events their bookings caused (written in the transaction of
// the booking change) and one delivery per (event, endpoint subscribed at that moment).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace slotpay::server {

struct HookEndpoint {
  std::string id;  // "we_..."
  std::string merchant_id;
  std::string url;
  std::vector<std::string> events;  // subscribed event types (hooks/delivery_policy.hpp)
  std::string secret_sealed;        // the signing secret, sealed with the master key
  bool enabled = true;
  std::string disabled_reason;  // "" | "failing" (the worker) | "merchant"
  int64_t failed_events = 0;    // events in a row that failed for good
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct HookEvent {
  std::string id;  // "evt_...": the receiver deduplicates on it
  std::string merchant_id;
  std::string type;  // "booking.created", ...
  std::string booking_id;
  std::string payload;  // the JSON body sent, exactly
  int64_t created_at_ms = 0;
};

// Delivery states: pending (due at next_at, or being attempted), delivered, failed.
struct HookDelivery {
  int64_t seq = 0;  // insertion order: per endpoint, deliveries go out in this order
  std::string id;   // "whd_..."
  std::string event_id;
  std::string endpoint_id;
  std::string merchant_id;
  bool manual = false;  // a resend: out of the endpoint's order, never waited for
  std::string state = "pending";
  int64_t attempts = 0;
  int64_t next_at_ms = 0;
  int64_t last_status = 0;    // the endpoint's HTTP status (0: no answer)
  std::string last_outcome;   // "http_200", "timeout", "forbidden_address", ...
  std::string last_response;  // the start of the answer's body, at most 1 KB
  int64_t last_attempt_at_ms = 0;
  int64_t created_at_ms = 0;
  std::string claimed_by;
  int64_t claimed_until_ms = 0;
  // Read with the delivery (joined), not stored on its row:
  std::string event_type;
};

// What the worker needs for one claimed delivery.
struct ClaimedHookDelivery {
  HookDelivery delivery;
  HookEvent event;
  HookEndpoint endpoint;
};

}  // namespace slotpay::server
