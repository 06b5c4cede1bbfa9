// Issue #11 item 7: the merchant webhook events a booking change causes, written in the
// same write transaction as the change (an event exists exactly when its change was
// committed) and fanned out to the merchant's endpoints enabled and subscribed to it at
// that moment: one delivery each, sent later by the hook worker (app/hook_worker.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/booking_store.hpp"

namespace slotpay::server {

struct AppContext;
struct CatalogEntry;

// The event types of a change from `before` (nullptr: a new booking) to `after`, in the
// order they happened: booking.created (new), booking.confirmed (now confirmed),
// booking.rescheduled (moved by the customer: reschedule_count grew), booking.cancelled,
// booking.completed (now in that state), booking.refunded (more refunded than before),
// booking.disputed (disputed for the first time). Pure.
std::vector<std::string> hook_events_for_change(const BookingRecord* before,
                                                const BookingRecord& after);

// Whether an endpoint subscribed to `events` gets an event of `type`. Pure.
bool endpoint_wants(const HookEndpoint& e, const std::string& type);

// The body sent for an event: {"id","type","created","livemode","data":{"booking":{...}}}
// (the booking as the merchant sees it; `catalog` gives its zone, may be null).
std::string hook_event_payload(const std::string& event_id, const std::string& type,
                               int64_t created_ms, const BookingRecord& b,
                               const CatalogEntry* catalog);

// Writes the events of the change and their deliveries in `tx`. Never throws for an
// event that cannot be built: the booking change matters more (logged).
void queue_hook_events(AppContext& ctx, BookingTx& tx, const BookingRecord* before,
                       const BookingRecord& after, int64_t now_ms);

}  // namespace slotpay::server
