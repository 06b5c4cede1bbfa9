#include "http/connection_limiter.hpp"

namespace slotpay::server::http {

ConnectionLimiter::Ticket::~Ticket() {
  if (owner_) owner_->release(client_);
}

std::optional<ConnectionLimiter::Ticket> ConnectionLimiter::try_acquire(const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  if (total_ >= max_total_) return std::nullopt;
  auto& n = per_client_[client];
  if (n >= max_per_client_) {
    if (n == 0) per_client_.erase(client);
    return std::nullopt;
  }
  ++n;
  ++total_;
  return Ticket(this, client);
}

void ConnectionLimiter::release(const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = per_client_.find(client);
  if (it == per_client_.end()) return;
  if (--it->second == 0) per_client_.erase(it);
  --total_;
}

size_t ConnectionLimiter::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

size_t ConnectionLimiter::open_for(const std::string& client) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

}  // namespace slotpay::server::http
