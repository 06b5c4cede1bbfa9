// application/x-www-form-urlencoded bodies as the Stripe API expects them,
// with nested parameters: {"metadata":{"booking_id":"b1"}} -> metadata[booking_id]=b1,
// arrays with indices (items[0][price]=...), as stripe-node's qs encoding does.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace slotpay::server {

// Encodes a JSON object. Keys keep the object's iteration order. Strings are
// percent-encoded (RFC 3986 unreserved characters kept; space is %20), booleans
// are "true"/"false", integers in decimal, null is an empty value (Stripe's way
// to unset a field). Floating-point numbers are refused (std::invalid_argument):
// no amount is ever sent as a float. A non-object argument is refused as well.
std::string form_encode(const nlohmann::ordered_json& params);

// Percent-encodes one component (key or value).
std::string form_escape(const std::string& s);

}  // namespace slotpay::server
