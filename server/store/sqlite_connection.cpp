#include "store/sqlite_connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace slotpay::server::sqlite {

Query::~Query() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

void Query::check(int rc) {
  if (rc != SQLITE_OK) throw StoreError(std::string("bind failed: ") + sqlite3_errmsg(db_));
}

Query& Query::bind(int i, const std::string& v) {
  check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}

Query& Query::bind(int i, int64_t v) {
  check(sqlite3_bind_int64(s_, i, v));
  return *this;
}

Query& Query::bind(int i, std::optional<int64_t> v) { return v ? bind(i, *v) : bind_null(i); }

Query& Query::bind_null(int i) {
  check(sqlite3_bind_null(s_, i));
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw StoreError(std::string("step failed: ") + sqlite3_errmsg(db_));
}

std::string Query::text(int col) const {
  const unsigned char* p = sqlite3_column_text(s_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : "";
}

int64_t Query::i64(int col) const { return sqlite3_column_int64(s_, col); }

bool Query::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

Connection::Connection(const std::string& path, bool read_only) {
  // Issue #9: the file holds customers' names, emails and payment references. Created
  // 0600 (SQLite gives its -wal and -shm files the main file's mode); an existing one
  // is narrowed to 0600 too.
  if (!read_only && path != ":memory:" && !path.empty()) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::fchmod(fd, 0600);
      ::close(fd);
    }
  }
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open database: " + msg);
  }
  // Other processes (a second server on the same file, the sqlite3 shell) may hold
  // the write lock for a moment.
  sqlite3_busy_timeout(db_, 5000);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close(db_);
}

void Connection::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError("exec failed: " + msg);
  }
}

Query Connection::query(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
        SQLITE_OK)
      throw StoreError(std::string("prepare failed: ") + sqlite3_errmsg(db_));
    it = cache_.emplace(sql, s).first;
  }
  return Query(db_, it->second);
}

int Connection::changes() const { return sqlite3_changes(db_); }

}  // namespace slotpay::server::sqlite
