#include "app/free_slots.hpp"

#include <string_view>

#include "app/app_context.hpp"

namespace slotpay::server {

std::variant<SlotRequest, ApiError> parse_slot_request(
    const std::map<std::string, std::string>& query, bool service_required) {
  for (const char* required : {"service", "from", "to"})
    if ((service_required || required != std::string_view("service")) &&
        (!query.count(required) || query.at(required).empty()))
      return ApiError{"missing_field", required, std::string(required) + " is required", nullptr};
  for (const auto& [k, v] : query)
    if (v.size() > 64) return ApiError{"invalid_field", k, "value too long", nullptr};
  SlotRequest out;
  if (auto it = query.find("service"); it != query.end()) out.query.service = it->second;
  if (auto it = query.find("staff"); it != query.end() && !it->second.empty())
    out.query.staff = it->second;
  auto from = slotpay::parse_local_date(query.at("from"));
  auto to = slotpay::parse_local_date(query.at("to"));
  for (auto [name, date] : {std::pair{"from", from}, std::pair{"to", to}})
    if (!date)
      return ApiError{"invalid_date", name,
                      std::string(name) + " must be a calendar date YYYY-MM-DD", nullptr};
  out.from = *from;
  out.to = *to;
  return out;
}

std::variant<std::string, ApiError> free_slots_json(StoreReader& r, const CatalogEntry& cat,
                                                    const Merchant& merchant, SlotRequest req,
                                                    int64_t now_ms, const std::string& exclude_id) {
  req.query.now = slotpay::Instant{now_ms / 1000};
  // Occupancies that can touch a slot starting on a day in [from, to): the days'
  // instants in any zone (offsets stay within 14 hours), widened by the margin.
  int64_t margin = occupancy_margin_s(cat, merchant) + 14 * 3600;
  int64_t lo = slotpay::days_from_civil(req.from) * 86400 - margin;
  int64_t hi = slotpay::days_from_civil(req.to) * 86400 + margin;
  req.query.occupied = r.occupancies(merchant.id, now_ms, lo, hi, exclude_id);
  auto slots = slotpay::compute_availability(cat.loaded.catalog, cat.loaded.zone, req.query,
                                             req.from, req.to);
  if (!slots.ok()) return from_core(slots.error());
  return slotpay::slots_to_json(cat.loaded, slots.value());
}

}  // namespace slotpay::server
