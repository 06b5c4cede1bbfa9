#include "store/callback_runner.hpp"

#include <algorithm>
#include <exception>

#include "app/log.hpp"

namespace slotpay::server {

CallbackRunner::CallbackRunner(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { loop(); });
}

void CallbackRunner::post(std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(callback));
  }
  cv_.notify_one();
}

void CallbackRunner::post_all(std::vector<std::function<void()>> callbacks) {
  if (callbacks.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& cb : callbacks) queue_.push_back(std::move(cb));
  }
  cv_.notify_all();
}

void CallbackRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void CallbackRunner::loop() {
  for (;;) {
    std::function<void()> cb;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      cb = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      cb();
    } catch (const std::exception& e) {
      log_error("store write callback failed", {{"error", e.what()}});
    } catch (...) {
      log_error("store write callback failed");
    }
  }
}

}  // namespace slotpay::server
