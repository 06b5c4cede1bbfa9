#include "db_commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "store/open_store.hpp"

namespace slotpay::server {
namespace {

std::string env(const char* name, const std::string& dflt) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : dflt;
}

}  // namespace

bool is_db_command(const std::string& arg) { return arg == "migrate" || arg == "check-db"; }

int run_db_command(int argc, char** argv) {
  const std::string cmd = argv[1];
  StoreConfig config;
  config.db = env("SLOTPAY_DATABASE_URL", env("SLOTPAY_DB", "slotpay.db"));
  config.pool = 1;
  config.migrate = cmd == "migrate";
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      config.db = argv[++i];
    } else {
      std::cerr << "usage: slotpay-server " << cmd << " [--db FILE|postgresql://...]\n";
      return 2;
    }
  }
  nlohmann::ordered_json out;
  out["command"] = cmd;
  out["db"] = redact_db(config.db);
  int code = 0;
  try {
    // check-db looks, it never creates: a SQLite file that is not there is an error.
    if (!config.migrate && !is_postgres_url(config.db) && !std::filesystem::exists(config.db))
      throw StoreError("no such database file: " + config.db);
    OpenedStore opened = open_store(config);
    out["store"] = opened.postgres ? "postgresql" : "sqlite";
    std::string ping_error;
    try {
      read_now(*opened.store, [](StoreReader& r) { r.ping(); });
    } catch (const std::exception& e) {
      ping_error = e.what();
    }
    opened.store->shutdown();
    out["schema_version"] = opened.schema_version;
    out["latest_version"] = opened.latest_version;
    if (!ping_error.empty()) {
      out["ok"] = false;
      out["error"] = ping_error;
      code = 2;
    } else {
      out["ok"] = opened.schema_version == opened.latest_version;
      if (opened.schema_version < opened.latest_version)
        out["error"] = "the schema is behind this build: run slotpay-server migrate";
      else if (opened.schema_version > opened.latest_version)
        out["error"] = "the schema is newer than this build";
      code = out["ok"].get<bool>() ? 0 : 1;
    }
  } catch (const std::exception& e) {
    out["ok"] = false;
    out["error"] = e.what();
    code = 2;
  }
  std::cout << out.dump() << std::endl;
  return code;
}

}  // namespace slotpay::server
