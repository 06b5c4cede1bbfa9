// A thin RAII layer over one sqlite3 connection: prepared statements cached per
// connection (every value bound, never spliced into SQL), errors as StoreError.
// A Connection is used by one thread at a time (opened SQLITE_OPEN_NOMUTEX).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "store/booking_store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace slotpay::server::sqlite {

// One execution of a cached prepared statement; resets it when it goes out of scope.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), s_(stmt) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int i, const std::string& v);
  Query& bind(int i, int64_t v);
  Query& bind(int i, std::optional<int64_t> v);  // nullopt binds NULL
  Query& bind_null(int i);
  // true while a row is available; StoreError on failure.
  bool step();
  std::string text(int col) const;
  int64_t i64(int col) const;
  bool is_null(int col) const;

 private:
  void check(int rc);
  sqlite3* db_;
  sqlite3_stmt* s_;
};

class Connection {
 public:
  // Opens `path`; read_only connections cannot write (SQLITE_OPEN_READONLY).
  // Throws StoreError when the file cannot be opened.
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results.
  void exec(const char* sql);
  // The cached statement for `sql` (prepared on first use), ready to bind.
  Query query(const std::string& sql);
  // Rows changed by the last statement.
  int changes() const;
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace slotpay::server::sqlite
