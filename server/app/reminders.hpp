// Issue #12: the customer's reminder email, `merchant.reminder_hours` before the start.
// When a booking is made, its reminder time is fixed from the catalog version it is
// priced with (BookingRecord::remind_at_ms); the background pass takes the due ones
// (BookingTx::take_due_reminders clears them in its transaction) and queues each email
// in that same transaction, so a reminder is queued once even with several instances.
#pragma once

#include <cstdint>

#include "slotpay/time.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct AppContext;

// When the reminder of a booking starting at `start`, made at `created_at_ms`, is due:
// `reminder_hours` before the start. 0 (none) when reminders are off (0 hours) or when the
// booking was made at or after that moment: its confirmation has just told the customer
// (Acuity does the same). Pure.
int64_t reminder_due_at_ms(slotpay::Instant start, int64_t created_at_ms, int reminder_hours);

// Whether a reminder taken at `now_ms` still goes out: the booking is confirmed and has
// not started (a server that was down past the start sends none). A booking cancelled,
// still unpaid or unconfirmed at that moment gets none. Pure.
bool reminder_still_wanted(const BookingRecord& b, int64_t now_ms);

// The background pass's part: takes up to `limit` due reminders and queues the emails of
// those still wanted, in `tx`. Returns how many were taken (the transaction changed).
int queue_due_reminders(AppContext& ctx, BookingTx& tx, int64_t now_ms, int limit);

}  // namespace slotpay::server
