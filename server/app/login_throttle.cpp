#include "app/login_throttle.hpp"

#include <algorithm>

namespace slotpay::server {

void LoginThrottle::prune(std::deque<int64_t>& times, int64_t now_ms) const {
  while (!times.empty() && times.front() <= now_ms - policy_.window_ms) times.pop_front();
}

std::optional<int64_t> LoginThrottle::wait_for(const std::string& key, int limit, int64_t now_ms) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  prune(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.size()) < limit) return std::nullopt;
  // The attempt that makes room: when the (size - limit + 1)-th oldest failure expires.
  const int64_t frees_at = it->second[it->second.size() - limit] + policy_.window_ms;
  return std::max<int64_t>(1, (frees_at - now_ms + 999) / 1000);
}

std::optional<int64_t> LoginThrottle::retry_after_s(const std::string& account,
                                                    const std::string& address, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto a = wait_for("a:" + account, policy_.max_failures_per_account, now_ms);
  auto c = wait_for("c:" + address, policy_.max_failures_per_address, now_ms);
  if (a && c) return std::max(*a, *c);
  return a ? a : c;
}

void LoginThrottle::failed(const std::string& account, const std::string& address, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded memory: a key keeps at most its limit's worth of failures.
  auto add = [&](const std::string& key, int limit) {
    auto& times = failures_[key];
    prune(times, now_ms);
    times.push_back(now_ms);
    while (static_cast<int>(times.size()) > limit) times.pop_front();
  };
  add("a:" + account, policy_.max_failures_per_account);
  add("c:" + address, policy_.max_failures_per_address);
  if (failures_.size() > 100'000) {  // a flood of distinct keys: drop what has expired
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, now_ms);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
}

void LoginThrottle::succeeded(const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase("a:" + account);
}

}  // namespace slotpay::server
