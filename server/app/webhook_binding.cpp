#include "app/webhook_binding.hpp"

namespace slotpay::server {

const char* to_string(WebhookBinding b) {
  switch (b) {
    case WebhookBinding::kBound:
      return "bound";
    case WebhookBinding::kIgnoredLivemode:
      return "ignored_livemode";
    case WebhookBinding::kIgnoredAccount:
      return "ignored_account";
  }
  return "ignored_account";
}

bool livemode_matches(const nlohmann::json& event, const std::string& mode) {
  if (!event.is_object() || (mode != "test" && mode != "live")) return false;
  auto it = event.find("livemode");
  return it != event.end() && it->is_boolean() && it->get<bool>() == (mode == "live");
}

std::string stored_payment_intent_of(const std::string& type, const nlohmann::json& object) {
  if (!object.is_object()) return "";
  const char* key = nullptr;
  if (type.rfind("payment_intent.", 0) == 0 || type.rfind("setup_intent.", 0) == 0)
    key = "id";
  else if (type.rfind("charge.", 0) == 0 || type.rfind("refund.", 0) == 0)
    key = "payment_intent";
  if (!key) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  std::string id = it->get<std::string>();
  // A charge_later booking with nothing due now stores its SetupIntent's id (issue #11
  // item 4).
  if (type.rfind("setup_intent.", 0) == 0) return id.rfind("seti_", 0) == 0 ? id : "";
  return id.rfind("pi_", 0) == 0 ? id : "";
}

WebhookBinding bind_to_booking(const std::string& event_account,
                               const std::string& booking_account) {
  return event_account == booking_account ? WebhookBinding::kBound
                                          : WebhookBinding::kIgnoredAccount;
}

}  // namespace slotpay::server
