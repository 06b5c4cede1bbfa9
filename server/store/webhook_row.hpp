// Merchant webhooks' rows, the same for both stores (as outbox_row.hpp for the outbox):
// column lists, values in that order, records read back.
#pragma once

#include <iterator>
#include <string>
#include <vector>

#include "store/booking_row.hpp"
#include "store/webhook_record.hpp"

namespace slotpay::server::row {

inline constexpr const char* kEndpointColumns[] = {
    "id",      "merchant_id",     "url",           "events",     "secret_sealed",
    "enabled", "disabled_reason", "failed_events", "created_at", "updated_at",
};
inline constexpr int kEndpointColumnCount = static_cast<int>(std::size(kEndpointColumns));

inline constexpr const char* kHookEventColumns[] = {
    "id", "merchant_id", "type", "booking_id", "payload", "created_at",
};
inline constexpr int kHookEventColumnCount = static_cast<int>(std::size(kHookEventColumns));

// Without seq (assigned by the database on insert; read first, see read_delivery).
inline constexpr const char* kDeliveryColumns[] = {
    "id",         "event_id",   "endpoint_id",   "merchant_id",  "manual",        "state",
    "attempts",   "next_at",    "last_status",   "last_outcome", "last_response", "last_attempt_at",
    "created_at", "claimed_by", "claimed_until",
};
inline constexpr int kDeliveryColumnCount = static_cast<int>(std::size(kDeliveryColumns));

// "a, b, ..." with an optional table prefix.
std::string column_list(const char* const* columns, int count, const std::string& prefix = "");
inline std::string endpoint_column_list(const std::string& prefix = "") {
  return column_list(kEndpointColumns, kEndpointColumnCount, prefix);
}
inline std::string hook_event_column_list(const std::string& prefix = "") {
  return column_list(kHookEventColumns, kHookEventColumnCount, prefix);
}
// "seq, id, ..., claimed_until, <event type>": what read_delivery reads.
inline std::string delivery_select_list(const std::string& d, const std::string& event_type) {
  return d + "seq, " + column_list(kDeliveryColumns, kDeliveryColumnCount, d) + ", " + event_type;
}
std::vector<Value> endpoint_values(const HookEndpoint& e);
std::vector<Value> hook_event_values(const HookEvent& e);
std::vector<Value> delivery_values(const HookDelivery& d);

template <class Row>
HookEndpoint read_endpoint(const Row& q, int c = 0) {
  HookEndpoint e;
  e.id = q.text(c++);
  e.merchant_id = q.text(c++);
  e.url = q.text(c++);
  e.events = strings_from_json(q.text(c++));
  e.secret_sealed = q.text(c++);
  e.enabled = q.i64(c++) != 0;
  e.disabled_reason = q.text(c++);
  e.failed_events = q.i64(c++);
  e.created_at_ms = q.i64(c++);
  e.updated_at_ms = q.i64(c++);
  return e;
}

template <class Row>
HookEvent read_hook_event(const Row& q, int c = 0) {
  HookEvent e;
  e.id = q.text(c++);
  e.merchant_id = q.text(c++);
  e.type = q.text(c++);
  e.booking_id = q.text(c++);
  e.payload = q.text(c++);
  e.created_at_ms = q.i64(c++);
  return e;
}

template <class Row>
HookDelivery read_delivery(const Row& q, int c = 0) {
  HookDelivery d;
  d.seq = q.i64(c++);
  d.id = q.text(c++);
  d.event_id = q.text(c++);
  d.endpoint_id = q.text(c++);
  d.merchant_id = q.text(c++);
  d.manual = q.i64(c++) != 0;
  d.state = q.text(c++);
  d.attempts = q.i64(c++);
  d.next_at_ms = q.i64(c++);
  d.last_status = q.i64(c++);
  d.last_outcome = q.text(c++);
  d.last_response = q.text(c++);
  d.last_attempt_at_ms = q.i64(c++);
  d.created_at_ms = q.i64(c++);
  d.claimed_by = q.text(c++);
  d.claimed_until_ms = q.i64(c++);
  d.event_type = q.text(c++);
  return d;
}
// Columns read_delivery consumes.
inline constexpr int kDeliveryReadCount = kDeliveryColumnCount + 2;

}  // namespace slotpay::server::row
