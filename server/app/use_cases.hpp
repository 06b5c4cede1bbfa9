// The use cases, one file each (or per subject). Each is asynchronous: it returns at
// once, does its store work through the store's threads and its Stripe calls through
// the asynchronous client, and calls `reply` exactly once, from whichever thread
// finished the work. Decisions about a booking's state are the lifecycle's
// (lifecycle.hpp); prices, slots and policies are the core's typed functions.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "app/merchant_refund.hpp"
#include "app/stripe_sync.hpp"
#include "slotpay/policy.hpp"

namespace slotpay::server {

// --- customers (the widget) ---
// The merchant's catalog as saved, whether online payment is offered, and the facts of
// the merchant's currency (the widget renders prices before the WASM core loads).
void catalog_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);
// query: service, staff, from, to (strings as given). Slots written straight from the
// core's typed answer.
void availability_use_case(AppContext& ctx, const std::string& merchant_id,
                           const std::map<std::string, std::string>& query, Reply reply);
// Validates and prices the request with the core against the occupied slots, holds the
// seat (atomically with that check) and asks Stripe for the PaymentIntent. 201 with the
// booking and its access token. `client_key` (who asked: the HTTP layer's client key)
// is stored with the booking for the caps on live holds per client (issue #9).
void create_booking_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                             const nlohmann::json& body, const std::string& client_key,
                             Reply reply);
// Issue #11 item 3: the same use case for a booking the merchant takes by phone. The slot
// is checked by the core exactly as above; nothing is charged now: the booking is
// confirmed at once, holding its seats, with its total due (pay_links.hpp: balance_due),
// no hold caps and no email confirmation. `in_tx` runs in the booking's write transaction
// after the insert (the pay link, when asked for); an error it returns refuses the booking.
struct CreateOptions {
  bool by_merchant = false;
  std::function<std::optional<ApiError>(BookingTx&, const BookingRecord&, int64_t now_ms)> in_tx;
};
void create_booking_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                             const nlohmann::json& body, const std::string& client_key, Reply reply,
                             const CreateOptions& options);
// Prices a booking request server-side for the widget (issue #9: the public catalog has
// no coupons): the core's quote with the coupon checked (known, in its dates, not used
// up), without the platform's fee. No slot is checked or held.
void quote_use_case(AppContext& ctx, const std::string& merchant_id, const nlohmann::json& body,
                    Reply reply);
void status_use_case(AppContext& ctx, const std::string& booking_id, const std::string& token,
                     Reply reply);
// Cancels per the service's policy at the booking's catalog version; answers once the
// PaymentIntent cancel or the refund has been tried.
void cancel_use_case(AppContext& ctx, StripeSync& sync, const std::string& booking_id,
                     const std::string& token, Reply reply);
// Issue #9: the pay step reached; the short first hold becomes the full hold
// (hold_extension.hpp). 200 with the booking (its new hold_expires_at); idempotent;
// 409 hold_not_extendable once the hold has ended.
void extend_hold_use_case(AppContext& ctx, const std::string& booking_id, const std::string& token,
                          Reply reply);

// The same for whoever `grants` lets cancel the booking as stored (the access token, or a
// verified manage link: issue #12).
void cancel_granted(AppContext& ctx, StripeSync& sync, const std::string& booking_id,
                    std::function<bool(const BookingRecord&, int64_t now_ms)> grants, Reply reply);
// The core's cancellation verdict for a paid, confirmed booking at now_ms (by the
// booking's catalog version); nullopt when nothing was paid online.
std::optional<slotpay::Result<slotpay::CancelOutcome>> policy_verdict(const BookingRecord& b,
                                                                      const CatalogEntry& cat,
                                                                      int64_t now_ms);

// --- the merchant's money operations (issue #11; merchant_money.cpp) ---
// The bookings a merchant-side request may touch: its merchant's, in the mode it acts in
// ("" = either), and the one it names.
struct BookingScope {
  std::string merchant_id;
  std::string mode;
  std::string booking_id;
  bool covers(const BookingRecord& b) const {
    return b.merchant_id == merchant_id && (mode.empty() || b.mode == mode);
  }
};
// Refunds part or all of what was paid (merchant_refund.hpp decides; Stripe's answer is
// recorded as its refund.created event would be). 201 {refund, booking{refundable...}};
// 404 booking_not_found outside the scope.
void merchant_refund_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                              const MerchantRefundRequest& request, Reply reply);

// The merchant ends a booking: cancel (everything left to refund goes back, the
// platform's fee with it; a hold's PaymentIntent is cancelled), no-show (the core's
// no-show fee for the booking's catalog version is kept, the rest refunded) or completed.
// No-show and completed need a confirmed booking whose start has passed (409
// booking_not_confirmed / booking_not_started); a repeat gives the same answer.
enum class MerchantClosing { kCancel, kNoShow, kComplete };
void merchant_close_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                             MerchantClosing kind, Reply reply);

// --- the manage link (issue #12; manage_booking.cpp) ---
// The booking a manage token names, with what cancelling now would do (the core's
// refund and fee) and whether it can be cancelled.
void manage_view_use_case(AppContext& ctx, const std::string& token, Reply reply);
// The free times the booking a manage token names could move to: query from, to, staff?
// (the booking's own service; its own seats not counted, so a time overlapping the one it
// holds shows as free, as the move would accept it). The availability route's answer.
void manage_availability_use_case(AppContext& ctx, const std::string& token,
                                  const std::map<std::string, std::string>& query, Reply reply);
// The booking's .ics (METHOD:PUBLISH-less calendar) as raw_body.
void manage_ics_use_case(AppContext& ctx, const std::string& token, Reply reply);
// Cancels the booking a manage token names (as cancel_use_case).
void manage_cancel_use_case(AppContext& ctx, StripeSync& sync, const std::string& token,
                            Reply reply);
// Issue #12 item 3: moves the booking a manage token names to body {start, staff_id?}
// (app/reschedule.hpp): 200 {booking, previous, reschedulable, reschedule_until}; 409
// not_reschedulable / reschedule_window_closed / slot_unavailable / capacity_exceeded /
// 422 for a start the core refuses.
void manage_reschedule_use_case(AppContext& ctx, const std::string& token,
                                const nlohmann::json& body, Reply reply);
// Issue #9: confirms the pending_confirmation booking a confirm token names; answers the
// booking and its manage_url. Following the link again changes nothing.
void confirm_booking_use_case(AppContext& ctx, const std::string& token, Reply reply);

// --- Stripe ---
// Where an event came in: the platform's endpoint (merchant_id "") or a merchant's own
// (/v1/stripe/webhook/{merchant}, API-key mode), with the secrets to verify it by.
struct WebhookEndpoint {
  std::string merchant_id;
  std::vector<std::pair<std::string, std::string>> secrets;  // (mode, whsec_...)
};
// The platform's endpoint: the platform's webhook secret, in the platform's mode.
void webhook_use_case(AppContext& ctx, StripeSync& sync, const std::string& raw_body,
                      const std::string& signature_header, Reply reply);
void webhook_use_case(AppContext& ctx, StripeSync& sync, const WebhookEndpoint& endpoint,
                      const std::string& raw_body, const std::string& signature_header,
                      Reply reply);

// --- merchants and the operator ---
struct MerchantInput {
  std::string id;
  nlohmann::json catalog;  // the catalog object as given
  std::string stripe_account;
  std::vector<std::string> allowed_origins;
};
// Saves a merchant after the core parsed and validated its catalog: 422
// `invalid_catalog` with every error (`errors`) when the core refuses it, the merchant's
// previous catalog staying in force.
void save_merchant_use_case(AppContext& ctx, const MerchantInput& input, Reply reply);
// The merchant row (nullptr when unknown), for the HTTP layer's CORS checks.
void merchant_lookup(AppContext& ctx, const std::string& merchant_id,
                     std::function<void(std::shared_ptr<const Merchant>)> done);
// The same, telling "unknown" from "the store could not answer": `error` is then
// database_unavailable (answer that, not merchant_not_found).
using CheckedMerchantDone =
    std::function<void(std::shared_ptr<const Merchant>, std::optional<ApiError> error)>;
void merchant_lookup_checked(AppContext& ctx, const std::string& merchant_id,
                             CheckedMerchantDone done);
void merchant_of_booking_lookup(AppContext& ctx, const std::string& booking_id,
                                std::function<void(std::shared_ptr<const Merchant>)> done);
void admin_bookings_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);
// The operator's merchant list: id, name, status, mode, connection, charges_enabled and
// the platform fee in force (the merchant's own setting or the server's default).
void admin_merchants_use_case(AppContext& ctx, Reply reply);
// What the operator changes on one merchant; absent members stay as they are.
struct OperatorSettings {
  std::optional<std::string> status;  // "active" | "suspended"
  // Set: that fee; set to nullopt: back to the server's default (--platform-fee).
  std::optional<std::optional<FeeSetting>> fee;
};
// --platform-fee: "BPS" or "BPS:FIXED" (rate in basis points 0..10000, fixed fee in
// minor units >= 0); nullopt when malformed.
std::optional<FeeSetting> parse_fee_flag(std::string_view text);
// nullopt when acceptable; else invalid_field / missing_field.
std::optional<ApiError> check_operator_settings(const OperatorSettings& s);
// 404 merchant_not_found for an unknown merchant; the merchant's row after the change.
void admin_merchant_settings_use_case(AppContext& ctx, const std::string& merchant_id,
                                      const OperatorSettings& settings, Reply reply);
// Prometheus lines for bookings by state and webhook events recorded.
void booking_gauges(AppContext& ctx, std::function<void(std::string)> done);

}  // namespace slotpay::server
