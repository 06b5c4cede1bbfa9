// The disputes table's columns, shared by the SQLite and PostgreSQL sessions (the same
// order in both: read back by index).
#pragma once

#include "store/dispute_record.hpp"

namespace slotpay::server::dispute_sql {

inline constexpr const char* kColumns =
    "id, booking_id, charge, amount, currency, reason, status, evidence_due_by, "
    "funds_withdrawn, funds_reinstated, last_event_created, created_at, updated_at";
inline constexpr int kColumnCount = 13;
// The update half of the upsert (both databases name the proposed row `excluded`).
inline constexpr const char* kUpsertSet =
    " ON CONFLICT (id) DO UPDATE SET charge = excluded.charge, amount = excluded.amount, "
    "currency = excluded.currency, reason = excluded.reason, status = excluded.status, "
    "evidence_due_by = excluded.evidence_due_by, funds_withdrawn = excluded.funds_withdrawn, "
    "funds_reinstated = excluded.funds_reinstated, last_event_created = "
    "excluded.last_event_created, updated_at = excluded.updated_at";

// A row read back, by column index: `Row` has text(i) and i64(i).
template <typename Row>
DisputeRecord read_dispute(const Row& r) {
  DisputeRecord d;
  d.id = r.text(0);
  d.booking_id = r.text(1);
  d.charge = r.text(2);
  d.amount = r.i64(3);
  d.currency = r.text(4);
  d.reason = r.text(5);
  d.status = r.text(6);
  d.evidence_due_by_s = r.i64(7);
  d.funds_withdrawn = r.i64(8) != 0;
  d.funds_reinstated = r.i64(9) != 0;
  d.last_event_created_s = r.i64(10);
  d.created_at_ms = r.i64(11);
  d.updated_at_ms = r.i64(12);
  return d;
}

}  // namespace slotpay::server::dispute_sql
