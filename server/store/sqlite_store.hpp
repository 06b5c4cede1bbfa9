// BookingStore on one SQLite file (the embedded default): WAL journal,
// synchronous=NORMAL, versioned migrations (store/sqlite_schema.cpp).
//
// Threads: one writer thread owns the only write connection and runs write jobs one at
// a time, so a capacity check and the insert that depends on it are atomic. Jobs that
// queue up while a commit is in progress share the next transaction (each in its own
// savepoint, seeing the ones before it), which turns many small commits into one;
// their `done` callbacks run after that commit, on a callback thread. Reads run on a
// small pool of threads
// with read-only connections, so availability does not wait behind writes (WAL lets
// readers see the last commit while a write is in progress).
#pragma once

#include <memory>
#include <string>

#include "store/booking_store.hpp"

namespace slotpay::server {

struct SqliteStoreOptions {
  // Read threads, each with its own read-only connection. 0: reads run on the writer
  // thread (forced for ":memory:", whose connections cannot share one database).
  int readers = 2;
  // Most write jobs one commit may carry; 1 commits every job alone.
  int max_batch = 64;
  // Threads that run write jobs' `done` callbacks (at least 1), so that what a use
  // case does after a commit (building its answer, calling Stripe) never holds up the
  // writer.
  int callback_threads = 1;
  // Apply the migrations at open (false: open the file as it is, for check-db).
  bool migrate = true;
};

class SqliteStore final : public BookingStore {
 public:
  // Opens (creating if needed) and migrates the database at `path` and starts the
  // threads. Throws StoreError when the file cannot be opened or migrated.
  explicit SqliteStore(const std::string& path, SqliteStoreOptions options = {});
  ~SqliteStore() override;  // shutdown()

  // The schema version after migration.
  int schema_version() const;

  void read(ReadJob job) override;
  void write(WriteJob job, WriteDone done) override;
  void shutdown() override;

  struct Stats {
    uint64_t commits = 0;     // write transactions committed
    uint64_t write_jobs = 0;  // write jobs run
  };
  Stats stats() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace slotpay::server
