#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"

namespace slotpay::ops {

ojson currency(const json& request) {
  Errors errors;
  detail::ObjectReader r(&request, "", errors);
  auto code = r.string("currency", detail::Need::kRequired, 16);
  r.reject_unknown();
  if (!errors.empty()) return error_doc(errors.front());
  auto c = find_currency(*code, "currency");
  if (!c.ok()) return error_doc(c.error());
  return detail::to_json(c.value());
}

}  // namespace slotpay::ops
