// The SQLite session's pay-link queries (issue #11 item 3; table of migration 12).
#include "store/pay_link_sql.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server::sqlite {

std::optional<PayLinkRecord> Session::pay_link_where(const std::string& where,
                                                     const std::string& key) {
  auto q = db_.query(std::string("SELECT ") + pay_link_sql::kColumns + " FROM pay_links " + where +
                     " ORDER BY created_at DESC, id LIMIT 1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return pay_link_sql::read_pay_link(q);
}

std::optional<PayLinkRecord> Session::pay_link(const std::string& id) {
  return pay_link_where("WHERE id = ?1", id);
}

std::optional<PayLinkRecord> Session::pay_link_by_payment_intent(const std::string& pi) {
  if (pi.empty()) return std::nullopt;
  return pay_link_where("WHERE payment_intent_id = ?1", pi);
}

std::optional<PayLinkRecord> Session::newest_pay_link(const std::string& booking_id) {
  return pay_link_where("WHERE booking_id = ?1", booking_id);
}

std::vector<PayLinkRecord> Session::paid_pay_links(const std::string& booking_id) {
  auto q = db_.query(std::string("SELECT ") + pay_link_sql::kColumns +
                     " FROM pay_links WHERE booking_id = ?1 AND status = 'paid' ORDER BY paid_at, "
                     "created_at, id");
  q.bind(1, booking_id);
  std::vector<PayLinkRecord> out;
  while (q.step()) out.push_back(pay_link_sql::read_pay_link(q));
  return out;
}

std::vector<PayLinkRecord> Session::open_pay_links(const std::string& booking_id) {
  auto q = db_.query(std::string("SELECT ") + pay_link_sql::kColumns +
                     " FROM pay_links WHERE booking_id = ?1 AND status = 'open' AND "
                     "payment_intent_id != '' ORDER BY created_at, id");
  q.bind(1, booking_id);
  std::vector<PayLinkRecord> out;
  while (q.step()) out.push_back(pay_link_sql::read_pay_link(q));
  return out;
}

void Session::save_pay_link(const PayLinkRecord& x) {
  auto q = db_.query(std::string("INSERT INTO pay_links (") + pay_link_sql::kColumns +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)" +
                     pay_link_sql::kUpsertSet);
  q.bind(1, x.id).bind(2, x.booking_id).bind(3, x.merchant_id).bind(4, x.amount);
  q.bind(5, x.currency).bind(6, x.application_fee).bind(7, x.status).bind(8, x.idempotency_key);
  q.bind(9, x.payment_intent_id).bind(10, x.client_secret).bind(11, x.created_at_ms);
  q.bind(12, x.expires_at_ms).bind(13, x.paid_at_ms).bind(14, int64_t{x.late});
  q.step();
}

}  // namespace slotpay::server::sqlite
