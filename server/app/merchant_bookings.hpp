// The merchant's bookings (issues #10 and #13): the list, with the customer search, and
// one booking's details with its customer and payment history. Read-only, for whoever
// may read bookings; an API key sees its own mode only. The decisions are
// booking_history.hpp's; these read the store and answer. Each calls its reply once.
#pragma once

#include <string>

#include "app/app_context.hpp"
#include "app/principal.hpp"

namespace slotpay::server {

// GET /v1/merchant/bookings?mode&q: the merchant's bookings of one mode (mode_for: an API
// key only its own), newest first, each with its customer. Without `q` the newest 500;
// with it those among the newest 5000 whose customer name or email contains it (ASCII
// case folded), at most 500. Errors: invalid_field / forbidden (mode), invalid_field (q
// over 100 characters).
void merchant_bookings_use_case(AppContext& ctx, const Principal& who, const std::string& mode,
                                const std::string& q, Reply reply);

// GET /v1/merchant/bookings/{id}: {"booking": the list's row, "customer", "history"}
// (booking_history.hpp), times in the booking's catalog zone. Another merchant's booking,
// or one of the other mode for an API key: 404 booking_not_found, nothing of it shown.
void merchant_booking_detail_use_case(AppContext& ctx, const Principal& who,
                                      const std::string& booking_id, Reply reply);

}  // namespace slotpay::server
