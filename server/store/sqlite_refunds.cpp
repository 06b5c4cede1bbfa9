// The SQLite session's refund queries (issue #11 item 1; table of migration 6).
#include "store/refund_sql.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server::sqlite {

std::optional<RefundRecord> Session::refund(const std::string& id) {
  auto q = db_.query(std::string("SELECT ") + refund_sql::kColumns + " FROM refunds WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return refund_sql::read_refund(q);
}

std::vector<RefundRecord> Session::refunds_where(const std::string& where, const std::string& key) {
  auto q = db_.query(std::string("SELECT ") + refund_sql::kColumns + " FROM refunds " + where +
                     " ORDER BY created_at, id");
  q.bind(1, key);
  std::vector<RefundRecord> out;
  while (q.step()) out.push_back(refund_sql::read_refund(q));
  return out;
}

std::vector<RefundRecord> Session::refunds_of_booking(const std::string& booking_id) {
  return refunds_where("WHERE booking_id = ?1", booking_id);
}

std::vector<RefundRecord> Session::refunds_of_merchant(const std::string& merchant_id) {
  return refunds_where("WHERE booking_id IN (SELECT id FROM bookings WHERE merchant_id = ?1)",
                       merchant_id);
}

void Session::save_refund(const RefundRecord& r) {
  auto q = db_.query(std::string("INSERT INTO refunds (") + refund_sql::kColumns +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" + refund_sql::kUpsertSet);
  q.bind(1, r.id).bind(2, r.booking_id).bind(3, r.amount).bind(4, r.currency).bind(5, r.status);
  q.bind(6, r.last_event_created_s).bind(7, r.created_at_ms).bind(8, r.updated_at_ms);
  q.bind(9, r.payment_intent_id).bind(10, r.origin);
  q.step();
}

}  // namespace slotpay::server::sqlite
