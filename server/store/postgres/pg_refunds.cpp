// The PostgreSQL session's refund queries (issue #11 item 1; twin of SQLite's).
#include "store/postgres/pg_session.hpp"
#include "store/refund_sql.hpp"

namespace slotpay::server::pg {

std::optional<RefundRecord> Session::refund(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + refund_sql::kColumns + " FROM refunds WHERE id = $1",
                     Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return refund_sql::read_refund(r.at(0));
}

std::vector<RefundRecord> Session::refunds_where(const std::string& where, const std::string& key) {
  auto r = db_.query(std::string("SELECT ") + refund_sql::kColumns + " FROM refunds " + where +
                         " ORDER BY created_at, id",
                     Params().add(key));
  std::vector<RefundRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(refund_sql::read_refund(r.at(i)));
  return out;
}

std::vector<RefundRecord> Session::refunds_of_booking(const std::string& booking_id) {
  return refunds_where("WHERE booking_id = $1", booking_id);
}

std::vector<RefundRecord> Session::refunds_of_merchant(const std::string& merchant_id) {
  return refunds_where("WHERE booking_id IN (SELECT id FROM bookings WHERE merchant_id = $1)",
                       merchant_id);
}

void Session::save_refund(const RefundRecord& x) {
  db_.query(std::string("INSERT INTO refunds (") + refund_sql::kColumns +
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)" + refund_sql::kUpsertSet,
            Params()
                .add(x.id)
                .add(x.booking_id)
                .add(x.amount)
                .add(x.currency)
                .add(x.status)
                .add(x.last_event_created_s)
                .add(x.created_at_ms)
                .add(x.updated_at_ms)
                .add(x.payment_intent_id)
                .add(x.origin));
}

}  // namespace slotpay::server::pg
