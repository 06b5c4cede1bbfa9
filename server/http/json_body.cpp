#include "http/json_body.hpp"

#include <set>
#include <vector>

namespace slotpay::server {

std::optional<ApiError> parse_strict_json(const std::string& text, nlohmann::json& out) {
  if (text.size() > kMaxJsonBody)
    return ApiError{"input_too_large", "", "the request body is too large", nullptr};
  std::vector<std::set<std::string>> keys;  // one set per open object
  bool duplicate = false, too_deep = false;
  int depth = 0;
  auto cb = [&](int d, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    depth = d;
    if (ev == E::object_start) {
      keys.emplace_back();
      if (d >= kMaxJsonDepth) too_deep = true;
    } else if (ev == E::array_start) {
      if (d >= kMaxJsonDepth) too_deep = true;
    } else if (ev == E::object_end) {
      if (!keys.empty()) keys.pop_back();
    } else if (ev == E::key) {
      if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) duplicate = true;
    }
    return !(duplicate || too_deep);
  };
  try {
    out = nlohmann::json::parse(text, cb, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception&) {
    if (!duplicate && !too_deep)
      return ApiError{"invalid_json", "", "the request body is not valid JSON", nullptr};
  }
  (void)depth;
  if (duplicate) return ApiError{"invalid_json", "", "duplicate key in JSON object", nullptr};
  if (too_deep) return ApiError{"input_too_large", "", "JSON nested too deeply", nullptr};
  return std::nullopt;
}

}  // namespace slotpay::server
