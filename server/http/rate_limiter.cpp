#include "http/rate_limiter.hpp"

#include <algorithm>

namespace slotpay::server {

bool RateLimiter::allow(const std::string& key, int64_t now_ms) {
  if (per_ms_ <= 0) return true;
  std::lock_guard<std::mutex> lock(mu_);
  if (now_ms - last_prune_ms_ > 60000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double refilled = it->second.tokens + (now_ms - it->second.last_ms) * per_ms_;
      it = refilled >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    last_prune_ms_ = now_ms;
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst_, b.tokens + std::max<int64_t>(0, now_ms - b.last_ms) * per_ms_);
    b.last_ms = now_ms;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace slotpay::server
