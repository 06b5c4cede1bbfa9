#include <algorithm>

#include "json/json_in.hpp"
#include "json/readers.hpp"
#include "slotpay/booking.hpp"

namespace slotpay {

using detail::index_path;
using detail::json;
using detail::Need;
using detail::ObjectReader;

BookingRequest parse_booking_request(const json& value, const std::string& path, Errors& errors) {
  BookingRequest b;
  ObjectReader r(&value, path, errors);
  if (!r.present()) return b;
  b.service = r.string("service", Need::kRequired, 64).value_or("");
  b.staff = r.string("staff", Need::kOptional, 64).value_or("any");
  b.start = r.string("start", Need::kOptional, 64);
  b.quantity = r.integer("quantity", Need::kOptional, 1, kMaxQuantity).value_or(1);
  if (const json* addons = r.array("addons", Need::kOptional, 50)) {
    for (size_t i = 0; i < addons->size(); ++i) {
      const auto p = index_path(r.path_of("addons"), i);
      const json& a = (*addons)[i];
      if (!a.is_string() || a.str().size() > 64) {
        errors.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be an add-on id"));
        continue;
      }
      const auto& id = a.str();
      if (std::find(b.addons.begin(), b.addons.end(), id) != b.addons.end()) {
        errors.push_back(
            make_error(ErrorCode::kInvalidField, p, "add-on '" + id + "' is listed twice"));
        continue;
      }
      b.addons.push_back(id);
    }
  }
  b.coupon = r.string("coupon", Need::kOptional, 64);
  if (b.coupon && b.coupon->empty()) b.coupon.reset();
  b.tip = r.amount("tip", Need::kOptional).value_or(0);
  if (const json* c = r.object("customer", Need::kOptional)) {
    ObjectReader cr(c, r.path_of("customer"), errors);
    Customer customer;
    // Lengths are bounded here; content rules (empty name, email syntax, E.164)
    // are validation errors reported by `validate` with their own codes.
    customer.name = cr.string("name", Need::kOptional, 200).value_or("");
    customer.email = cr.string("email", Need::kOptional, 254).value_or("");
    customer.phone = cr.string("phone", Need::kOptional, 32);
    cr.reject_unknown();
    b.customer = customer;
  }
  r.reject_unknown();
  return b;
}

}  // namespace slotpay
