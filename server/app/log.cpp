#include "app/log.hpp"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "app/clock.hpp"

namespace slotpay::server {
namespace {
std::mutex g_log_mutex;
std::atomic<bool> g_request_logging{true};
}  // namespace

std::string rfc3339_utc(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

void log_event(const char* level, const std::string& msg, nlohmann::ordered_json fields) {
  nlohmann::ordered_json line;
  SystemClock clock;
  int64_t now = clock.now_ms();
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03d", static_cast<int>(now % 1000));
  std::string ts = rfc3339_utc(now);
  ts.insert(19, ms);
  line["ts"] = ts;
  line["level"] = level;
  line["msg"] = msg;
  if (fields.is_object())
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(g_log_mutex);
  std::fputs(text.c_str(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void set_request_logging(bool on) { g_request_logging = on; }
bool request_logging() { return g_request_logging; }

}  // namespace slotpay::server
