// The error value use cases return, their answer (AppResult) and how they give it
// (Reply); http/errors.cpp maps code -> HTTP status.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/booking_store.hpp"

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
  // When not empty, the success body already written as JSON text (answers built
  // straight from typed values, such as availability); `body` is then unused.
  std::string raw_body;
  std::optional<ApiError> error;
  // The merchant the request concerned, when known (the HTTP layer's CORS).
  std::shared_ptr<const Merchant> merchant;

  static AppResult ok(nlohmann::ordered_json b, int status = 200) {
    AppResult r;
    r.status = status;
    r.body = std::move(b);
    return r;
  }
  static AppResult ok_text(std::string text, int status = 200) {
    AppResult r;
    r.status = status;
    r.raw_body = std::move(text);
    return r;
  }
  static AppResult fail(ApiError e) {
    AppResult r;
    r.status = 0;
    r.body = nullptr;
    r.error = std::move(e);
    return r;
  }
  AppResult& about(std::shared_ptr<const Merchant> m) {
    merchant = std::move(m);
    return *this;
  }
  // The body as JSON text (raw_body, or body serialised).
  std::string body_text() const {
    return raw_body.empty()
               ? body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
               : raw_body;
  }
};

// How an asynchronous use case answers: called exactly once, from any thread.
using Reply = std::function<void(AppResult)>;

}  // namespace slotpay::server
