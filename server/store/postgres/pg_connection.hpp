// A thin RAII layer over one libpq connection: statements prepared once per connection
// (every value a parameter, never spliced into SQL), results as text, errors as
// StoreError, and StoreUnavailable when the database cannot be reached, went away or
// cancelled a statement past its timeout. A Connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/booking_row.hpp"
#include "store/booking_store.hpp"

struct pg_conn;
struct pg_result;

namespace slotpay::server::pg {

struct ConnectionOptions {
  std::string url;                  // postgresql://user@host:port/db?options...
  int connect_timeout_s = 3;        // libpq connect_timeout
  int statement_timeout_ms = 5000;  // each statement (lock waits included); 0: none
  std::string application_name = "slotpay-server";
};

// One statement's result (rows in text format). Move-only.
class Result {
 public:
  explicit Result(pg_result* r) : r_(r) {}
  ~Result();
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;

  int rows() const;
  std::string text(int row, int col) const;
  int64_t i64(int row, int col) const;  // StoreError when the text is not an integer
  bool is_null(int row, int col) const;
  int64_t affected() const;  // rows an INSERT/UPDATE/DELETE changed

  // One row, in the shape row::read_booking() reads.
  struct Row {
    const Result& r;
    int row;
    std::string text(int c) const { return r.text(row, c); }
    int64_t i64(int c) const { return r.i64(row, c); }
    bool is_null(int c) const { return r.is_null(row, c); }
  };
  Row at(int row) const { return Row{*this, row}; }

 private:
  pg_result* r_;
};

// Statement parameters: text values, or NULL.
class Params {
 public:
  Params& add(const std::string& v) {
    values_.emplace_back(v);
    return *this;
  }
  Params& add(const char* v) { return add(std::string(v)); }
  Params& add(int64_t v) {
    values_.emplace_back(std::to_string(v));
    return *this;
  }
  Params& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  Params& add(const row::Value& v);
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Connection {
 public:
  // Connects and sets the session's statement timeout. StoreUnavailable when the
  // database cannot be reached; StoreError for a malformed URL.
  explicit Connection(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Whether the connection is still usable (false once the server went away).
  bool ok() const;
  // Runs one or more statements without parameters (BEGIN, migrations).
  void exec(const std::string& sql);
  // COMMIT; StoreError when the transaction had failed (the server rolled it back).
  void commit();
  // Runs `sql` with `params`, prepared on this connection the first time it is seen.
  Result query(const std::string& sql, const Params& params = {});
  // The server's process id for this connection (tests terminate it).
  int backend_pid() const;

 private:
  // Throws StoreUnavailable or StoreError for a failed result (which it frees).
  [[noreturn]] void fail(pg_result* r, const std::string& what);
  pg_conn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
};

// Whether a SQLSTATE means the database is unreachable or gave up on the statement
// (connection failures, shutdown, too many connections, statement timeout).
bool sqlstate_is_unavailable(const std::string& sqlstate);

}  // namespace slotpay::server::pg
