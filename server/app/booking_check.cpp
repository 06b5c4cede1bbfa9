#include "app/booking_check.hpp"

#include <vector>

#include "app/app_context.hpp"

namespace slotpay::server {

slotpay::ValidBooking check_booking_in_tx(BookingTx& tx, const CatalogEntry& catalog,
                                          const Merchant& merchant,
                                          const slotpay::BookingRequest& req, int64_t now_ms,
                                          slotpay::Errors& errors, const std::string& exclude_id) {
  // Only occupancies near the requested start can collide with it.
  std::vector<slotpay::Occupancy> occupied;
  if (req.start)
    if (auto start = slotpay::parse_rfc3339(*req.start)) {
      int64_t margin = occupancy_margin_s(catalog, merchant);
      occupied = tx.occupancies(merchant.id, now_ms, start->instant.seconds - margin,
                                start->instant.seconds + margin + 1, exclude_id);
    }
  const auto& cat = catalog.loaded;
  return slotpay::validate_booking(cat.catalog, cat.zone, req, slotpay::Instant{now_ms / 1000},
                                   occupied, errors);
}

ApiError validation_error(const slotpay::Errors& errors) {
  ApiError e{"validation_failed", "", "the booking is not valid", nlohmann::json::array()};
  for (const auto& err : errors)
    e.details.push_back({{"code", std::string(slotpay::wire_name(err.code))},
                         {"field", err.field},
                         {"message", err.message}});
  if (!errors.empty()) {
    e.code = std::string(slotpay::wire_name(errors.front().code));
    e.field = errors.front().field;
    e.message = errors.front().message;
  }
  return e;
}

}  // namespace slotpay::server
