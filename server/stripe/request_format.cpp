#include "stripe/request_format.hpp"

#include "stripe/form_encoding.hpp"

namespace slotpay::server {

HttpRequest build_stripe_request(const std::string& method, const std::string& path,
                                 const nlohmann::ordered_json& params,
                                 const StripeRequestOptions& options, const std::string& secret_key,
                                 const std::string& api_version) {
  HttpRequest req;
  req.method = method;
  req.target = path;
  std::string encoded = params.is_null() ? std::string() : form_encode(params);
  if (method == "GET") {
    if (!encoded.empty()) req.target += "?" + encoded;
  } else {
    req.body = std::move(encoded);
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  req.headers.emplace_back("Authorization", "Bearer " + secret_key);
  req.headers.emplace_back("Stripe-Version", api_version);
  req.headers.emplace_back("User-Agent", "slotpay-server/0.1");
  if (!options.stripe_account.empty())
    req.headers.emplace_back("Stripe-Account", options.stripe_account);
  // Never on GETs (FACTS.md 3.6).
  if (method == "POST" && !options.idempotency_key.empty())
    req.headers.emplace_back("Idempotency-Key", options.idempotency_key);
  return req;
}

StripeResponse interpret_stripe_reply(const HttpReply& reply, int attempts) {
  StripeResponse out;
  out.attempts = attempts;
  out.http_status = reply.status;
  if (!reply.got_response) {
    out.error = StripeError{"api_connection_error", "",
                            "could not reach Stripe: " + reply.transport_error, "", 0};
    return out;
  }
  out.body = nlohmann::json::parse(reply.body, nullptr, false);
  if (auto it = reply.headers.find("idempotent-replayed"); it != reply.headers.end())
    out.idempotent_replayed = it->second == "true";
  if (reply.status >= 200 && reply.status < 300 && out.body.is_object()) {
    out.ok = true;
  } else if (out.body.is_object() && out.body.contains("error") && out.body["error"].is_object()) {
    const auto& e = out.body["error"];
    auto str = [&](const char* k) {
      return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : std::string();
    };
    out.error = StripeError{str("type"), str("code"), str("message"), str("param"), reply.status};
    if (out.error.type.empty()) out.error.type = "api_error";
  } else {
    out.error =
        StripeError{"api_error", "",
                    "unexpected response from Stripe (HTTP " + std::to_string(reply.status) + ")",
                    "", reply.status};
  }
  return out;
}

}  // namespace slotpay::server
