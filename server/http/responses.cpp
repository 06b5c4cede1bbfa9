#include "http/responses.hpp"

#include "http/errors.hpp"

namespace slotpay::server::http {

HttpResponse json_text_response(int status, std::string body) {
  HttpResponse res;
  res.status = status;
  res.body = std::move(body);
  res.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  return res;
}

HttpResponse json_response(int status, const nlohmann::ordered_json& body) {
  return json_text_response(
      status, body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

HttpResponse error_response(const ApiError& error) {
  return json_response(http_status_for(error.code), error_body(error));
}

HttpResponse result_response(AppResult result) {
  if (result.error) return error_response(*result.error);
  if (!result.raw_body.empty())
    return json_text_response(result.status, std::move(result.raw_body));
  return json_response(result.status, result.body);
}

}  // namespace slotpay::server::http
