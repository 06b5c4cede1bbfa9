// Keep-alive connections to the Stripe origin (internal to stripe/). At most
// max_connections are open (busy + idle); a call that finds none idle and the cap
// reached waits in FIFO order for one to be released. Idle connections are reused most
// recently used first, so a quiet period lets the surplus reach idle_timeout and close.
// Thread-safe (one mutex; nothing waits while holding it).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "stripe/stripe_connection.hpp"

namespace slotpay::server {

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  ConnectionPool(boost::asio::io_context& io, std::shared_ptr<ConnectionSettings> settings,
                 size_t max_connections, std::chrono::milliseconds idle_timeout);
  ~ConnectionPool();

  // An idle connection, else a new (not yet opened) one while fewer than max_connections
  // are open, else the first one released within `wait`; nullptr when `wait` passes.
  // The caller owns the connection until it hands it back with release() or replace().
  boost::asio::awaitable<std::shared_ptr<StripeConnection>> acquire(std::chrono::milliseconds wait);

  // Hands a connection back after an exchange: kept idle for reuse when `reusable`, else
  // closed. Either way the next waiter, if any, gets a connection.
  void release(std::shared_ptr<StripeConnection> connection, bool reusable);

  // Closes `connection` and returns a new, unopened one in its slot (for the redo on a
  // fresh connection; see redo_on_fresh_connection).
  std::shared_ptr<StripeConnection> replace(std::shared_ptr<StripeConnection> connection);

  // Closes idle connections and keeps none from now on (the client is going away).
  void shutdown();

  size_t open() const;
  size_t idle() const;
  size_t queued() const;

 private:
  struct Waiter;
  std::shared_ptr<StripeConnection> make_connection();
  void start_sweeper_locked();
  static boost::asio::awaitable<void> sweep(std::weak_ptr<ConnectionPool> pool,
                                            std::chrono::milliseconds period);
  bool sweep_once();  // false when nothing is idle any more (the sweeper stops)

  boost::asio::io_context& io_;
  std::shared_ptr<ConnectionSettings> settings_;
  const size_t max_connections_;
  const std::chrono::milliseconds idle_timeout_;

  mutable std::mutex mu_;
  struct Idle {
    std::shared_ptr<StripeConnection> connection;
    std::chrono::steady_clock::time_point since;
  };
  std::vector<Idle> idle_;  // most recently released last
  size_t open_ = 0;         // slots in use: busy + idle
  std::deque<std::shared_ptr<Waiter>> waiters_;
  bool sweeping_ = false;
  bool shut_down_ = false;
};

}  // namespace slotpay::server
