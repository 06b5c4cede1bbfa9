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
  r.reject_unknown();
  if (!errors.empty()) return error_doc(errors.front());
  Catalog catalog = parse_catalog(*catalog_json, "catalog", errors);
  BookingRequest booking = parse_booking_request(*booking_json, "booking", errors);
  if (!errors.empty()) return error_doc(errors.front());
  auto q = compute_quote(catalog, booking);
  if (!q.ok()) return error_doc(q.error());
  return detail::to_json(q.value());
}

}  // namespace slotpay::ops
