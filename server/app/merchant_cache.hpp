// Merchant rows for the HTTP layer's checks before a use case runs (the CORS
// allow-list, the Origin check of create and cancel), reused for up to ttl_ms so that
// a booking does not pay a store read for them. No use case decides from it: each
// reads the merchant in its own transaction. A merchant saved by this process is
// dropped at once (and a read that started before the save does not put the old row
// back); a change made elsewhere (another instance sharing the store) shows within
// ttl_ms. Unknown merchants are not kept (ids from requests cannot fill it).
// Bounded in entries. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/booking_store.hpp"

namespace slotpay::server {

class MerchantCache {
 public:
  // ttl_ms <= 0 disables the cache.
  explicit MerchantCache(int64_t ttl_ms = 1000, size_t max_entries = 10000)
      : ttl_ms_(ttl_ms), max_entries_(max_entries) {}

  // The row stored at most ttl_ms before now_ms, or nullptr.
  std::shared_ptr<const Merchant> get(const std::string& id, int64_t now_ms);
  // Read before a store read; put() ignores a row read before a later forget().
  uint64_t generation();
  void put(std::shared_ptr<const Merchant> merchant, int64_t now_ms, uint64_t read_generation);
  void forget(const std::string& id);

 private:
  struct Entry {
    std::shared_ptr<const Merchant> merchant;
    int64_t at_ms;
  };
  int64_t ttl_ms_;
  size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  uint64_t generation_ = 0;  // bumped by forget()
};

}  // namespace slotpay::server
