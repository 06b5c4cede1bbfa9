// The error value use cases return; http/errors.cpp maps code -> HTTP status.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace slotpay::server {

struct ApiError {
  std::string code;                  // stable snake_case ("slot_unavailable", "stripe_unavailable")
  std::string field;                 // path into the request, may be empty
  std::string message;               // for humans; never contains a secret
  nlohmann::json details = nullptr;  // e.g. every validation error from the core
};

// A use case's answer: a JSON body (success) or an error.
struct AppResult {
  int status = 200;  // success status (200, 201)
  nlohmann::ordered_json body;
  std::optional<ApiError> error;

  static AppResult ok(nlohmann::ordered_json b, int status = 200) {
    return {status, std::move(b), std::nullopt};
  }
  static AppResult fail(ApiError e) { return {0, nullptr, std::move(e)}; }
};

}  // namespace slotpay::server
