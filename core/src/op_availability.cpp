#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"
#include "slotpay/availability.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::ops {

// Reads "bookings" and "holds" of a request into one list (they block alike).
std::vector<Occupancy> read_occupied(detail::ObjectReader& r, Errors& errors) {
  const json* bookings = r.any("bookings", detail::Need::kOptional);
  const json* holds = r.any("holds", detail::Need::kOptional);
  const size_t n = (bookings && bookings->is_array() ? bookings->size() : 0) +
                   (holds && holds->is_array() ? holds->size() : 0);
  if (n > kMaxOccupancies) {
    errors.push_back(make_error(
        ErrorCode::kInputTooLarge, r.path_of("bookings"),
        "bookings and holds together exceed " + std::to_string(kMaxOccupancies) + " items"));
    return {};
  }
  auto out = parse_occupancies(bookings, r.path_of("bookings"), errors);
  auto more = parse_occupancies(holds, r.path_of("holds"), errors);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

std::vector<std::string> read_addons(detail::ObjectReader& r, Errors& errors) {
  std::vector<std::string> out;
  if (const json* addons = r.array("addons", detail::Need::kOptional, 50)) {
    for (size_t i = 0; i < addons->size(); ++i) {
      const json& a = (*addons)[i];
      const auto p = detail::index_path(r.path_of("addons"), i);
      if (!a.is_string() || a.str().size() > 64) {
        errors.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be an add-on id"));
        continue;
      }
      out.push_back(a.str());
    }
  }
  return out;
}

namespace {

// The availability answer: the slots, or an error document.
struct Answer {
  std::optional<Error> error;
  std::string timezone;
  std::optional<TimeZone> zone;
  std::vector<Slot> slots;
};

Answer answer(const json& request) {
  Answer a;
  Errors errors;
  detail::ObjectReader r(&request, "", errors);
  const json* catalog_json = r.object("catalog", detail::Need::kRequired);
  SlotQuery q;
  q.service = r.string("service", detail::Need::kRequired, 64).value_or("");
  q.staff = r.string("staff", detail::Need::kOptional, 64).value_or("any");
  q.addons = read_addons(r, errors);
  q.quantity = r.integer("quantity", detail::Need::kOptional, 1, 10000).value_or(1);
  auto from = r.date("from", detail::Need::kRequired);
  auto to = r.date("to", detail::Need::kRequired);
  auto now = r.instant("now", detail::Need::kRequired);
  q.occupied = read_occupied(r, errors);
  r.reject_unknown();
  if (!errors.empty()) {
    a.error = errors.front();
    return a;
  }
  Catalog catalog = parse_catalog(*catalog_json, "catalog", errors);
  if (!errors.empty()) {
    a.error = errors.front();
    return a;
  }
  auto zone = TimeZone::find(catalog.merchant.timezone, "catalog.merchant.timezone");
  if (!zone.ok()) {
    a.error = zone.error();
    return a;
  }
  q.now = *now;
  auto slots = compute_availability(catalog, zone.value(), q, *from, *to);
  if (!slots.ok()) {
    a.error = slots.error();
    return a;
  }
  a.timezone = catalog.merchant.timezone;
  a.zone = std::move(zone.value());
  a.slots = std::move(slots.value());
  return a;
}

}  // namespace

ojson availability(const json& request) {
  Answer a = answer(request);
  if (a.error) return error_doc(*a.error);
  ojson out;
  out["timezone"] = a.timezone;
  ojson list = ojson::array();
  for (const auto& s : a.slots) {
    ojson o;
    o["start"] = a.zone->format(s.start);
    o["end"] = a.zone->format(s.end);
    o["remaining"] = s.remaining;
    o["staff"] = s.staff;
    list.push_back(std::move(o));
  }
  out["slots"] = std::move(list);
  return out;
}

std::string availability_text(const json& request) {
  Answer a = answer(request);
  if (a.error) return dump_doc(error_doc(*a.error));
  return detail::availability_text(a.timezone, *a.zone, a.slots);
}

}  // namespace slotpay::ops
