// Issue #12 item 3: the customer moves a booking to another slot through the manage link.
// The decisions are pure functions here, and move_booking() carries them out in the use
// case's write transaction (manage_booking.cpp, which queues the emails and webhook events
// of the change in the same transaction): the core checks the new slot as it checks a new booking
// of the same service, quantity, add-ons and staff (app/booking_check.hpp), the booking's own seats
// not counted against it, and the booking's row is moved by the same update that releases its old
// seats.
//
// What a move keeps: the booking's id, its quote and catalog version, its payment: the
// price it was sold at. Nothing in a price depends on the slot (the core prices a service,
// its add-ons, quantity, tax, coupon and tip, never the time or the staff member), so a
// move has no price difference of its own; a fresh quote could differ only because the
// merchant edited prices or coupons since the sale, and a customer who moves is not made
// to pay a price rise, nor loses a coupon that was valid when they booked. What it
// changes: start, end, staff, start day, the reminder time, reschedule_count (+1: the
// .ics SEQUENCE, so calendars replace the old entry).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "app/api_error.hpp"
#include "app/catalog_cache.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/time.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// The last moment booking `b` may be moved: `until_min` minutes (the current catalog's
// merchant.reschedule_until_min) before its current start.
slotpay::Instant reschedule_deadline(const BookingRecord& b, int until_min);

// Whether booking `b` can be moved at now_ms at all: confirmed (not a hold, not pending,
// cancelled, expired, failed, completed or a no-show) and now_ms at or before the deadline.
bool reschedule_open(const BookingRecord& b, int until_min, int64_t now_ms);

// Why a move of `b` to `new_start` at now_ms is refused, before any slot is checked:
// not_reschedulable (its state), reschedule_window_closed (past the deadline),
// reschedule_same_start (the start it already has). nullopt: go on to the core's check.
std::optional<ApiError> reschedule_refusal(const BookingRecord& b, int until_min,
                                           slotpay::Instant new_start, int64_t now_ms);

// What moves with the booking, as the core assigned the new slot.
struct NewSlot {
  slotpay::Occupancy slot;   // service, staff (resolved), start, end, quantity
  std::string start_day;     // its local date in the merchant's zone, "YYYY-MM-DD"
  int64_t remind_at_ms = 0;  // app/reminders: reminder_due_at_ms(start, now, hours)
};

// `b` moved to `to` at now_ms: slot, start day, reminder time, reschedule_count + 1,
// updated_at; everything else kept.
BookingRecord rescheduled(const BookingRecord& b, const NewSlot& to, int64_t now_ms);

// --- in a write transaction ---

// What the customer asks for: the new start (RFC 3339 with its offset) and, optionally,
// a staff member ("": the booking's own, or any for a merchant-run service).
struct MoveRequest {
  std::string start;
  std::string staff;
};

// Moves booking `b` (read in `tx`, so its row is locked) of merchant `m` (read in `tx`
// after it: the merchant's capacity lock) as `request` asks, at now_ms: the refusals
// above, then the core's check of the new slot by `current` (the merchant's current
// catalog, with the operator's fee) as a new booking of the same service, quantity,
// add-ons, tip and customer, the booking's own seats not counted (the coupon is left out:
// it was judged when the booking was sold, and the price is kept). Accepted: the moved
// record is written to `tx`
// (update_booking; its old seats are released by that same update) and returned.
// Refused: the error, nothing written.
std::variant<BookingRecord, ApiError> move_booking(BookingTx& tx, const CatalogEntry& current,
                                                   const Merchant& m, const BookingRecord& b,
                                                   const MoveRequest& request, int64_t now_ms);

}  // namespace slotpay::server
