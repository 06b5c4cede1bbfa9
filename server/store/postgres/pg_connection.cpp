#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>

namespace slotpay::server::pg {
namespace {

std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

bool sqlstate_is_unavailable(const std::string& s) {
  if (s.rfind("08", 0) == 0) return true;  // connection exception
  return s == "57P01"                      // admin_shutdown (a fast stop)
         || s == "57P02"                   // crash_shutdown
         || s == "57P03"                   // cannot_connect_now (starting up)
         || s == "53300"                   // too_many_connections
         || s == "57014";                  // query_canceled: statement_timeout
}

Result::~Result() {
  if (r_) PQclear(r_);
}

int Result::rows() const { return PQntuples(r_); }

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
}

int64_t Result::i64(int row, int col) const {
  if (PQgetisnull(r_, row, col)) return 0;
  const char* p = PQgetvalue(r_, row, col);
  const char* end = p + PQgetlength(r_, row, col);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(p, end, v);
  if (ec != std::errc() || ptr != end)
    throw StoreError("not an integer in column " + std::to_string(col));
  return v;
}

bool Result::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

Params& Params::add(const row::Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) return add(*n);
  if (const auto* t = std::get_if<std::string>(&v)) return add(*t);
  return add_null();
}

Connection::Connection(const ConnectionOptions& o) {
  const std::string timeout = std::to_string(o.connect_timeout_s);
  // The URL's own parameters come first; those after it override them.
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {o.url.c_str(), timeout.c_str(), o.application_name.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn_) throw StoreUnavailable("cannot connect to the database: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    // libpq reports a malformed URL the same way; both are "cannot connect".
    throw StoreUnavailable("cannot connect to the database: " + msg);
  }
  if (o.statement_timeout_ms > 0)
    exec("SET statement_timeout = " + std::to_string(o.statement_timeout_ms));
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

bool Connection::ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

int Connection::backend_pid() const { return PQbackendPID(conn_); }

void Connection::fail(PGresult* r, const std::string& what) {
  std::string state = r ? trimmed(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : "";
  std::string msg = trimmed(r ? PQresultErrorMessage(r) : nullptr);
  if (msg.empty()) msg = trimmed(PQerrorMessage(conn_));
  if (r) PQclear(r);
  std::string text = what + ": " + (state.empty() ? "" : state + " ") + msg;
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate_is_unavailable(state))
    throw StoreUnavailable("database unavailable: " + text);
  throw StoreError(text);
}

void Connection::exec(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, "statement failed");
  PQclear(r);
}

void Connection::commit() {
  PGresult* r = PQexec(conn_, "COMMIT");
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "commit failed");
  // A transaction in which a statement failed answers COMMIT with ROLLBACK.
  bool committed = std::strcmp(PQcmdStatus(r), "COMMIT") == 0;
  PQclear(r);
  if (!committed) throw StoreError("commit failed: the transaction was rolled back");
}

Result Connection::query(const std::string& sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = std::to_string(prepared_.size() + 1);
    name.insert(name.begin(), 's');  // (GCC 12 -O3 misreads "s" + to_string(): -Wrestrict)
    PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "prepare failed");
    PQclear(r);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const auto& values = params.values();
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v ? v->c_str() : nullptr);
  PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(ptrs.size()),
                               ptrs.data(), nullptr, nullptr, 0);
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, "query failed");
  return Result(r);
}

}  // namespace slotpay::server::pg
