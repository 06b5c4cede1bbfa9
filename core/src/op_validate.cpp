#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/validation.hpp"

namespace slotpay::ops {

// validate: every problem at once as {"ok": false, "errors": [...]}; on success
// {"ok": true, "quote": {...}, "booking": {service, staff, start, end, quantity}},
// where "booking" is what the server stores and later passes back in bookings/holds.
ojson validate(const json& request) {
  Errors errors;
  detail::ObjectReader r(&request, "", errors);
  const json* catalog_json = r.object("catalog", detail::Need::kRequired);
  const json* booking_json = r.object("booking", detail::Need::kRequired);
  auto now = r.instant("now", detail::Need::kRequired);
  auto occupied = read_occupied(r, errors);
  r.reject_unknown();
  if (catalog_json == nullptr) return errors_doc(errors);
  Catalog catalog = parse_catalog(*catalog_json, "catalog", errors);
  if (!errors.empty() && booking_json == nullptr) return errors_doc(errors);
  BookingRequest booking;
  if (booking_json) booking = parse_booking_request(*booking_json, "booking", errors);
  // A broken catalog or request envelope makes the rest meaningless.
  for (const auto& e : errors)
    if (e.field.rfind("booking", 0) != 0) return errors_doc(errors);
  if (!now) return errors_doc(errors);
  auto zone = TimeZone::find(catalog.merchant.timezone, "catalog.merchant.timezone");
  if (!zone.ok()) {
    errors.push_back(zone.error());
    return errors_doc(errors);
  }
  ValidBooking valid = validate_booking(catalog, zone.value(), booking, *now, occupied, errors);
  if (!errors.empty()) return errors_doc(errors);
  ojson out;
  out["ok"] = true;
  out["quote"] = detail::to_json(valid.quote);
  out["booking"] = detail::to_json(valid.booking, zone.value());
  return out;
}

}  // namespace slotpay::ops
