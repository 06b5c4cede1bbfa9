// The SQLite schema as versioned migrations (table schema_migrations): each runs once,
// in order, in its own write transaction.
#pragma once

#include "store/sqlite_connection.hpp"

namespace slotpay::server::sqlite {

// The version the latest migration gives.
int latest_schema_version();
// The version the database is at (0 for a new file).
int schema_version(Connection& db);
// Brings the database to latest_schema_version(); StoreError on failure (the
// failing migration is rolled back whole).
void migrate(Connection& db);

}  // namespace slotpay::server::sqlite
