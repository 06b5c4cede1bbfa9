// Stripe's account events, applied to the merchants' sides that use the account:
// account.updated (charges, details, requirements, disabled reason; an event older than
// the status held is ignored, since events arrive out of order) and
// account.application.deauthorized (online payments off at once). Also used when the
// account is fetched after onboarding returns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "app/account_status.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// The side after Stripe said `facts` at Stripe time `at_s`; unchanged (false) when the
// side already holds a newer status.
bool apply_account_facts(StripeSide& side, const AccountFacts& facts, int64_t at_s, int64_t now_ms);

// Handles `event` when it is an account event ("account.updated",
// "account.application.deauthorized"), in the webhook's write transaction; returns the
// webhook answer's action ("account_updated", "deauthorized", "stale",
// "mode_mismatch", "no_merchant"), or "" when the event is of another type.
// endpoint_mode: the mode of the secret the event was verified with.
std::string apply_account_event(BookingTx& tx, const nlohmann::json& event,
                                const std::string& endpoint_mode, int64_t now_ms);

}  // namespace slotpay::server
