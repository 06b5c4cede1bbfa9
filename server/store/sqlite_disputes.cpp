// The SQLite session's dispute queries (issue #11 item 5; table of migration 6).
#include "store/dispute_sql.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server::sqlite {

std::optional<DisputeRecord> Session::dispute(const std::string& id) {
  auto q =
      db_.query(std::string("SELECT ") + dispute_sql::kColumns + " FROM disputes WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return dispute_sql::read_dispute(q);
}

std::vector<DisputeRecord> Session::disputes_of_merchant(const std::string& merchant_id) {
  auto q = db_.query(std::string("SELECT ") + dispute_sql::kColumns +
                     " FROM disputes WHERE booking_id IN (SELECT id FROM bookings WHERE "
                     "merchant_id = ?1) ORDER BY created_at, id");
  q.bind(1, merchant_id);
  std::vector<DisputeRecord> out;
  while (q.step()) out.push_back(dispute_sql::read_dispute(q));
  return out;
}

void Session::save_dispute(const DisputeRecord& d) {
  auto q = db_.query(std::string("INSERT INTO disputes (") + dispute_sql::kColumns +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" +
                     dispute_sql::kUpsertSet);
  q.bind(1, d.id).bind(2, d.booking_id).bind(3, d.charge).bind(4, d.amount).bind(5, d.currency);
  q.bind(6, d.reason).bind(7, d.status).bind(8, d.evidence_due_by_s);
  q.bind(9, int64_t{d.funds_withdrawn}).bind(10, int64_t{d.funds_reinstated});
  q.bind(11, d.last_event_created_s).bind(12, d.created_at_ms).bind(13, d.updated_at_ms);
  q.step();
}

}  // namespace slotpay::server::sqlite
