#include "slotpay/wire.hpp"

#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "json/readers.hpp"
#include "ops.hpp"

namespace slotpay {
namespace {

// Reads `text` as one JSON object; a problem becomes an error at `path`.
std::optional<Error> read_object(std::string_view text, const std::string& path, JsonValue& out) {
  if (auto err = detail::parse_json(text, out)) {
    Error e = *err;
    if (e.field.empty()) e.field = path;
    return e;
  }
  if (!out.is_object())
    return make_error(ErrorCode::kInvalidField, path, path + " must be an object");
  return std::nullopt;
}

}  // namespace

Parsed<LoadedCatalog> load_catalog(std::string_view json_text, const std::string& path) {
  Parsed<LoadedCatalog> out;
  JsonValue doc;
  if (auto err = read_object(json_text, path, doc)) {
    out.errors.push_back(*err);
    return out;
  }
  Catalog catalog = parse_catalog(doc, path, out.errors);
  if (!out.errors.empty()) return out;
  auto zone = TimeZone::find(catalog.merchant.timezone, path + ".merchant.timezone");
  if (!zone.ok()) {
    out.errors.push_back(zone.error());
    return out;
  }
  out.value = LoadedCatalog{std::move(catalog), std::move(zone.value())};
  return out;
}

Parsed<BookingRequest> load_booking_request(std::string_view json_text, const std::string& path) {
  Parsed<BookingRequest> out;
  JsonValue doc;
  if (auto err = read_object(json_text, path, doc)) {
    out.errors.push_back(*err);
    return out;
  }
  BookingRequest request = parse_booking_request(doc, path, out.errors);
  if (out.errors.empty()) out.value = std::move(request);
  return out;
}

std::string quote_to_json(const Quote& quote) { return detail::to_json(quote).dump(); }

std::string slots_to_json(const LoadedCatalog& catalog, const std::vector<Slot>& slots) {
  return detail::availability_text(catalog.catalog.merchant.timezone, catalog.zone, slots);
}

std::string booking_to_json(const Occupancy& booking, const TimeZone& zone) {
  return detail::to_json(booking, zone).dump();
}

std::string cancel_outcome_to_json(const CancelOutcome& outcome, const Currency& currency) {
  return detail::to_json(outcome, currency).dump();
}

std::string currency_to_json(const Currency& currency) { return detail::to_json(currency).dump(); }

std::string error_to_json(const Error& error) { return ops::dump_doc(ops::error_doc(error)); }

std::string errors_to_json(const Errors& errors) { return ops::dump_doc(ops::errors_doc(errors)); }

}  // namespace slotpay
