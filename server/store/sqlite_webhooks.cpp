// Merchant webhooks on SQLite (issue #11 item 7). The one writer runs each claim alone,
// so a claim is a select then an update in the same transaction: nothing to skip.
#include "store/sqlite_session.hpp"
#include "store/webhook_row.hpp"

namespace slotpay::server::sqlite {
namespace {

std::string placeholders(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += (i > 1 ? ",?" : "?") + std::to_string(i);
  return out;
}

void insert_row(Connection& db, const std::string& table, const std::string& columns,
                const std::vector<row::Value>& values, bool replace = false) {
  auto q =
      db.query(std::string(replace ? "INSERT OR REPLACE" : "INSERT") + " INTO " + table + " (" +
               columns + ") VALUES (" + placeholders(static_cast<int>(values.size())) + ")");
  for (size_t i = 0; i < values.size(); ++i) bind_value(q, static_cast<int>(i) + 1, values[i]);
  q.step();
}

const std::string kDeliverySelect = "SELECT " + row::delivery_select_list("d.", "v.type") +
                                    " FROM webhook_deliveries d JOIN webhook_events v ON "
                                    "v.id = d.event_id ";

std::vector<HookDelivery> deliveries_where(Connection& db, const std::string& tail,
                                           const std::function<void(Query&)>& binder) {
  auto q = db.query(kDeliverySelect + tail);
  binder(q);
  std::vector<HookDelivery> out;
  while (q.step()) out.push_back(row::read_delivery(q));
  return out;
}

std::vector<HookEndpoint> endpoints_where(Connection& db, const std::string& tail,
                                          const std::function<void(Query&)>& binder) {
  auto q = db.query("SELECT " + row::endpoint_column_list() + " FROM webhook_endpoints " + tail);
  binder(q);
  std::vector<HookEndpoint> out;
  while (q.step()) out.push_back(row::read_endpoint(q));
  return out;
}

}  // namespace

std::vector<HookEndpoint> Session::webhook_endpoints(const std::string& merchant_id) {
  return endpoints_where(db_, "WHERE merchant_id = ?1 ORDER BY created_at, id",
                         [&](Query& q) { q.bind(1, merchant_id); });
}

std::optional<HookEndpoint> Session::webhook_endpoint(const std::string& id) {
  auto v = endpoints_where(db_, "WHERE id = ?1", [&](Query& q) { q.bind(1, id); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<HookDelivery> Session::webhook_delivery(const std::string& id) {
  auto v = deliveries_where(db_, "WHERE d.id = ?1", [&](Query& q) { q.bind(1, id); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<HookDelivery> Session::webhook_deliveries(const std::string& endpoint_id,
                                                      const std::string& after_id, int limit) {
  return deliveries_where(
      db_,
      "WHERE d.endpoint_id = ?1 AND (?2 = '' OR d.seq < (SELECT a.seq FROM "
      "webhook_deliveries a WHERE a.id = ?2 AND a.endpoint_id = ?1)) "
      "ORDER BY d.seq DESC LIMIT ?3",
      [&](Query& q) { q.bind(1, endpoint_id).bind(2, after_id).bind(3, int64_t{limit}); });
}

std::optional<HookEvent> Session::webhook_event(const std::string& id) {
  auto q =
      db_.query("SELECT " + row::hook_event_column_list() + " FROM webhook_events WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return row::read_hook_event(q);
}

void Session::save_webhook_endpoint(const HookEndpoint& e) {
  insert_row(db_, "webhook_endpoints", row::endpoint_column_list(), row::endpoint_values(e), true);
}

void Session::delete_webhook_endpoint(const std::string& id) {
  db_.query("DELETE FROM webhook_deliveries WHERE endpoint_id = ?1").bind(1, id).step();
  db_.query("DELETE FROM webhook_endpoints WHERE id = ?1").bind(1, id).step();
}

void Session::insert_webhook_event(const HookEvent& e) {
  insert_row(db_, "webhook_events", row::hook_event_column_list(), row::hook_event_values(e));
}

void Session::insert_webhook_delivery(const HookDelivery& d) {
  insert_row(db_, "webhook_deliveries",
             row::column_list(row::kDeliveryColumns, row::kDeliveryColumnCount),
             row::delivery_values(d));
}

std::vector<ClaimedHookDelivery> Session::claim_webhook_deliveries(int64_t now_ms,
                                                                   const std::string& owner,
                                                                   int64_t until_ms, int limit) {
  auto q = db_.query(
      "SELECT " + row::delivery_select_list("d.", "v.type") + ", " +
      row::hook_event_column_list("v.") + ", " + row::endpoint_column_list("e.") +
      " FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id "
      "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
      "WHERE d.state = 'pending' AND d.next_at <= ?1 AND d.claimed_until <= ?1 AND e.enabled = 1 "
      "AND (d.manual = 1 OR NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE "
      "p.endpoint_id = d.endpoint_id AND p.state = 'pending' AND p.manual = 0 AND p.seq < d.seq)) "
      "ORDER BY d.seq LIMIT ?2");
  q.bind(1, now_ms).bind(2, int64_t{limit});
  std::vector<ClaimedHookDelivery> out;
  while (q.step()) {
    ClaimedHookDelivery c;
    c.delivery = row::read_delivery(q);
    c.event = row::read_hook_event(q, row::kDeliveryReadCount);
    c.endpoint = row::read_endpoint(q, row::kDeliveryReadCount + row::kHookEventColumnCount);
    out.push_back(std::move(c));
  }
  for (auto& c : out) {
    db_.query("UPDATE webhook_deliveries SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1")
        .bind(1, c.delivery.id)
        .bind(2, owner)
        .bind(3, until_ms)
        .step();
    c.delivery.claimed_by = owner;
    c.delivery.claimed_until_ms = until_ms;
  }
  return out;
}

bool Session::settle_webhook_delivery(const HookDelivery& d) {
  auto q = db_.query(
      "UPDATE webhook_deliveries SET state = ?3, attempts = ?4, next_at = ?5, last_status = ?6, "
      "last_outcome = ?7, last_response = ?8, last_attempt_at = ?9, claimed_by = '', "
      "claimed_until = 0 WHERE id = ?1 AND claimed_by = ?2 AND state = 'pending'");
  q.bind(1, d.id).bind(2, d.claimed_by).bind(3, d.state).bind(4, d.attempts);
  q.bind(5, d.next_at_ms).bind(6, d.last_status).bind(7, d.last_outcome);
  q.bind(8, d.last_response).bind(9, d.last_attempt_at_ms);
  q.step();
  return db_.changes() == 1;
}

}  // namespace slotpay::server::sqlite
