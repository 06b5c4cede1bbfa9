// The pay_links table's columns (migration 12; `late`, 17), shared by the SQLite and PostgreSQL
// sessions.
#pragma once

#include "store/pay_link_record.hpp"

namespace slotpay::server::pay_link_sql {

inline constexpr const char* kColumns =
    "id, booking_id, merchant_id, amount, currency, application_fee, status, idempotency_key, "
    "payment_intent_id, client_secret, created_at, expires_at, paid_at, late";
inline constexpr const char* kUpsertSet =
    " ON CONFLICT (id) DO UPDATE SET status = excluded.status, idempotency_key = "
    "excluded.idempotency_key, payment_intent_id = excluded.payment_intent_id, client_secret = "
    "excluded.client_secret, paid_at = excluded.paid_at, late = excluded.late";

template <typename Row>
PayLinkRecord read_pay_link(const Row& r) {
  PayLinkRecord x;
  x.id = r.text(0);
  x.booking_id = r.text(1);
  x.merchant_id = r.text(2);
  x.amount = r.i64(3);
  x.currency = r.text(4);
  x.application_fee = r.i64(5);
  x.status = r.text(6);
  x.idempotency_key = r.text(7);
  x.payment_intent_id = r.text(8);
  x.client_secret = r.text(9);
  x.created_at_ms = r.i64(10);
  x.expires_at_ms = r.i64(11);
  x.paid_at_ms = r.i64(12);
  x.late = r.i64(13) != 0;
  return x;
}

}  // namespace slotpay::server::pay_link_sql
