// BookingStore on PostgreSQL, for several server instances on one database.
//
// Threads: a pool of write threads and a pool of read threads, each owning one libpq
// connection (opened on first use, reopened after a failure). Jobs are synchronous code
// (a job calls tx.booking(), decides, calls tx.update_booking()), so a blocking
// connection per thread fits them as they are; libpq's asynchronous API would need
// every job rewritten as a chain of callbacks for no gain: the threads are the store's
// own, never the network threads, and each connection runs one transaction at a time
// either way. Write `done` callbacks run on callback threads, never on a connection's.
//
// One transaction per write job (READ COMMITTED with the row locks booking_store.hpp
// lists; capacity is serialized per merchant by its row). Reads run in a read-only
// REPEATABLE READ transaction: one snapshot per job.
//
// When the database goes away (restart, network), the job in flight fails with
// StoreUnavailable (a write's `done` gets unavailable = true; nothing of it was kept,
// except if the connection died while COMMIT was on the wire, when the outcome is
// unknown to us) and the connection is dropped; the next job opens a new one. A job
// that finds its idle connection dead before starting retries once on a fresh one, so
// a restart of the database costs the requests that were in flight only.
#pragma once

#include <memory>
#include <string>

#include "store/booking_store.hpp"

namespace slotpay::server {

struct PostgresStoreOptions {
  std::string url;                  // postgresql://...
  int write_connections = 8;        // write threads, one connection each (at least 1)
  int read_connections = 4;         // read threads, one connection each (at least 1)
  int callback_threads = 2;         // threads running write `done` callbacks (at least 1)
  int statement_timeout_ms = 5000;  // per statement, lock waits included; 0: none
  int connect_timeout_s = 3;
  bool migrate = true;  // apply migrations at start (false: open as it is, for check-db)
  std::string application_name = "slotpay-server";  // pg_stat_activity's name for our connections
};

class PostgresStore final : public BookingStore {
 public:
  // Connects, migrates (under the migration lock) and starts the threads. Throws
  // StoreUnavailable when the database cannot be reached, StoreError when the
  // migration fails.
  explicit PostgresStore(PostgresStoreOptions options);
  ~PostgresStore() override;  // shutdown()

  // The schema version after migration (as found, when migrate is false).
  int schema_version() const;

  void read(ReadJob job) override;
  void write(WriteJob job, WriteDone done) override;
  void shutdown() override;

  struct Stats {
    uint64_t commits = 0;      // write transactions committed
    uint64_t write_jobs = 0;   // write jobs run (or refused: database unavailable)
    uint64_t connections = 0;  // connections opened (reconnections included)
  };
  Stats stats() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace slotpay::server
