// The outbox on SQLite (issue #12). The one writer runs each claim alone, so a claim is
// a select then an update in the same transaction: nothing to skip.
#include "store/outbox_row.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server::sqlite {
namespace {

std::vector<OutboxMessage> messages_where(Connection& db, const std::string& tail,
                                          const std::function<void(Query&)>& binder) {
  auto q = db.query("SELECT " + row::outbox_column_list() + " FROM outbox " + tail);
  binder(q);
  std::vector<OutboxMessage> out;
  while (q.step()) out.push_back(row::read_outbox(q));
  return out;
}

}  // namespace

std::map<std::string, int64_t> Session::count_messages_by_status() {
  auto q = db_.query("SELECT status, COUNT(*) FROM outbox GROUP BY status");
  std::map<std::string, int64_t> out;
  while (q.step()) out[q.text(0)] = q.i64(1);
  return out;
}

std::vector<OutboxMessage> Session::recent_messages(int limit) {
  return messages_where(db_, "ORDER BY queued_at DESC, id LIMIT ?1",
                        [&](Query& q) { q.bind(1, int64_t{limit}); });
}

std::optional<OutboxMessage> Session::message(const std::string& id) {
  auto v = messages_where(db_, "WHERE id = ?1", [&](Query& q) { q.bind(1, id); });
  if (v.empty()) return std::nullopt;
  return v.front();
}

void Session::queue_message(const OutboxMessage& m) {
  std::string sql = "INSERT INTO outbox (" + row::outbox_column_list() + ") VALUES (";
  for (int i = 1; i <= row::kOutboxColumnCount; ++i)
    sql += (i > 1 ? ",?" : "?") + std::to_string(i);
  auto q = db_.query(sql + ")");
  auto values = row::outbox_values(m);
  for (int i = 0; i < row::kOutboxColumnCount; ++i) bind_value(q, i + 1, values[i]);
  q.step();
}

std::vector<OutboxMessage> Session::claim_messages(int64_t now_ms, const std::string& owner,
                                                   int64_t until_ms, int limit) {
  auto claimed =
      messages_where(db_,
                     "WHERE status = 'queued' AND next_attempt_at <= ?1 AND claimed_until <= ?1 "
                     "ORDER BY next_attempt_at, id LIMIT ?2",
                     [&](Query& q) { q.bind(1, now_ms).bind(2, int64_t{limit}); });
  for (auto& m : claimed) {
    auto q = db_.query("UPDATE outbox SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1");
    q.bind(1, m.id).bind(2, owner).bind(3, until_ms).step();
    m.claimed_by = owner;
    m.claimed_until_ms = until_ms;
  }
  return claimed;
}

bool Session::settle_message(const OutboxMessage& m) {
  auto q = db_.query(
      "UPDATE outbox SET status = ?3, attempts = ?4, next_attempt_at = ?5, last_code = ?6, "
      "last_error = ?7, claimed_by = '', claimed_until = 0 WHERE id = ?1 AND claimed_by = ?2 "
      "AND status = 'queued'");
  q.bind(1, m.id).bind(2, m.claimed_by).bind(3, std::string(to_string(m.status)));
  q.bind(4, m.attempts).bind(5, m.next_attempt_at_ms).bind(6, m.last_code).bind(7, m.last_error);
  q.step();
  return db_.changes() == 1;
}

}  // namespace slotpay::server::sqlite
