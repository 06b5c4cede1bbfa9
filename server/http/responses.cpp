#include "http/responses.hpp"

#include "http/errors.hpp"

namespace slotpay::server::http {

HttpResponse json_response(int status, const nlohmann::ordered_json& body) {
  HttpResponse res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  res.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  return res;
}

HttpResponse error_response(const ApiError& error) {
  return json_response(http_status_for(error.code), error_body(error));
}

HttpResponse result_response(const AppResult& result) {
  return result.error ? error_response(*result.error) : json_response(result.status, result.body);
}

}  // namespace slotpay::server::http
