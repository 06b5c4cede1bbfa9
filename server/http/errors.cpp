#include "http/errors.hpp"

#include <map>

namespace slotpay::server {
namespace {

const std::map<std::string, int>& table() {
  static const std::map<std::string, int> t = {
      // request shape
      {"invalid_json", 400},
      {"invalid_field", 400},
      {"missing_field", 400},
      {"unknown_field", 400},
      {"input_too_large", 413},
      {"payload_too_large", 413},
      {"unsupported_media_type", 415},
      {"unsupported_content_encoding", 415},
      {"invalid_request", 400},  // not HTTP/1.x the server can read
      {"header_too_large", 431},
      // authorisation / lookup
      {"unauthorized", 401},
      {"token_in_query", 400},
      {"forbidden_origin", 403},
      {"merchant_not_found", 404},
      {"merchant_unavailable", 403},  // suspended by the operator
      {"booking_not_found", 404},
      // the merchant API (issue #10): sessions, API keys, roles
      {"session_expired", 401},
      {"invalid_api_key", 401},
      {"api_key_revoked", 401},
      {"csrf_failed", 403},
      {"forbidden", 403},
      {"invalid_credentials", 401},
      {"too_many_attempts", 429},
      {"email_taken", 409},
      {"weak_password", 422},
      {"user_not_found", 404},
      {"cannot_remove_self", 409},
      {"api_key_not_found", 404},
      {"server_busy", 503},
      // the merchant's catalog edits (issue #10 item 4; app/catalog_edit.hpp)
      {"already_exists", 409},
      {"field_not_allowed", 422},
      // issue #12, manage links (mail/signed_link refusals)
      {"link_malformed", 404},
      {"link_bad_signature", 404},
      {"link_wrong_purpose", 404},
      {"link_expired", 410},
      // issue #9: the confirmation link came after the hold lapsed, or the booking was cancelled
      {"booking_not_confirmable", 409},
      {"not_found", 404},
      {"method_not_allowed", 405},
      // domain (from the core)
      {"unknown_service", 422},
      {"unknown_staff", 422},
      {"unknown_addon", 422},
      {"unknown_coupon", 422},
      {"unknown_currency", 422},
      {"unknown_timezone", 422},
      {"invalid_email", 422},
      {"invalid_phone", 422},
      {"invalid_time", 422},
      {"invalid_date", 422},
      {"invalid_range", 422},
      {"invalid_amount", 422},
      {"amount_overflow", 422},
      {"amount_too_large", 422},
      {"currency_mismatch", 422},
      {"below_minimum_charge", 422},
      {"outside_booking_window", 422},
      {"too_soon", 422},
      {"off_grid", 422},
      {"service_not_bookable", 422},
      {"already_started", 422},
      {"quantity_over_limit", 422},
      {"coupon_not_yet_valid", 422},
      {"coupon_expired", 422},
      {"coupon_exhausted", 422},
      {"coupon_already_used", 422},
      {"full_discount_not_allowed", 422},
      {"validation_failed", 422},
      {"invalid_catalog", 422},
      {"slot_unavailable", 409},
      {"capacity_exceeded", 409},
      {"not_cancellable", 409},
      {"not_reschedulable", 409},  // issue #12 item 3: the manage link's reschedule
      {"reschedule_window_closed", 409},
      {"reschedule_same_start", 422},
      {"hold_not_extendable", 409},
      {"conflict", 409},
      {"payments_unavailable", 409},
      // issue #11, the merchant's money operations
      {"nothing_to_refund", 409},
      {"booking_disputed", 409},
      {"refund_in_progress", 409},
      {"refund_exceeds_remaining", 422},
      {"idempotency_key_reused", 409},
      {"booking_not_started", 409},
      {"booking_not_confirmed", 409},
      // issue #11 item 7, merchant webhooks (hooks/endpoint_url.hpp for the URL's refusals)
      {"webhook_endpoint_not_found", 404},
      {"webhook_delivery_not_found", 404},
      {"too_many_webhook_endpoints", 409},
      {"invalid_url", 422},
      {"https_required", 422},
      {"forbidden_host", 422},
      {"webhooks_unavailable", 503},
      // issue #11 item 3, pay-by-link
      {"pay_link_used", 409},
      {"pay_link_expired", 410},
      {"pay_link_superseded", 409},
      {"booking_not_payable", 409},
      {"pay_links_unavailable", 503},
      // issue #10 item 6, the test/live switch
      {"stripe_not_set_up", 409},
      // the merchant's Stripe connection (issue #10: app/stripe_connect.hpp)
      {"stripe_already_connected", 409},
      {"stripe_not_connected", 409},
      {"invalid_stripe_key", 422},
      {"stripe_mode_mismatch", 422},
      {"stripe_key_rejected", 422},
      {"live_keys_not_allowed", 422},
      {"key_mode_unavailable", 503},
      // webhooks
      {"invalid_signature", 400},
      {"invalid_event", 400},
      // limits
      {"rate_limited", 429},
      {"too_many_holds", 429},
      {"too_many_connections", 503},
      // upstream
      {"stripe_error", 502},
      {"stripe_unavailable", 503},
      {"database_unavailable", 503},
      {"unknown_operation", 501},
      {"not_implemented", 501},
      {"internal_error", 500},
  };
  return t;
}

}  // namespace

int http_status_for(const std::string& code) {
  auto it = table().find(code);
  return it == table().end() ? 500 : it->second;
}

nlohmann::ordered_json error_body(const ApiError& e) {
  nlohmann::ordered_json body;
  body["error"]["code"] = e.code;
  body["error"]["field"] = e.field;
  body["error"]["message"] = e.message;
  if (e.details.is_array())
    body["errors"] = e.details;
  else if (e.details.is_object())
    body["error"]["details"] = e.details;
  return body;
}

}  // namespace slotpay::server
