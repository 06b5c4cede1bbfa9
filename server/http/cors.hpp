// CORS for the JSON API: a per-merchant allow-list of origins (the widget's host
// pages). Static widget files are public and use `*` instead (static_files.cpp).
#pragma once

#include "http/message.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server::http {

// A request without Origin (not a cross-origin browser request), a same-origin one
// (Origin equals http(s)://Host) or one from an origin the merchant allows.
bool origin_allowed(const HttpRequest& req, const Merchant* merchant);

// Adds Access-Control-Allow-Origin (and Vary: Origin) when the request's Origin is one
// the merchant allows.
void apply_cors(const HttpRequest& req, HttpResponse& res, const Merchant* merchant);

// Issue #9: booking routes must not tell whether a booking exists. Their preflights
// and their refusals (no such booking / wrong token: one answer) carry CORS for any
// Origin without looking the booking up; only a successful answer, which names the
// booking's merchant, uses that merchant's allow-list.
void apply_cors_any_origin(const HttpRequest& req, HttpResponse& res);
HttpResponse preflight_any_origin(const HttpRequest& req);

// The answer to a preflight (OPTIONS): 204 with the allowed methods and headers, or 403
// forbidden_origin.
HttpResponse preflight_response(const HttpRequest& req, const Merchant* merchant);

}  // namespace slotpay::server::http
