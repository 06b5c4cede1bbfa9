// The store's callback threads: everything posted runs, stop() drains before it joins,
// and a callback that throws does not keep the others from running.
#include "store/callback_runner.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>

using slotpay::server::CallbackRunner;

TEST_CASE("callback runner: stop runs everything posted, a throwing callback included", "[store]") {
  std::atomic<int> ran{0};
  {
    CallbackRunner runner(2);
    for (int i = 0; i < 100; ++i) runner.post([&] { ++ran; });
    runner.post([] { throw std::runtime_error("boom"); });
    std::vector<std::function<void()>> batch;
    for (int i = 0; i < 50; ++i) batch.push_back([&] { ++ran; });
    runner.post_all(std::move(batch));
    runner.post([] { throw 42; });
    runner.post([&] { ++ran; });
    runner.stop();
    CHECK(ran == 151);
    runner.stop();  // idempotent; the destructor stops again
  }
  CHECK(ran == 151);
}
