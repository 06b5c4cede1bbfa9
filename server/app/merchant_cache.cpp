#include "app/merchant_cache.hpp"

namespace slotpay::server {

std::shared_ptr<const Merchant> MerchantCache::get(const std::string& id, int64_t now_ms) {
  if (ttl_ms_ <= 0) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return nullptr;
  if (now_ms - it->second.at_ms >= ttl_ms_ || now_ms < it->second.at_ms) {
    entries_.erase(it);
    return nullptr;
  }
  return it->second.merchant;
}

uint64_t MerchantCache::generation() {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

void MerchantCache::put(std::shared_ptr<const Merchant> merchant, int64_t now_ms,
                        uint64_t read_generation) {
  if (ttl_ms_ <= 0 || !merchant) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (read_generation != generation_) return;  // a merchant was saved since the read
  // Full: start again rather than track ages (a cache of live merchants refills fast).
  if (entries_.size() >= max_entries_ && !entries_.count(merchant->id)) entries_.clear();
  std::string id = merchant->id;
  entries_[id] = Entry{std::move(merchant), now_ms};
}

void MerchantCache::forget(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  entries_.erase(id);
}

}  // namespace slotpay::server
