// The threads a store runs its write jobs' `done` callbacks on, so that the threads that
// own database connections do store work only. Shared by SqliteStore and PostgresStore.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace slotpay::server {

class CallbackRunner {
 public:
  explicit CallbackRunner(int threads);  // at least one
  ~CallbackRunner() { stop(); }
  CallbackRunner(const CallbackRunner&) = delete;
  CallbackRunner& operator=(const CallbackRunner&) = delete;

  void post(std::function<void()> callback);
  // Several at once, under one lock (a write batch's callbacks).
  void post_all(std::vector<std::function<void()>> callbacks);
  // Runs everything posted so far, then joins the threads. Idempotent. A callback that
  // throws is logged; the others still run.
  void stop();

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace slotpay::server
