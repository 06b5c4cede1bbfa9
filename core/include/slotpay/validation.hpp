// Booking validation: everything `validate` checks about a booking request, all at
// once, each problem with the path of the field at fault.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/availability.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/error.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay {

// Customer fields. Name: non-empty after trimming, at most 200 bytes, no control
// characters. Email: local@domain.tld, at most 254 bytes, no spaces (a syntax check,
// not a deliverability one). Phone (optional): E.164, "+" then 8 to 15 digits, the
// first not 0.
bool is_valid_email(std::string_view email);
bool is_valid_e164(std::string_view phone);
void check_customer(const std::optional<Customer>& customer, const std::string& path,
                    Errors& errors);

// What the server stores for an accepted booking; the same shape as an Occupancy
// in `bookings`/`holds`.
struct ValidBooking {
  Quote quote;
  Occupancy booking;
};

// Validates `booking` against the catalog, the zone, `now` and what is already
// occupied. Checks: the service exists and the staff member performs it; the start
// is present, after now + min notice (kTooSoon), within max_advance_days
// (kOutsideBookingWindow), on a slot grid (kOffGrid), free (kSlotUnavailable);
// the quantity fits (kCapacityExceeded); the customer (see above); the quote
// (compute_quote's refusals included); the coupon's dates at `now`.
// For staff "any" the first free qualified staff member in catalog order is
// assigned; a merchant-run service is assigned "". Every problem is appended to
// `errors`; the result is meaningful only when none was added.
ValidBooking validate_booking(const Catalog& catalog, const TimeZone& zone,
                              const BookingRequest& booking, Instant now,
                              const std::vector<Occupancy>& occupied, Errors& errors);

}  // namespace slotpay
