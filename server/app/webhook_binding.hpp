// Issue #9: what a signed Stripe event may touch. A valid signature proves Stripe sent
// the event, not that it concerns the booking it names: an event from another
// connected account, or from the other mode (test/live), or naming a booking only in
// its metadata, must change nothing. Pure; the webhook use case records such events
// and ignores them (metric slotpay_webhooks_total{result="ignored_..."}).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace slotpay::server {

enum class WebhookBinding { kBound, kIgnoredLivemode, kIgnoredAccount };
const char* to_string(WebhookBinding b);  // "bound", "ignored_livemode", "ignored_account"

// The event's mode must be `mode` ("test" | "live"), the mode of the webhook secret that
// verified its signature: the platform key's on the platform endpoint, the merchant's
// test or live side on a merchant's endpoint (a live merchant on a test platform gets
// live events). A missing livemode, or any other mode, is a mismatch. Checked for every
// event before anything else.
bool livemode_matches(const nlohmann::json& event, const std::string& mode);

// The PaymentIntent id the server stored that `object` refers to: the object's own id
// for payment_intent.* events, its payment_intent field for charge.* events (charges,
// disputes, refunds) and refund.* events, the SetupIntent's own id (seti_) for
// setup_intent.* events; "" otherwise. Metadata is never read.
std::string stored_payment_intent_of(const std::string& type, const nlohmann::json& object);

// An event about a booking found by its PaymentIntent: its account must be the
// booking's exactly (platform events: both empty).
WebhookBinding bind_to_booking(const std::string& event_account,
                               const std::string& booking_account);

}  // namespace slotpay::server
