#include "store/open_store.hpp"

#include <algorithm>
#include <regex>

#include "store/postgres/pg_schema.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite_schema.hpp"
#include "store/sqlite_store.hpp"

namespace slotpay::server {

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

OpenedStore open_store(const StoreConfig& config) {
  OpenedStore out;
  if (is_postgres_url(config.db)) {
    PostgresStoreOptions o;
    o.url = config.db;
    o.write_connections = std::max(1, config.pool);
    o.read_connections = std::max(2, config.pool / 2);
    o.statement_timeout_ms = config.statement_timeout_ms;
    o.migrate = config.migrate;
    auto store = std::make_unique<PostgresStore>(o);
    out.schema_version = store->schema_version();
    out.latest_version = pg::latest_schema_version();
    out.store = std::move(store);
    out.postgres = true;
    return out;
  }
  SqliteStoreOptions o;
  o.migrate = config.migrate;
  auto store = std::make_unique<SqliteStore>(config.db, o);
  out.schema_version = store->schema_version();
  out.latest_version = sqlite::latest_schema_version();
  out.store = std::move(store);
  return out;
}

std::string redact_db(const std::string& db) {
  if (!is_postgres_url(db)) return db;
  // scheme://user:password@ -> scheme://user:***@ ; password=... in the query too.
  static const std::regex userinfo(R"(^([a-z]+://[^:/@?]*):[^@/?]*@)");
  static const std::regex param(R"(([?&]password=)[^&]*)");
  return std::regex_replace(std::regex_replace(db, userinfo, "$1:***@"), param, "$1***");
}

}  // namespace slotpay::server
