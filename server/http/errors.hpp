// The one table from error code to HTTP status, and the error body
// {"error":{"code","field","message"}} (plus "errors" when the core reported several).
#pragma once

#include <string>

#include "app/api_error.hpp"

namespace slotpay::server {

// Unknown codes map to 400 for client-side codes from the core and 500 otherwise;
// see the table in errors.cpp.
int http_status_for(const std::string& code);

nlohmann::ordered_json error_body(const ApiError& e);

}  // namespace slotpay::server
