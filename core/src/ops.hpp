// One function per operation of the JSON contract. Each takes the parsed request
// and returns the response document; errors are returned as error documents.
#pragma once

#include <nlohmann/json.hpp>

#include "slotpay/error.hpp"

namespace slotpay::ops {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

ojson error_doc(const Error& e);
ojson errors_doc(const Errors& errors);  // {"ok": false, "errors": [...]}

ojson currency(const json& request);
ojson quote(const json& request);

}  // namespace slotpay::ops
