// An outbox message as a row, the same for both stores (as booking_row.hpp is for
// bookings): the column list, the values in that order, the record read back.
#pragma once

#include <iterator>
#include <string>
#include <vector>

#include "store/booking_row.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server::row {

inline constexpr const char* kOutboxColumns[] = {
    "id",
    "booking_id",
    "merchant_id",
    "kind",
    "to_merchant",
    "message_id",
    "envelope_from",
    "recipients",
    "subject",
    "data",
    "status",
    "attempts",
    "queued_at",
    "next_attempt_at",
    "send_before",
    "last_code",
    "last_error",
    "claimed_by",
    "claimed_until",
};
inline constexpr int kOutboxColumnCount = static_cast<int>(std::size(kOutboxColumns));

// "id, booking_id, ..." with an optional table prefix ("o." -> "o.id, o.booking_id").
std::string outbox_column_list(const std::string& prefix = "");
std::vector<Value> outbox_values(const OutboxMessage& m);

template <class Row>
OutboxMessage read_outbox(const Row& q) {
  OutboxMessage m;
  int c = 0;
  m.id = q.text(c++);
  m.booking_id = q.text(c++);
  m.merchant_id = q.text(c++);
  m.kind = q.text(c++);
  m.to_merchant = q.i64(c++) != 0;
  m.message_id = q.text(c++);
  m.envelope_from = q.text(c++);
  m.recipients = strings_from_json(q.text(c++));
  m.subject = q.text(c++);
  m.data = q.text(c++);
  // An unknown status (a newer server wrote it) reads as failed: nothing sends it.
  m.status = outbox_status_from(q.text(c++)).value_or(OutboxStatus::kFailed);
  m.attempts = q.i64(c++);
  m.queued_at_ms = q.i64(c++);
  m.next_attempt_at_ms = q.i64(c++);
  m.send_before_ms = q.i64(c++);
  m.last_code = q.i64(c++);
  m.last_error = q.text(c++);
  m.claimed_by = q.text(c++);
  m.claimed_until_ms = q.i64(c++);
  return m;
}

}  // namespace slotpay::server::row
