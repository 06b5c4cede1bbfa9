// One function per operation of the JSON contract. Each takes the parsed request
// and returns the response document; errors are returned as error documents.
#pragma once

#include "json/json_in.hpp"
#include "json/json_value.hpp"
#include "json/readers.hpp"
#include "slotpay/availability.hpp"
#include "slotpay/error.hpp"

namespace slotpay::ops {

using json = JsonValue;
using ojson = JsonValue;

std::string dump_doc(const ojson& doc);
ojson error_doc(const Error& e);
ojson errors_doc(const Errors& errors);  // {"ok": false, "errors": [...]}

// Shared request readers: "bookings" + "holds" (capped together at kMaxOccupancies),
// and an "addons" list of ids.
std::vector<Occupancy> read_occupied(detail::ObjectReader& r, Errors& errors);
std::vector<std::string> read_addons(detail::ObjectReader& r, Errors& errors);

ojson currency(const json& request);
ojson quote(const json& request);
ojson availability(const json& request);
// The same response as dump_doc(availability(request)), written directly: a 90-day
// answer has thousands of slots, and building them as JSON values costs more than
// computing them.
std::string availability_text(const json& request);
ojson validate(const json& request);
ojson cancel(const json& request);

}  // namespace slotpay::ops
