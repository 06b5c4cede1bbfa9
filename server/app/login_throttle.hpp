// Sign-in attempts limited per account (the e-mail address) and per client address
// (issue #10): after `max_failures` failed attempts within `window_ms`, that key is
// refused until the oldest of them leaves the window. A success clears the account's
// failures (not the address's: one address guessing many accounts stays limited).
// Checked before the password is hashed, so a flood costs no argon2id time. In memory,
// per instance. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace slotpay::server {

struct ThrottlePolicy {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  int64_t window_ms = 15 * 60 * 1000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy p = {}) : policy_(p) {}
  // Seconds until an attempt for (account, address) may be made, or nullopt when it
  // may be made now.
  std::optional<int64_t> retry_after_s(const std::string& account, const std::string& address,
                                       int64_t now_ms);
  void failed(const std::string& account, const std::string& address, int64_t now_ms);
  void succeeded(const std::string& account);

 private:
  std::optional<int64_t> wait_for(const std::string& key, int limit, int64_t now_ms);
  void prune(std::deque<int64_t>& times, int64_t now_ms) const;

  ThrottlePolicy policy_;
  std::mutex mu_;
  std::map<std::string, std::deque<int64_t>> failures_;  // "a:" + account, "c:" + address
};

}  // namespace slotpay::server
