// Typed values from and to the contract's JSON text, for hosts that call the typed
// functions (validate_booking, compute_quote, compute_availability,
// cancellation_outcome) instead of run(): the server parses a merchant's catalog once,
// when it is saved, keeps the typed value, and writes answers straight from typed
// results. Everything written here is byte for byte what run() writes for the same
// values (the golden vectors pin run(); tests/core/wire_test.cpp pins the two together).
// The JSON codec itself stays internal (core/src/json/, see core/README.md).
// Nothing here throws; failures are values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/availability.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/policy.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay {

// A value read from JSON text, or every problem found in it (each with its path).
template <class T>
struct Parsed {
  std::optional<T> value;
  Errors errors;
  bool ok() const { return errors.empty() && value.has_value(); }
};

// A catalog ready for the typed functions: the parsed catalog and its merchant's zone.
struct LoadedCatalog {
  Catalog catalog;
  TimeZone zone;
};

// Parses and validates a catalog document (the contract's catalog object). Errors carry
// paths under `path` ("catalog.services[1].price"). The text is read with run()'s limits
// (4 MB, depth 32): beyond them, kInputTooLarge; malformed JSON, kInvalidJson.
Parsed<LoadedCatalog> load_catalog(std::string_view json_text, const std::string& path = "catalog");

// Parses a booking request object ({"service","staff","start","quantity","addons",
// "coupon","tip","customer"}) as validate reads it. Customer fields are read, not
// checked (validate_booking checks them).
Parsed<BookingRequest> load_booking_request(std::string_view json_text,
                                            const std::string& path = "booking");

// The quote object, as in run("quote") and validate's "quote".
std::string quote_to_json(const Quote& quote);
// The availability answer {"timezone","slots":[...]}, as run("availability") writes it.
std::string slots_to_json(const LoadedCatalog& catalog, const std::vector<Slot>& slots);
// Validate's "booking" object {"service","staff","start","end","quantity"}, times in `zone`.
std::string booking_to_json(const Occupancy& booking, const TimeZone& zone);
// run("cancel")'s answer {"refund","fee","refund_application_fee","currency","window"}.
std::string cancel_outcome_to_json(const CancelOutcome& outcome, const Currency& currency);
// run("currency")'s answer.
std::string currency_to_json(const Currency& currency);
// {"error":{"code","field","message"}} for one error; {"ok":false,"errors":[...]} for many.
std::string error_to_json(const Error& error);
std::string errors_to_json(const Errors& errors);

}  // namespace slotpay
