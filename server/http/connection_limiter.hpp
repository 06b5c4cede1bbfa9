// Caps on open connections: in all, and per client address, so that one client cannot
// take every slot. A connection holds a Ticket for its lifetime. Thread-safe; the
// limiter must outlive its tickets.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace slotpay::server::http {

class ConnectionLimiter {
 public:
  ConnectionLimiter(size_t max_total, size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Releases its slot when destroyed. Movable, not copyable.
  class Ticket {
   public:
    Ticket(Ticket&& o) noexcept : owner_(o.owner_), client_(std::move(o.client_)) {
      o.owner_ = nullptr;
    }
    Ticket& operator=(Ticket&& o) noexcept {
      if (this != &o) {
        if (owner_) owner_->release(client_);
        owner_ = o.owner_;
        client_ = std::move(o.client_);
        o.owner_ = nullptr;
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    ~Ticket();

   private:
    friend class ConnectionLimiter;
    Ticket(ConnectionLimiter* owner, std::string client)
        : owner_(owner), client_(std::move(client)) {}
    ConnectionLimiter* owner_;
    std::string client_;
  };

  // A ticket, or nullopt when either cap is reached.
  std::optional<Ticket> try_acquire(const std::string& client);

  size_t open() const;
  size_t open_for(const std::string& client) const;

 private:
  void release(const std::string& client);

  const size_t max_total_;
  const size_t max_per_client_;
  mutable std::mutex mu_;
  size_t total_ = 0;
  std::unordered_map<std::string, size_t> per_client_;
};

}  // namespace slotpay::server::http
