#include "app/availability_cache.hpp"

namespace slotpay::server {

std::string AvailabilityCache::key(const std::string& merchant_id, int64_t catalog_version,
                                   int64_t bookings_version, const std::string& service,
                                   const std::string& staff, const std::string& from,
                                   const std::string& to) {
  // '\n' cannot occur in any part (ids and dates are checked before this).
  std::string k;
  k.reserve(merchant_id.size() + service.size() + staff.size() + 64);
  for (const auto* part : {&merchant_id, &service, &staff, &from, &to}) {
    k += *part;
    k += '\n';
  }
  k += std::to_string(catalog_version);
  k += '\n';
  k += std::to_string(bookings_version);
  return k;
}

std::shared_ptr<const std::string> AvailabilityCache::get(const std::string& key, int64_t now_ms) {
  if (ttl_ms_ <= 0 || max_bytes_ == 0) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (now_ms - it->second.at_ms >= ttl_ms_ || now_ms < it->second.at_ms) return nullptr;
  return it->second.answer;
}

void AvailabilityCache::put(const std::string& key, std::shared_ptr<const std::string> answer,
                            int64_t now_ms) {
  if (ttl_ms_ <= 0 || max_bytes_ == 0 || answer->size() > max_bytes_ / 4) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.answer->size() + key.size();
    order_.erase(it->second.age);
    entries_.erase(it);
  }
  bytes_ += answer->size() + key.size();
  order_.push_back(key);
  entries_[key] = Entry{std::move(answer), now_ms, std::prev(order_.end())};
  while (bytes_ > max_bytes_ && !order_.empty()) drop_oldest();
}

void AvailabilityCache::drop_oldest() {
  auto it = entries_.find(order_.front());
  bytes_ -= it->second.answer->size() + it->first.size();
  entries_.erase(it);
  order_.pop_front();
}

}  // namespace slotpay::server
