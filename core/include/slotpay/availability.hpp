// Free slots of a service, and the check of one start for booking validation.
//
// Resources. The staff members who list the service each are a resource; a service
// no staff member offers is performed by the merchant as a single resource (its
// slots then carry `staff: []`, and the merchant's occupancies are those with staff
// ""). A request for one staff member (`staff`) looks at that resource only.
//
// Slot grid. Starts are placed from the beginning of each open interval of a
// resource (schedule.hpp) every `slot_interval_min` minutes of wall-clock time. A
// wall-clock start that falls into a DST gap does not exist and gives no slot; one
// that is repeated by a fall-back transition gives two distinct instants (01:30-04:00
// and 01:30-05:00), each a slot when it fits. The booking (service duration plus
// add-on minutes, in real elapsed time) must end by the end of the open interval;
// buffers may extend outside opening hours (a cleanup after closing time is fine).
//
// Seats. Non-group service (capacity absent or 1): each free resource is one seat;
// `remaining` is the number of free resources and `staff` their ids. Group service
// (capacity > 1): each resource runs its own class of `capacity` seats; occupancies
// of the same service, same resource and same start share that class; `remaining`
// is the sum of free seats. A resource busy with anything else overlapping the
// candidate contributes nothing. Overlap is tested with buffers on both sides: the
// occupancy's [start - buffer_before, end + buffer_after] of its own service (no
// buffers when its service is unknown) against the candidate's, with its own
// service's buffers. With `quantity` q, only resources with at least q free seats
// count; a slot no resource can take is not listed.
//
// Booking window. A slot starts at or after now + min_notice_min and at or before
// now + max_advance_days days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slotpay/catalog.hpp"
#include "slotpay/error.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay {

// An existing booking or an unexpired hold: {"service","staff","start","end","quantity"}.
// `end` is the real end (duration + add-ons); buffers are added from the service.
struct Occupancy {
  std::string service;
  std::string staff;  // "" for a merchant-run service
  Instant start;
  Instant end;
  int64_t quantity = 1;
};

inline constexpr size_t kMaxOccupancies = 20000;  // bookings + holds of one request
inline constexpr int kMaxAvailabilityDays = 92;   // to - from
inline constexpr int64_t kMaxOccupancyMinutes = 7 * 1440;
// Free (resource, start) pairs one availability call may hold in memory (24 bytes
// each); beyond it the call fails with kInputTooLarge on "to" rather than use
// hundreds of MB (500 staff, a 5-minute grid, 92 days would be 13 million).
inline constexpr size_t kMaxCandidateStarts = 1'000'000;

struct SlotQuery {
  std::string service;
  std::string staff = "any";  // a staff id or "any"
  std::vector<std::string> addons;
  int64_t quantity = 1;
  Instant now;
  std::vector<Occupancy> occupied;  // bookings and holds together
  // Error paths: "" for the availability request, "booking" for validate.
  std::string path;
};

struct Slot {
  Instant start;
  Instant end;
  int64_t remaining = 0;
  std::vector<std::string> staff;  // catalog order; empty for a merchant-run service
};

// Slots starting on local dates from..to (to exclusive) in the merchant's zone, in
// order of start. kInvalidRange (field "to") unless from < to <= from + 92 days.
Result<std::vector<Slot>> compute_availability(const Catalog& catalog, const TimeZone& zone,
                                               const SlotQuery& query, const LocalDate& from,
                                               const LocalDate& to);

// What the grid and the occupancies say about one start instant (validate).
struct SlotCheck {
  bool on_grid = false;                 // a start of some resource's grid, in its open hours
  bool fits = false;                    // ... where the whole booking fits before closing
  int64_t capacity = 1;                 // seats one resource offers
  int64_t most_free = 0;                // largest number of seats free at one resource
  std::optional<std::string> assigned;  // first resource with `quantity` seats free
  Instant end;                          // start + duration + add-ons
};

// Checks `start` for `query` (notice and window are not checked here).
Result<SlotCheck> check_slot(const Catalog& catalog, const TimeZone& zone, const SlotQuery& query,
                             Instant start);

}  // namespace slotpay
