// Encoders from core values to the contract's JSON (key order as in CONTRACT.md).
#pragma once

#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/json_value.hpp"
#include "slotpay/quote.hpp"

namespace slotpay::detail {

JsonValue to_json(const Error& e);
JsonValue to_json(const Currency& c);
JsonValue to_json(const Quote& q);

}  // namespace slotpay::detail
