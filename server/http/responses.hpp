// Building API answers: JSON bodies with `Cache-Control: no-store`, errors as
// {"error":{"code","field","message"}} with the status from errors.cpp's table.
#pragma once

#include <nlohmann/json.hpp>

#include "app/api_error.hpp"
#include "http/message.hpp"

namespace slotpay::server::http {

HttpResponse json_response(int status, const nlohmann::ordered_json& body);
// A body that is JSON text already (answers the app wrote straight from typed values).
HttpResponse json_text_response(int status, std::string body);
HttpResponse error_response(const ApiError& error);
// A use case's answer: its body (raw_body when set) and status, or its error.
HttpResponse result_response(AppResult result);

}  // namespace slotpay::server::http
