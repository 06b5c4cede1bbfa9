// JSON log lines on stderr: {"ts":"...","level":"info","msg":"...", ...fields}.
// Thread-safe. Callers pass only non-secret fields; the secret keys are never given
// to the logger (the Stripe client logs nothing but operation and status).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace slotpay::server {

void log_event(const char* level, const std::string& msg,
               nlohmann::ordered_json fields = nlohmann::ordered_json::object());

inline void log_info(const std::string& msg,
                     nlohmann::ordered_json f = nlohmann::ordered_json::object()) {
  log_event("info", msg, std::move(f));
}
inline void log_warn(const std::string& msg,
                     nlohmann::ordered_json f = nlohmann::ordered_json::object()) {
  log_event("warn", msg, std::move(f));
}
inline void log_error(const std::string& msg,
                      nlohmann::ordered_json f = nlohmann::ordered_json::object()) {
  log_event("error", msg, std::move(f));
}

// Request logging can be turned off (benchmarks).
void set_request_logging(bool on);
bool request_logging();

}  // namespace slotpay::server
