// The PostgreSQL session's dispute queries (issue #11 item 5; twin of SQLite's).
#include "store/dispute_sql.hpp"
#include "store/postgres/pg_session.hpp"

namespace slotpay::server::pg {

std::optional<DisputeRecord> Session::dispute(const std::string& id) {
  auto r =
      db_.query(std::string("SELECT ") + dispute_sql::kColumns + " FROM disputes WHERE id = $1",
                Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return dispute_sql::read_dispute(r.at(0));
}

std::vector<DisputeRecord> Session::disputes_of_merchant(const std::string& merchant_id) {
  auto r = db_.query(std::string("SELECT ") + dispute_sql::kColumns +
                         " FROM disputes WHERE booking_id IN (SELECT id FROM bookings WHERE "
                         "merchant_id = $1) ORDER BY created_at, id",
                     Params().add(merchant_id));
  std::vector<DisputeRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(dispute_sql::read_dispute(r.at(i)));
  return out;
}

void Session::save_dispute(const DisputeRecord& d) {
  db_.query(std::string("INSERT INTO disputes (") + dispute_sql::kColumns +
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)" +
                dispute_sql::kUpsertSet,
            Params()
                .add(d.id)
                .add(d.booking_id)
                .add(d.charge)
                .add(d.amount)
                .add(d.currency)
                .add(d.reason)
                .add(d.status)
                .add(d.evidence_due_by_s)
                .add(int64_t{d.funds_withdrawn})
                .add(int64_t{d.funds_reinstated})
                .add(d.last_event_created_s)
                .add(d.created_at_ms)
                .add(d.updated_at_ms));
}

}  // namespace slotpay::server::pg
