// Readers from the core's JSON value to its typed values. Internal: hosts read JSON
// text through slotpay/wire.hpp (load_catalog, load_booking_request); only the
// operations and wire.cpp use these directly.
#pragma once

#include <string>
#include <vector>

#include "json/json_value.hpp"
#include "slotpay/availability.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/error.hpp"

namespace slotpay {

// Parses a catalog at `path` (e.g. "catalog"). Every problem is appended to
// `errors`; the returned catalog is meaningful only when no error was added.
Catalog parse_catalog(const JsonValue& value, const std::string& path, Errors& errors);

// Parses the "booking" object at `path`. Problems are appended to `errors`.
// Customer fields are read here but checked by validation.
BookingRequest parse_booking_request(const JsonValue& value, const std::string& path,
                                     Errors& errors);

// Parses a list of occupancies at `path` ("bookings"); problems go to `errors`.
// A null `list` is an empty list.
std::vector<Occupancy> parse_occupancies(const JsonValue* list, const std::string& path,
                                         Errors& errors);

}  // namespace slotpay
