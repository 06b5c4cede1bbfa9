#include "stripe/connection_pool.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace slotpay::server {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

// A call waiting for a connection. The releaser fills `granted` under the pool's mutex,
// then wakes the waiter by cancelling its timer on the waiter's own executor (a call's
// strand), so the timer is never touched from two threads at once.
struct ConnectionPool::Waiter {
  explicit Waiter(net::any_io_executor ex) : timer(std::move(ex)) {}
  net::steady_timer timer;
  std::shared_ptr<StripeConnection> granted;
};

ConnectionPool::ConnectionPool(net::io_context& io, std::shared_ptr<ConnectionSettings> settings,
                               size_t max_connections, std::chrono::milliseconds idle_timeout)
    : io_(io),
      settings_(std::move(settings)),
      max_connections_(std::max<size_t>(1, max_connections)),
      idle_timeout_(idle_timeout) {}

ConnectionPool::~ConnectionPool() { shutdown(); }

std::shared_ptr<StripeConnection> ConnectionPool::make_connection() {
  return std::make_shared<StripeConnection>(io_, settings_);
}

net::awaitable<std::shared_ptr<StripeConnection>> ConnectionPool::acquire(
    std::chrono::milliseconds wait) {
  std::shared_ptr<StripeConnection> got;
  std::shared_ptr<Waiter> waiter;
  std::vector<std::shared_ptr<StripeConnection>> stale;
  auto executor = co_await net::this_coro::executor;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = Clock::now();
    // idle_ is ordered by release time: if the newest is too old, so are the others.
    while (!idle_.empty() && !got) {
      Idle newest = std::move(idle_.back());
      idle_.pop_back();
      if (now - newest.since < idle_timeout_) {
        got = std::move(newest.connection);
      } else {
        stale.push_back(std::move(newest.connection));
        --open_;
      }
    }
    if (!got && open_ < max_connections_) {
      ++open_;
      got = make_connection();
    }
    if (!got) {
      waiter = std::make_shared<Waiter>(executor);
      waiters_.push_back(waiter);
    }
  }
  for (auto& c : stale) StripeConnection::close(std::move(c));
  if (got) co_return got;

  // A releaser's wake-up is posted to this coroutine's executor, so it cannot run before
  // the wait below has started.
  waiter->timer.expires_after(wait);
  co_await waiter->timer.async_wait(net::as_tuple(net::use_awaitable));
  std::lock_guard<std::mutex> lock(mu_);
  if (!waiter->granted)  // timed out: leave the queue (a grant racing the timer is kept)
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), waiter), waiters_.end());
  co_return std::move(waiter->granted);
}

void ConnectionPool::release(std::shared_ptr<StripeConnection> connection, bool reusable) {
  std::shared_ptr<StripeConnection> to_close;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_) reusable = false;
    if (!waiters_.empty()) {
      std::shared_ptr<Waiter> w = std::move(waiters_.front());
      waiters_.pop_front();
      if (reusable) {
        w->granted = std::move(connection);
      } else {
        to_close = std::move(connection);
        w->granted = make_connection();  // the slot passes to the waiter
      }
      net::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
    } else if (reusable) {
      idle_.push_back({std::move(connection), Clock::now()});
      start_sweeper_locked();
    } else {
      to_close = std::move(connection);
      --open_;
    }
  }
  if (to_close) StripeConnection::close(std::move(to_close));
}

std::shared_ptr<StripeConnection> ConnectionPool::replace(
    std::shared_ptr<StripeConnection> connection) {
  StripeConnection::close(std::move(connection));
  return make_connection();
}

void ConnectionPool::shutdown() {
  std::vector<Idle> idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shut_down_ = true;
    idle.swap(idle_);
    open_ -= idle.size();
  }
  for (auto& i : idle) StripeConnection::close(std::move(i.connection));
}

void ConnectionPool::start_sweeper_locked() {
  if (sweeping_ || shut_down_) return;
  sweeping_ = true;
  auto period = std::max(idle_timeout_ / 4, std::chrono::milliseconds(10));
  net::co_spawn(io_, sweep(weak_from_this(), period), net::detached);
}

net::awaitable<void> ConnectionPool::sweep(std::weak_ptr<ConnectionPool> weak,
                                           std::chrono::milliseconds period) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    timer.expires_after(period);
    co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    auto pool = weak.lock();
    if (!pool || !pool->sweep_once()) co_return;
  }
}

bool ConnectionPool::sweep_once() {
  std::vector<std::shared_ptr<StripeConnection>> expired;
  bool more;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = Clock::now();
    // Oldest first: the expired ones are a prefix.
    auto first_fresh = std::find_if(idle_.begin(), idle_.end(),
                                    [&](const Idle& i) { return now - i.since < idle_timeout_; });
    for (auto it = idle_.begin(); it != first_fresh; ++it)
      expired.push_back(std::move(it->connection));
    idle_.erase(idle_.begin(), first_fresh);
    open_ -= expired.size();
    more = !idle_.empty() && !shut_down_;
    if (!more) sweeping_ = false;
  }
  for (auto& c : expired) StripeConnection::close(std::move(c));
  return more;
}

size_t ConnectionPool::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}
size_t ConnectionPool::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}
size_t ConnectionPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiters_.size();
}

}  // namespace slotpay::server
