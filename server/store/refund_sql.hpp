// The refunds table's columns (migrations 6 and 16), shared by the SQLite and PostgreSQL sessions.
#pragma once

#include "store/refund_record.hpp"

namespace slotpay::server::refund_sql {

inline constexpr const char* kColumns =
    "id, booking_id, amount, currency, status, last_event_created, created_at, updated_at, "
    "payment_intent_id, origin";
inline constexpr const char* kUpsertSet =
    " ON CONFLICT (id) DO UPDATE SET amount = excluded.amount, currency = excluded.currency, "
    "status = excluded.status, last_event_created = excluded.last_event_created, updated_at = "
    "excluded.updated_at, payment_intent_id = excluded.payment_intent_id, origin = "
    "excluded.origin";

template <typename Row>
RefundRecord read_refund(const Row& r) {
  RefundRecord x;
  x.id = r.text(0);
  x.booking_id = r.text(1);
  x.amount = r.i64(2);
  x.currency = r.text(3);
  x.status = r.text(4);
  x.last_event_created_s = r.i64(5);
  x.created_at_ms = r.i64(6);
  x.updated_at_ms = r.i64(7);
  x.payment_intent_id = r.text(8);
  x.origin = r.text(9);
  return x;
}

}  // namespace slotpay::server::refund_sql
