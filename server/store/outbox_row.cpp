#include "store/outbox_row.hpp"

namespace slotpay::server::row {

std::string outbox_column_list(const std::string& prefix) {
  std::string out;
  for (int i = 0; i < kOutboxColumnCount; ++i) out += (i ? ", " : "") + prefix + kOutboxColumns[i];
  return out;
}

std::vector<Value> outbox_values(const OutboxMessage& m) {
  return {m.id,
          m.booking_id,
          m.merchant_id,
          m.kind,
          int64_t{m.to_merchant},
          m.message_id,
          m.envelope_from,
          strings_to_json(m.recipients),
          m.subject,
          m.data,
          std::string(to_string(m.status)),
          m.attempts,
          m.queued_at_ms,
          m.next_attempt_at_ms,
          m.send_before_ms,
          m.last_code,
          m.last_error,
          m.claimed_by,
          m.claimed_until_ms};
}

}  // namespace slotpay::server::row
