// Strict JSON request bodies: a size cap, UTF-8, no comments or trailing data
// (nlohmann defaults), no duplicate keys, bounded nesting depth.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/api_error.hpp"

namespace slotpay::server {

inline constexpr size_t kMaxJsonBody = 64 * 1024;
inline constexpr int kMaxJsonDepth = 16;

// Parses text into out; returns an error (invalid_json / input_too_large) on failure.
std::optional<ApiError> parse_strict_json(const std::string& text, nlohmann::json& out);

}  // namespace slotpay::server
