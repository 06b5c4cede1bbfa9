#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/policy.hpp"

namespace slotpay::ops {

ojson cancel(const json& request) {
  Errors errors;
  detail::ObjectReader r(&request, "", errors);
  const json* catalog_json = r.object("catalog", detail::Need::kRequired);
  auto now = r.instant("now", detail::Need::kRequired);
  detail::ObjectReader b(r.object("booking", detail::Need::kRequired), r.path_of("booking"),
                         errors);
  const auto service_id = b.string("service", detail::Need::kRequired, 64);
  auto start = b.instant("start", detail::Need::kRequired);
  detail::ObjectReader paid(b.object("paid", detail::Need::kRequired), b.path_of("paid"), errors);
  auto amount = paid.amount("amount", detail::Need::kRequired);
  auto currency = paid.string("currency", detail::Need::kRequired, 16);
  paid.reject_unknown();
  auto application_fee = b.amount("application_fee", detail::Need::kOptional);
  const bool was_deposit = b.boolean("deposit", detail::Need::kOptional).value_or(false);
  b.reject_unknown();
  r.reject_unknown();
  if (!errors.empty()) return error_doc(errors.front());
  Catalog catalog = parse_catalog(*catalog_json, "catalog", errors);
  if (!errors.empty()) return error_doc(errors.front());

  const Service* service = catalog.find_service(*service_id);
  if (service == nullptr)
    return error_doc(make_error(ErrorCode::kUnknownService, "booking.service",
                                "unknown service '" + *service_id + "'"));
  if (*currency != catalog.merchant.currency.code)
    return error_doc(make_error(ErrorCode::kCurrencyMismatch, "booking.paid.currency",
                                "paid in '" + currency->substr(0, 16) +
                                    "' but the merchant settles in '" +
                                    std::string(catalog.merchant.currency.code) + "'"));
  if (application_fee && *application_fee > *amount)
    return error_doc(make_error(ErrorCode::kInvalidAmount, "booking.application_fee",
                                "application_fee cannot exceed the amount paid"));
  auto outcome = cancellation_outcome(
      service->cancellation, Money{*amount, catalog.merchant.currency}, was_deposit, *start, *now);
  if (!outcome.ok()) return error_doc(outcome.error());
  return detail::to_json(outcome.value(), catalog.merchant.currency);
}

}  // namespace slotpay::ops
