// BookingStore on one SQLite file: WAL journal, busy_timeout, versioned
// migrations (table schema_migrations), prepared statements only (every value is
// bound, never spliced into SQL), BEGIN IMMEDIATE for write transactions.
// One connection guarded by a mutex: SQLite serialises writers anyway, and the
// hot read paths are short.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/booking_store.hpp"

struct sqlite3;

namespace slotpay::server {

class SqliteStore final : public BookingStore {
 public:
  // Opens (creating if needed) and migrates the database at path (":memory:" works).
  // Throws StoreError when the file cannot be opened or migrated.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;

  // The schema version after migration.
  int schema_version();

  void upsert_merchant(const Merchant& m) override;
  std::optional<Merchant> merchant(const std::string& id) override;
  void transact(const std::function<bool(BookingTx&)>& fn) override;
  std::optional<BookingRecord> booking(const std::string& id) override;
  std::vector<BookingRecord> live_bookings(const std::string& merchant_id, int64_t now_ms,
                                           const std::string& from_day = "",
                                           const std::string& to_day = "") override;
  std::vector<BookingRecord> bookings_of(const std::string& merchant_id) override;
  std::vector<BookingRecord> bookings_with_status(BookingStatus status) override;
  std::vector<BookingRecord> bookings_needing_work(int64_t now_ms) override;
  std::map<std::string, int64_t> count_by_status() override;
  int64_t count_events() override;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::mutex mu_;
};

}  // namespace slotpay::server
