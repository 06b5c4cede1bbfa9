// The server's sense of "now", injectable so tests can control time. The core
// never reads a clock: the app passes now_ms() to it as an RFC 3339 instant.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace slotpay::server {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_ms() const = 0;  // Unix milliseconds
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// The system clock shifted by a fixed offset (--test-clock-offset-s, with --demo only), so
// an end-to-end test can act after a booking's start (no-show, completed) without waiting
// for it: the test books, restarts the server on the same database with the offset.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(int64_t offset_ms) : offset_ms_(offset_ms) {}
  int64_t now_ms() const override { return system_.now_ms() + offset_ms_; }

 private:
  SystemClock system_;
  int64_t offset_ms_;
};

// "2026-11-23T11:30:00+00:00" (UTC, seconds precision), the form the core accepts.
std::string rfc3339_utc(int64_t unix_ms);

}  // namespace slotpay::server
