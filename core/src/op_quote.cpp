#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/quote.hpp"

namespace slotpay::ops {

ojson quote(const json& request) {
  Errors errors;
  detail::ObjectReader r(&request, "", errors);
  const json* catalog_json = r.object("catalog", detail::Need::kRequired);
  const json* booking_json = r.object("booking", detail::Need::kRequired);
  // Optional: with "now", a coupon's valid_from/valid_until are checked too.
  auto now = r.instant("now", detail::Need::kOptional);
  r.reject_unknown();
  if (!errors.empty()) return error_doc(errors.front());
  Catalog catalog = parse_catalog(*catalog_json, "catalog", errors);
  BookingRequest booking = parse_booking_request(*booking_json, "booking", errors);
  if (!errors.empty()) return error_doc(errors.front());
  auto q = compute_quote(catalog, booking);
  if (!q.ok()) return error_doc(q.error());
  if (now && booking.coupon) {
    auto zone = TimeZone::find(catalog.merchant.timezone, "catalog.merchant.timezone");
    if (!zone.ok()) return error_doc(zone.error());
    if (const Coupon* coupon = catalog.find_coupon(*booking.coupon))
      if (auto e = coupon_window_error(*coupon, zone.value(), *now, "booking.coupon"))
        return error_doc(*e);
  }
  return detail::to_json(q.value());
}

}  // namespace slotpay::ops
