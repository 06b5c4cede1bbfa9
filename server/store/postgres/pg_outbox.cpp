// The outbox on PostgreSQL (issue #12): several instances' workers claim due messages
// at once; FOR UPDATE SKIP LOCKED gives each row to one of them.
#include <algorithm>

#include "store/outbox_row.hpp"
#include "store/postgres/pg_session.hpp"

namespace slotpay::server::pg {
namespace {

std::vector<OutboxMessage> read_all(const Result& r) {
  std::vector<OutboxMessage> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(row::read_outbox(r.at(i)));
  return out;
}

}  // namespace

std::map<std::string, int64_t> Session::count_messages_by_status() {
  auto r = db_.query("SELECT status, COUNT(*) FROM outbox GROUP BY status");
  std::map<std::string, int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out[r.text(i, 0)] = r.i64(i, 1);
  return out;
}

std::vector<OutboxMessage> Session::recent_messages(int limit) {
  return read_all(db_.query(
      "SELECT " + row::outbox_column_list() + " FROM outbox ORDER BY queued_at DESC, id LIMIT $1",
      Params().add(int64_t{limit})));
}

std::optional<OutboxMessage> Session::message(const std::string& id) {
  auto v = read_all(db_.query("SELECT " + row::outbox_column_list() + " FROM outbox WHERE id = $1",
                              Params().add(id)));
  if (v.empty()) return std::nullopt;
  return v.front();
}

void Session::queue_message(const OutboxMessage& m) {
  std::string sql = "INSERT INTO outbox (" + row::outbox_column_list() + ") VALUES (";
  for (int i = 1; i <= row::kOutboxColumnCount; ++i)
    sql += (i > 1 ? ",$" : "$") + std::to_string(i);
  Params p;
  for (const auto& v : row::outbox_values(m)) p.add(v);
  db_.query(sql + ")", p);
}

std::vector<OutboxMessage> Session::claim_messages(int64_t now_ms, const std::string& owner,
                                                   int64_t until_ms, int limit) {
  // The conditions sit on the locked rows (re-checked on a row's newest version under
  // READ COMMITTED); rows another worker holds locked are skipped, not waited for.
  static const std::string sql =
      "WITH c AS (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 AND "
      "claimed_until <= $1 ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) "
      "UPDATE outbox o SET claimed_by = $2, claimed_until = $3 FROM c WHERE o.id = c.id "
      "RETURNING " +
      row::outbox_column_list("o.");
  auto out =
      read_all(db_.query(sql, Params().add(now_ms).add(owner).add(until_ms).add(int64_t{limit})));
  std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
    return a.next_attempt_at_ms != b.next_attempt_at_ms
               ? a.next_attempt_at_ms < b.next_attempt_at_ms
               : a.id < b.id;
  });
  return out;
}

bool Session::settle_message(const OutboxMessage& m) {
  auto r = db_.query(
      "UPDATE outbox SET status = $3, attempts = $4, next_attempt_at = $5, last_code = $6, "
      "last_error = $7, claimed_by = '', claimed_until = 0 WHERE id = $1 AND claimed_by = $2 AND "
      "status = 'queued'",
      Params()
          .add(m.id)
          .add(m.claimed_by)
          .add(std::string(to_string(m.status)))
          .add(m.attempts)
          .add(m.next_attempt_at_ms)
          .add(m.last_code)
          .add(m.last_error));
  return r.affected() == 1;
}

}  // namespace slotpay::server::pg
