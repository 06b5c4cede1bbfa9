#include "store/webhook_row.hpp"

namespace slotpay::server::row {

std::string column_list(const char* const* columns, int count, const std::string& prefix) {
  std::string out;
  for (int i = 0; i < count; ++i) out += (i ? ", " : "") + prefix + columns[i];
  return out;
}

std::vector<Value> endpoint_values(const HookEndpoint& e) {
  return {e.id,
          e.merchant_id,
          e.url,
          strings_to_json(e.events),
          e.secret_sealed,
          int64_t{e.enabled},
          e.disabled_reason,
          e.failed_events,
          e.created_at_ms,
          e.updated_at_ms};
}

std::vector<Value> hook_event_values(const HookEvent& e) {
  return {e.id, e.merchant_id, e.type, e.booking_id, e.payload, e.created_at_ms};
}

std::vector<Value> delivery_values(const HookDelivery& d) {
  return {d.id,
          d.event_id,
          d.endpoint_id,
          d.merchant_id,
          int64_t{d.manual},
          d.state,
          d.attempts,
          d.next_at_ms,
          d.last_status,
          d.last_outcome,
          d.last_response,
          d.last_attempt_at_ms,
          d.created_at_ms,
          d.claimed_by,
          d.claimed_until_ms};
}

}  // namespace slotpay::server::row
