// A small pool of threads for work that blocks (disk reads of static files, and for now
// the synchronous app: see app_adapter.hpp), so that no io thread ever waits on it.
// Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace slotpay::server::http {

class BlockingPool {
 public:
  explicit BlockingPool(size_t threads);
  ~BlockingPool();  // joins (see join)

  // Runs `work` on a pool thread. Exceptions escaping `work` are logged and dropped.
  void post(std::function<void()> work);
  // Waits for every posted job to finish; later posts are not run.
  void join();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slotpay::server::http
