// The PostgreSQL session's pay-link queries (issue #11 item 3; twin of SQLite's).
#include "store/pay_link_sql.hpp"
#include "store/postgres/pg_session.hpp"

namespace slotpay::server::pg {

std::optional<PayLinkRecord> Session::pay_link_where(const std::string& where,
                                                     const std::string& key) {
  auto r = db_.query(std::string("SELECT ") + pay_link_sql::kColumns + " FROM pay_links " + where +
                         " ORDER BY created_at DESC, id LIMIT 1",
                     Params().add(key));
  if (r.rows() == 0) return std::nullopt;
  return pay_link_sql::read_pay_link(r.at(0));
}

std::optional<PayLinkRecord> Session::pay_link(const std::string& id) {
  return pay_link_where("WHERE id = $1", id);
}

std::optional<PayLinkRecord> Session::pay_link_by_payment_intent(const std::string& pi) {
  if (pi.empty()) return std::nullopt;
  return pay_link_where("WHERE payment_intent_id = $1", pi);
}

std::optional<PayLinkRecord> Session::newest_pay_link(const std::string& booking_id) {
  return pay_link_where("WHERE booking_id = $1", booking_id);
}

std::vector<PayLinkRecord> Session::paid_pay_links(const std::string& booking_id) {
  auto r = db_.query(std::string("SELECT ") + pay_link_sql::kColumns +
                         " FROM pay_links WHERE booking_id = $1 AND status = 'paid' ORDER BY "
                         "paid_at, created_at, id",
                     Params().add(booking_id));
  std::vector<PayLinkRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(pay_link_sql::read_pay_link(r.at(i)));
  return out;
}

std::vector<PayLinkRecord> Session::open_pay_links(const std::string& booking_id) {
  auto r = db_.query(std::string("SELECT ") + pay_link_sql::kColumns +
                         " FROM pay_links WHERE booking_id = $1 AND status = 'open' AND "
                         "payment_intent_id <> '' ORDER BY created_at, id",
                     Params().add(booking_id));
  std::vector<PayLinkRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(pay_link_sql::read_pay_link(r.at(i)));
  return out;
}

void Session::save_pay_link(const PayLinkRecord& x) {
  db_.query(std::string("INSERT INTO pay_links (") + pay_link_sql::kColumns +
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)" +
                pay_link_sql::kUpsertSet,
            Params()
                .add(x.id)
                .add(x.booking_id)
                .add(x.merchant_id)
                .add(x.amount)
                .add(x.currency)
                .add(x.application_fee)
                .add(x.status)
                .add(x.idempotency_key)
                .add(x.payment_intent_id)
                .add(x.client_secret)
                .add(x.created_at_ms)
                .add(x.expires_at_ms)
                .add(x.paid_at_ms)
                .add(int64_t{x.late}));
}

}  // namespace slotpay::server::pg
