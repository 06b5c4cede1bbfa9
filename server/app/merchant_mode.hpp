// Issue #10 item 6 / #13: the merchant's test/live switch. A merchant keeps a Stripe side
// per mode (Connect account or its own keys, account_store.hpp); the active mode is the
// side new bookings are made and charged on. Saving keys or connecting makes that mode
// active; this switch moves between sides already set up, without touching them.
#pragma once

#include <optional>
#include <string>

#include "app/api_error.hpp"
#include "app/use_cases.hpp"
#include "store/account_store.hpp"

namespace slotpay::server {

// Why `mode` may not become the active one, given the merchant's side of that mode as
// stored (nullopt: none): not "test"/"live" (invalid_field), or nothing connected there
// (stripe_not_set_up: connect Stripe or save that mode's keys first). A side whose
// onboarding is unfinished may be made active: its paid services stay hidden until Stripe
// enables charges, as on the first connection. Pure.
std::optional<ApiError> mode_switch_refusal(const std::string& mode,
                                            const std::optional<StripeSide>& side);

// PUT /v1/merchant/mode: makes `mode` the merchant's active mode. 200 {"mode","previous"};
// 404 merchant_not_found; the refusals above.
void merchant_mode_use_case(AppContext& ctx, const std::string& merchant_id,
                            const std::string& mode, Reply reply);

}  // namespace slotpay::server
