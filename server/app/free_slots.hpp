// Free slots as the public availability route and the manage page's route answer them:
// the query read from the URL, and the core's availability over the store's occupancies
// (one read snapshot), optionally without one booking's own seats (a customer moving a
// booking may overlap the time it holds now; app/reschedule.hpp accepts such a move).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "app/api_error.hpp"
#include "app/catalog_cache.hpp"
#include "slotpay/availability.hpp"
#include "slotpay/time.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct SlotRequest {
  slotpay::SlotQuery query;  // service, staff (now and occupied filled by free_slots_json)
  slotpay::LocalDate from;
  slotpay::LocalDate to;
};

// query: service (required when `service_required`), staff, from, to (YYYY-MM-DD).
// Errors: missing_field, invalid_field (a value over 64 bytes), invalid_date.
std::variant<SlotRequest, ApiError> parse_slot_request(
    const std::map<std::string, std::string>& query, bool service_required);

// The core's free slots for `req` at now_ms as the availability JSON, the booking
// `exclude_id` ("" none) not occupying anything; the core's refusal as an ApiError.
std::variant<std::string, ApiError> free_slots_json(StoreReader& r, const CatalogEntry& cat,
                                                    const Merchant& merchant, SlotRequest req,
                                                    int64_t now_ms, const std::string& exclude_id);

}  // namespace slotpay::server
