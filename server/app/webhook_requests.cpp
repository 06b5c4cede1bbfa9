#include "app/webhook_requests.hpp"

#include <algorithm>
#include <charconv>

#include "app/clock.hpp"
#include "hooks/delivery_policy.hpp"

namespace slotpay::server {
namespace {

ApiError field_error(const char* code, const char* field, std::string message) {
  return ApiError{code, field, std::move(message), nullptr};
}

}  // namespace

std::variant<WebhookEndpointChange, ApiError> parse_webhook_endpoint(
    const nlohmann::json& body, bool create, const hooks::EndpointRules& rules) {
  if (!body.is_object()) return field_error("invalid_json", "", "the body must be a JSON object");
  WebhookEndpointChange out;
  for (const auto& [key, value] : body.items()) {
    if (key == "url") {
      if (!value.is_string()) return field_error("invalid_field", "url", "url must be a string");
      auto parsed = hooks::parse_endpoint_url(value.get<std::string>(), rules);
      if (parsed.error) return ApiError{parsed.error->code, "url", parsed.error->message, nullptr};
      out.url = value.get<std::string>();
    } else if (key == "events") {
      if (!value.is_array() || value.empty())
        return field_error("invalid_field", "events",
                           "events must be a non-empty list of event types");
      std::vector<std::string> events;
      for (const auto& v : value) {
        if (!v.is_string() || !hooks::is_merchant_event_type(v.get<std::string>()))
          return field_error("invalid_field", "events",
                             "unknown event type; one of booking.created, booking.confirmed, "
                             "booking.cancelled, booking.refunded, booking.disputed, "
                             "booking.completed, booking.rescheduled");
        if (std::find(events.begin(), events.end(), v.get<std::string>()) != events.end())
          return field_error("invalid_field", "events", "an event type is listed twice");
        events.push_back(v.get<std::string>());
      }
      out.events = std::move(events);
    } else if (key == "enabled" && !create) {
      if (!value.is_boolean())
        return field_error("invalid_field", "enabled", "enabled must be true or false");
      out.enabled = value.get<bool>();
    } else {
      return ApiError{"unknown_field", key, "unknown field", nullptr};
    }
  }
  if (create && !out.url) return field_error("missing_field", "url", "url is required");
  if (create && !out.events) return field_error("missing_field", "events", "events is required");
  return out;
}

nlohmann::ordered_json endpoint_view(const HookEndpoint& e) {
  nlohmann::ordered_json v;
  v["id"] = e.id;
  v["url"] = e.url;
  v["events"] = e.events;
  v["enabled"] = e.enabled;
  v["disabled_reason"] = e.disabled_reason.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json(e.disabled_reason);
  v["created"] = rfc3339_utc(e.created_at_ms);
  v["updated"] = rfc3339_utc(e.updated_at_ms);
  return v;
}

nlohmann::ordered_json delivery_view(const HookDelivery& d) {
  auto instant = [](int64_t ms) {
    return ms > 0 ? nlohmann::ordered_json(rfc3339_utc(ms)) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json v;
  v["id"] = d.id;
  v["event_id"] = d.event_id;
  v["type"] = d.event_type;
  v["state"] = d.state;
  v["manual"] = d.manual;
  v["attempts"] = d.attempts;
  v["next_attempt_at"] = d.state == "pending" ? instant(d.next_at_ms) : instant(0);
  v["last_status"] = d.last_status;
  v["last_outcome"] = d.last_outcome;
  v["last_response"] = d.last_response;
  v["last_attempt_at"] = instant(d.last_attempt_at_ms);
  v["created"] = rfc3339_utc(d.created_at_ms);
  return v;
}

std::optional<int> parse_page_limit(const std::string& text) {
  if (text.empty()) return 20;
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < 1 || n > 100) return std::nullopt;
  return n;
}

}  // namespace slotpay::server
