// Token buckets keyed by a string (client address + merchant): `burst` tokens,
// refilled at `per_minute` per minute. Thread-safe; stale buckets are pruned.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace slotpay::server {

class RateLimiter {
 public:
  // per_minute <= 0 disables the limiter (allow() is always true).
  RateLimiter(double per_minute, double burst) : per_ms_(per_minute / 60000.0), burst_(burst) {}

  // Takes one token for key at now_ms; false when the bucket is empty.
  bool allow(const std::string& key, int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
  };
  double per_ms_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_prune_ms_ = 0;
};

}  // namespace slotpay::server
