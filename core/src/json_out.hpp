// Encoders from core values to the contract's JSON (key order as in CONTRACT.md).
#pragma once

#include <nlohmann/json.hpp>

#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"
#include "slotpay/quote.hpp"

namespace slotpay::detail {

nlohmann::ordered_json to_json(const Error& e);
nlohmann::ordered_json to_json(const Currency& c);
nlohmann::ordered_json to_json(const Quote& q);

}  // namespace slotpay::detail
