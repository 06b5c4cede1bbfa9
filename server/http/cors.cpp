#include "http/cors.hpp"

#include <algorithm>

#include "http/responses.hpp"

namespace slotpay::server::http {
namespace {

bool merchant_allows(const Merchant* m, const std::string& origin) {
  return m && !origin.empty() &&
         std::find(m->allowed_origins.begin(), m->allowed_origins.end(), origin) !=
             m->allowed_origins.end();
}

HttpResponse preflight_allowing(const std::string& origin) {
  HttpResponse res;
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
  res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.set_header("Access-Control-Max-Age", "600");
  return res;
}

}  // namespace

bool origin_allowed(const HttpRequest& req, const Merchant* merchant) {
  std::string origin = req.header("Origin");
  if (origin.empty()) return true;
  std::string host = req.header("Host");
  if (origin == "http://" + host || origin == "https://" + host) return true;
  return merchant_allows(merchant, origin);
}

void apply_cors(const HttpRequest& req, HttpResponse& res, const Merchant* merchant) {
  std::string origin = req.header("Origin");
  if (!merchant_allows(merchant, origin)) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
}

void apply_cors_any_origin(const HttpRequest& req, HttpResponse& res) {
  std::string origin = req.header("Origin");
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
}

HttpResponse preflight_any_origin(const HttpRequest& req) {
  std::string origin = req.header("Origin");
  if (origin.empty())
    return error_response({"forbidden_origin", "Origin", "a preflight needs an Origin", nullptr});
  return preflight_allowing(origin);
}

HttpResponse preflight_response(const HttpRequest& req, const Merchant* merchant) {
  std::string origin = req.header("Origin");
  if (!merchant_allows(merchant, origin))
    return error_response(
        {"forbidden_origin", "Origin", "this origin is not allowed for the merchant", nullptr});
  return preflight_allowing(origin);
}

}  // namespace slotpay::server::http
