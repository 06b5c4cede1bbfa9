// A thread that runs a pass now and then every interval until stopped: the loop the
// outbox worker (emails) and the hook worker (merchant webhooks) share. A pass that
// throws is logged and the loop goes on; stop() wakes the wait at once and joins.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace slotpay::server {

class PeriodicThread {
 public:
  PeriodicThread() = default;
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;
  ~PeriodicThread();  // stop()

  // `failure_message` is the log line of a pass that threw ("outbox pass failed").
  void start(std::string failure_message, int64_t interval_ms, std::function<void()> pass);
  void stop();  // idempotent; waits for the pass in progress
  // True once stop() was called: a long pass checks it between its items.
  bool stopping();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace slotpay::server
