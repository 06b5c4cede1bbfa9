// Merchant webhooks on PostgreSQL (issue #11 item 7): several instances' workers claim
// due deliveries at once; FOR UPDATE SKIP LOCKED gives each row to one of them, and a
// delivery waits while an earlier one of its endpoint is pending (claimed or not), so
// an endpoint's events go out in order whichever instance sends them.
#include "store/postgres/pg_session.hpp"
#include "store/webhook_row.hpp"

namespace slotpay::server::pg {
namespace {

std::string placeholders(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += (i > 1 ? ",$" : "$") + std::to_string(i);
  return out;
}

Params params_of(const std::vector<row::Value>& values) {
  Params p;
  for (const auto& v : values) p.add(v);
  return p;
}

const std::string kDeliverySelect = "SELECT " + row::delivery_select_list("d.", "v.type") +
                                    " FROM webhook_deliveries d JOIN webhook_events v ON "
                                    "v.id = d.event_id ";

std::vector<HookDelivery> read_deliveries(const Result& r) {
  std::vector<HookDelivery> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_delivery(r.at(i)));
  return out;
}

std::vector<HookEndpoint> read_endpoints(const Result& r) {
  std::vector<HookEndpoint> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_endpoint(r.at(i)));
  return out;
}

}  // namespace

std::vector<HookEndpoint> Session::webhook_endpoints(const std::string& merchant_id) {
  return read_endpoints(db_.query("SELECT " + row::endpoint_column_list() +
                                      " FROM webhook_endpoints WHERE merchant_id = $1 "
                                      "ORDER BY created_at, id",
                                  Params().add(merchant_id)));
}

std::optional<HookEndpoint> Session::webhook_endpoint(const std::string& id) {
  auto v = read_endpoints(
      db_.query("SELECT " + row::endpoint_column_list() + " FROM webhook_endpoints WHERE id = $1",
                Params().add(id)));
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<HookDelivery> Session::webhook_delivery(const std::string& id) {
  auto v = read_deliveries(db_.query(kDeliverySelect + "WHERE d.id = $1", Params().add(id)));
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<HookDelivery> Session::webhook_deliveries(const std::string& endpoint_id,
                                                      const std::string& after_id, int limit) {
  return read_deliveries(db_.query(
      kDeliverySelect + "WHERE d.endpoint_id = $1 AND ($2 = '' OR d.seq < (SELECT a.seq FROM "
                        "webhook_deliveries a WHERE a.id = $2 AND a.endpoint_id = $1)) "
                        "ORDER BY d.seq DESC LIMIT $3",
      Params().add(endpoint_id).add(after_id).add(int64_t{limit})));
}

std::optional<HookEvent> Session::webhook_event(const std::string& id) {
  auto r =
      db_.query("SELECT " + row::hook_event_column_list() + " FROM webhook_events WHERE id = $1",
                Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return row::read_hook_event(r.at(0));
}

void Session::save_webhook_endpoint(const HookEndpoint& e) {
  std::string set;
  for (int i = 1; i < row::kEndpointColumnCount; ++i)
    set += std::string(i > 1 ? ", " : "") + row::kEndpointColumns[i] + " = EXCLUDED." +
           row::kEndpointColumns[i];
  db_.query("INSERT INTO webhook_endpoints (" + row::endpoint_column_list() + ") VALUES (" +
                placeholders(row::kEndpointColumnCount) + ") ON CONFLICT (id) DO UPDATE SET " + set,
            params_of(row::endpoint_values(e)));
}

void Session::delete_webhook_endpoint(const std::string& id) {
  db_.query("DELETE FROM webhook_deliveries WHERE endpoint_id = $1", Params().add(id));
  db_.query("DELETE FROM webhook_endpoints WHERE id = $1", Params().add(id));
}

void Session::insert_webhook_event(const HookEvent& e) {
  db_.query("INSERT INTO webhook_events (" + row::hook_event_column_list() + ") VALUES (" +
                placeholders(row::kHookEventColumnCount) + ")",
            params_of(row::hook_event_values(e)));
}

void Session::insert_webhook_delivery(const HookDelivery& d) {
  db_.query("INSERT INTO webhook_deliveries (" +
                row::column_list(row::kDeliveryColumns, row::kDeliveryColumnCount) + ") VALUES (" +
                placeholders(row::kDeliveryColumnCount) + ")",
            params_of(row::delivery_values(d)));
}

std::vector<ClaimedHookDelivery> Session::claim_webhook_deliveries(int64_t now_ms,
                                                                   const std::string& owner,
                                                                   int64_t until_ms, int limit) {
  // The conditions sit on the locked rows; rows another worker holds locked are skipped.
  auto ids = db_.query(
      "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
      "WHERE d.state = 'pending' AND d.next_at <= $1 AND d.claimed_until <= $1 AND "
      "e.enabled = 1 AND (d.manual = 1 OR NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE "
      "p.endpoint_id = d.endpoint_id AND p.state = 'pending' AND p.manual = 0 AND p.seq < "
      "d.seq)) ORDER BY d.seq LIMIT $2 FOR UPDATE OF d SKIP LOCKED",
      Params().add(now_ms).add(int64_t{limit}));
  std::vector<ClaimedHookDelivery> out;
  for (int i = 0; i < ids.rows(); ++i) {
    const std::string id = ids.text(i, 0);
    db_.query("UPDATE webhook_deliveries SET claimed_by = $2, claimed_until = $3 WHERE id = $1",
              Params().add(id).add(owner).add(until_ms));
    auto r =
        db_.query("SELECT " + row::delivery_select_list("d.", "v.type") + ", " +
                      row::hook_event_column_list("v.") + ", " + row::endpoint_column_list("e.") +
                      " FROM webhook_deliveries d JOIN webhook_events v ON v.id = "
                      "d.event_id JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                      "WHERE d.id = $1",
                  Params().add(id));
    if (r.rows() == 0) continue;
    ClaimedHookDelivery c;
    c.delivery = row::read_delivery(r.at(0));
    c.event = row::read_hook_event(r.at(0), row::kDeliveryReadCount);
    c.endpoint = row::read_endpoint(r.at(0), row::kDeliveryReadCount + row::kHookEventColumnCount);
    out.push_back(std::move(c));
  }
  return out;
}

bool Session::settle_webhook_delivery(const HookDelivery& d) {
  auto r = db_.query(
      "UPDATE webhook_deliveries SET state = $3, attempts = $4, next_at = $5, last_status = $6, "
      "last_outcome = $7, last_response = $8, last_attempt_at = $9, claimed_by = '', "
      "claimed_until = 0 WHERE id = $1 AND claimed_by = $2 AND state = 'pending'",
      Params()
          .add(d.id)
          .add(d.claimed_by)
          .add(d.state)
          .add(d.attempts)
          .add(d.next_at_ms)
          .add(d.last_status)
          .add(d.last_outcome)
          .add(d.last_response)
          .add(d.last_attempt_at_ms));
  return r.affected() == 1;
}

}  // namespace slotpay::server::pg
