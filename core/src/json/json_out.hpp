// Encoders from core values to the contract's JSON (key order as in CONTRACT.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/json_value.hpp"
#include "slotpay/availability.hpp"
#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/policy.hpp"
#include "slotpay/quote.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::detail {

JsonValue to_json(const Error& e);
JsonValue to_json(const Currency& c);
JsonValue to_json(const Quote& q);
// validate's "booking": {"service","staff","start","end","quantity"}, times in `zone`.
JsonValue to_json(const Occupancy& b, const TimeZone& zone);
JsonValue to_json(const CancelOutcome& o, const Currency& c);

// The availability answer written directly (the same bytes as building it as JSON values
// and dumping it): a 90-day answer has thousands of slots, and building them as values
// costs more than computing them.
std::string availability_text(std::string_view timezone, const TimeZone& zone,
                              const std::vector<Slot>& slots);

}  // namespace slotpay::detail
