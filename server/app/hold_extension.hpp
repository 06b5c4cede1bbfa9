// Issue #9 item 1: a short first hold. A booking waiting for an online payment first
// holds its seats briefly (ServiceConfig::first_hold_ms, --first-hold-seconds); when the
// customer reaches the pay step (the widget shows the Payment Element) the widget asks
// for the full hold (ServiceConfig::hold_ms, --hold-minutes), counted from the booking's
// creation, so a hold never lasts longer than before and a script that books without
// paying ties seats up for minutes less. Pure decisions, unit-tested.
#pragma once

#include <cstdint>

#include "store/booking_store.hpp"

namespace slotpay::server {

// The hold a new online booking gets: the first hold when it is on (> 0) and shorter
// than the full hold, else the full hold.
int64_t initial_hold_ms(int64_t first_hold_ms, int64_t full_hold_ms);

enum class HoldExtensionVerdict {
  kExtended,         // the hold now ends at created_at + the full hold: store it
  kAlreadyExtended,  // it already does (or later): nothing to store, the same answer
  kNotHeld,          // not a hold (confirmed, cancelled, failed, expired): refused
  kLapsed,           // a hold whose time ran out (the background pass has not yet ended it)
};

struct HoldExtension {
  HoldExtensionVerdict verdict = HoldExtensionVerdict::kNotHeld;
  int64_t hold_expires_at_ms = 0;  // the hold's end after the decision (kExtended: the new one)
};

// Idempotent: a second call finds the hold extended. Only for a live hold (held or
// awaiting_payment, not past its end at now_ms).
HoldExtension decide_hold_extension(const BookingRecord& booking, int64_t now_ms,
                                    int64_t full_hold_ms);

}  // namespace slotpay::server
