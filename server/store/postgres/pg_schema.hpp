// The PostgreSQL schema as versioned migrations, numbered as the SQLite ones
// (store/sqlite_schema.cpp): migration N gives both stores the same tables, columns and
// meaning. Each runs once, in order, in its own transaction; migrate() holds a
// session advisory lock meanwhile, so that instances starting together migrate once.
#pragma once

#include "store/postgres/pg_connection.hpp"

namespace slotpay::server::pg {

// The version the latest migration gives (the same number as SQLite's).
int latest_schema_version();
// The version the database is at (0 when it has no schema_migrations table yet).
int schema_version(Connection& db);
// Brings the database to latest_schema_version() under the migration lock; returns
// the version after. StoreError on failure (the failing migration is rolled back whole).
int migrate(Connection& db);

}  // namespace slotpay::server::pg
