// Pay-by-link (issue #11 item 3), the decisions: what is still due on a booking, the
// platform's fee on it, and whether a link may still be paid. Pure; unit-tested in
// tests/server/pay_links_test.cpp. The use cases (pay_by_link.cpp) load, decide, store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/api_error.hpp"
#include "app/catalog_edit.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// What the customer still owes on `b`: its total less what was paid online, for a
// confirmed or completed booking whose service is not free; 0 otherwise. A phone booking
// owes its total; a deposit booking its balance; a booking paid in full nothing. Refunds
// do not make anything due again.
int64_t balance_due(const BookingRecord& b);

// The platform's fee on a pay link of `amount` (the catalog's platform fee, as the core
// computes it on what is due now: rate_bps of the amount, half away from zero, plus the
// fixed fee unless an earlier payment of the booking carried it), capped at the amount.
// 0 on the platform's own account or the merchant's own keys (no Connect, no fee).
int64_t pay_link_fee(const BookingRecord& b, const FeeSetting& fee, int64_t amount);

// Why `link` cannot be paid now (nullopt: it can): 410 pay_link_expired, 409
// pay_link_used (already paid), 409 booking_not_payable (the booking was cancelled or
// ended, or nothing is due any more), 409 pay_link_superseded (what is due changed since
// the link was made: a newer link says the right amount).
std::optional<ApiError> pay_link_refusal(const PayLinkRecord& link, const BookingRecord& b,
                                         int64_t now_ms);

// Whether a merchant may ask for a link now: nullopt when `b` owes something payable
// online (at least Stripe's minimum for its currency); else 409 booking_not_payable or
// 422 below_minimum_charge.
std::optional<ApiError> pay_link_unavailable(const BookingRecord& b);

}  // namespace slotpay::server
