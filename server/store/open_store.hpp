// Which store a `--db` value names, and opening it: `postgresql://...` (or
// `postgres://...`) is a PostgreSQL database, anything else a SQLite file.
#pragma once

#include <memory>
#include <string>

#include "store/booking_store.hpp"

namespace slotpay::server {

struct StoreConfig {
  std::string db;  // a SQLite file path, or a PostgreSQL URL
  // PostgreSQL: write connections (read connections: half as many, at least 2). Each
  // instance opens pool + max(2, pool / 2) connections.
  int pool = 8;
  int statement_timeout_ms = 5000;  // PostgreSQL, per statement (lock waits included)
  bool migrate = true;              // false: open as it is (check-db)
};

struct OpenedStore {
  std::unique_ptr<BookingStore> store;
  bool postgres = false;
  int schema_version = 0;  // after migration (as found when migrate is false)
  int latest_version = 0;  // what this build's migrations reach
};

bool is_postgres_url(const std::string& db);

// Opens (and, unless told otherwise, migrates) the store `config.db` names. Throws
// StoreUnavailable when a database cannot be reached, StoreError when it cannot be
// opened or migrated.
OpenedStore open_store(const StoreConfig& config);

// The URL without its password, for logs ("postgresql://user:***@host/db").
std::string redact_db(const std::string& db);

}  // namespace slotpay::server
