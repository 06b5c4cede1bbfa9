// The core's verdict on a booking request inside a write transaction, against what the
// merchant's resources hold near its start: one code for a new booking (create_booking)
// and a booking moved to another slot (reschedule_booking), so the slot rules live in the
// core alone. The caller holds the merchant's capacity lock (tx.merchant() first), so the
// verdict and the write that follows it are atomic (store/booking_store.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "app/api_error.hpp"
#include "app/catalog_cache.hpp"
#include "slotpay/validation.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// validate_booking() for `req` at now_ms with the occupancies of `tx` that can collide with
// its start; the booking `exclude_id` (one being moved) does not compete with itself.
// Problems are appended to `errors`; the result is meaningful only when none was added.
slotpay::ValidBooking check_booking_in_tx(BookingTx& tx, const CatalogEntry& catalog,
                                          const Merchant& merchant,
                                          const slotpay::BookingRequest& req, int64_t now_ms,
                                          slotpay::Errors& errors,
                                          const std::string& exclude_id = "");

// Every problem the core found: the first one as the error, all of them in `details`.
ApiError validation_error(const slotpay::Errors& errors);

}  // namespace slotpay::server
