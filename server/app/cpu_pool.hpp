// A few threads for CPU-heavy work the app must keep off the io and store threads:
// password hashing (argon2id, ~0.1 s and 64 MB each). The queue is bounded, so a flood
// of sign-in attempts is refused at once rather than queued for minutes.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace slotpay::server {

class CpuPool {
 public:
  CpuPool(size_t threads, size_t max_queued);
  ~CpuPool();  // runs what is queued, then joins

  // Queues fn; false (fn dropped) when max_queued jobs are waiting or the pool stopped.
  bool post(std::function<void()> fn);
  void stop();

 private:
  void loop();
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace slotpay::server
