// Recent availability answers, so that many widgets asking for the same week do not
// each recompute it. An answer is reused only while (1) the merchant's catalog version
// and bookings version are the ones it was computed at (the store bumps the bookings
// version in the transaction that changes any booking's occupancy, so once a booking
// is accepted no answer from before it is served again) and (2) it is younger than the
// time to live (holds expiring and the clock moving past a slot's notice are not
// writes). Bounded in bytes. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace slotpay::server {

class AvailabilityCache {
 public:
  // ttl_ms <= 0 or max_bytes == 0 disables the cache.
  AvailabilityCache(int64_t ttl_ms = 1000, size_t max_bytes = 16 << 20)
      : ttl_ms_(ttl_ms), max_bytes_(max_bytes) {}

  // The key of one question at one (catalog version, bookings version).
  static std::string key(const std::string& merchant_id, int64_t catalog_version,
                         int64_t bookings_version, const std::string& service,
                         const std::string& staff, const std::string& from, const std::string& to);

  // The answer stored under `key` at most ttl_ms before now_ms.
  std::shared_ptr<const std::string> get(const std::string& key, int64_t now_ms);
  void put(const std::string& key, std::shared_ptr<const std::string> answer, int64_t now_ms);

 private:
  struct Entry {
    std::shared_ptr<const std::string> answer;
    int64_t at_ms;
    std::list<std::string>::iterator age;  // position in order_ (oldest first)
  };
  void drop_oldest();

  int64_t ttl_ms_;
  size_t max_bytes_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;
  size_t bytes_ = 0;
};

}  // namespace slotpay::server
