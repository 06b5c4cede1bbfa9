#include "http/blocking_pool.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "app/log.hpp"

namespace slotpay::server::http {

struct BlockingPool::Impl {
  explicit Impl(size_t n) : pool(n) {}
  boost::asio::thread_pool pool;
};

BlockingPool::BlockingPool(size_t threads) : impl_(std::make_unique<Impl>(threads ? threads : 1)) {}

BlockingPool::~BlockingPool() { join(); }

void BlockingPool::post(std::function<void()> work) {
  boost::asio::post(impl_->pool, [work = std::move(work)] {
    try {
      work();
    } catch (const std::exception& e) {
      log_error("blocking job failed", {{"error", e.what()}});
    }
  });
}

void BlockingPool::join() { impl_->pool.join(); }

}  // namespace slotpay::server::http
