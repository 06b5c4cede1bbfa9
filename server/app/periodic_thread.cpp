#include "app/periodic_thread.hpp"

#include <chrono>
#include <exception>

#include "app/log.hpp"

namespace slotpay::server {

PeriodicThread::~PeriodicThread() { stop(); }

void PeriodicThread::start(std::string failure_message, int64_t interval_ms,
                           std::function<void()> pass) {
  thread_ = std::thread(
      [this, failure_message = std::move(failure_message), interval_ms, pass = std::move(pass)] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!stopping_) {
          lock.unlock();
          try {
            pass();
          } catch (const std::exception& e) {
            log_error(failure_message, {{"error", e.what()}});
          }
          lock.lock();
          cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [&] { return stopping_; });
        }
      });
}

void PeriodicThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool PeriodicThread::stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

}  // namespace slotpay::server
