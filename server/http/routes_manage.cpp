// Issue #12, the manage link's API, for the manage page the server serves itself (same
// origin: no CORS): GET /v1/manage/{token} (the booking and what cancelling now would
// do), GET /v1/manage/{token}/ics (its calendar file), POST /v1/manage/{token}/cancel,
// POST /v1/manage/{token}/reschedule {start, staff_id?} and GET
// /v1/manage/{token}/availability?from&to&staff (issue #12 item 3).
// The token is the credential (signed, expiring); rate-limited per client like the
// booking status and cancel routes. Answers are never cached (they carry the booking).
#include "http/json_body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

HttpResponse no_store(HttpResponse res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Reply answer(Respond r) {
  return [r = std::move(r)](AppResult result) {
    respond_guarded(r, [&] { r(no_store(result_response(std::move(result)))); });
  };
}

}  // namespace

void install_manage_routes(Router& router, ApiContext& ctx) {
  router.get("/v1/manage/{token}", observed(ctx, "/v1/manage/{token}",
                                            rate_limited(ctx, ctx.read_limiter, "read",
                                                         [&ctx](const HttpRequest& req, Respond r) {
                                                           ctx.service.manage_view(
                                                               req.params[0], answer(std::move(r)));
                                                         })));
  // The times the booking could move to (its own seats free): the manage page's picker.
  router.get(
      "/v1/manage/{token}/availability",
      observed(
          ctx, "/v1/manage/{token}/availability",
          rate_limited(ctx, ctx.read_limiter, "read", [&ctx](const HttpRequest& req, Respond r) {
            ctx.service.manage_availability(req.params[0], query_map(req), answer(std::move(r)));
          })));
  router.get(
      "/v1/manage/{token}/ics",
      observed(
          ctx, "/v1/manage/{token}/ics",
          rate_limited(ctx, ctx.read_limiter, "read", [&ctx](const HttpRequest& req, Respond r) {
            ctx.service.manage_ics(req.params[0], [r](AppResult result) {
              respond_guarded(r, [&] {
                if (result.error) return r(no_store(error_response(*result.error)));
                HttpResponse res;
                res.body = std::move(result.raw_body);
                res.set_header("Content-Type", "text/calendar; charset=utf-8");
                res.set_header("Content-Disposition", "attachment; filename=\"booking.ics\"");
                r(no_store(std::move(res)));
              });
            });
          })));
  // Issue #9: the email confirmation of a free or external-payment booking (the manage
  // page posts the token from its #confirm= fragment). A POST, so that a mail scanner
  // fetching the link does not confirm anything.
  router.post("/v1/confirm/{token}",
              observed(ctx, "/v1/confirm/{token}",
                       rate_limited(ctx, ctx.cancel_limiter, "cancel",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      ctx.service.confirm_booking(req.params[0],
                                                                  answer(std::move(r)));
                                    })));
  // Issue #12: a calendar feed, GET /v1/feeds/<token>.ics (calendars want the suffix).
  router.get(
      "/v1/feeds/{token}",
      observed(
          ctx, "/v1/feeds/{token}",
          rate_limited(ctx, ctx.read_limiter, "read", [&ctx](const HttpRequest& req, Respond r) {
            const std::string& file = req.params[0];
            constexpr std::string_view kSuffix = ".ics";
            if (file.size() <= kSuffix.size() ||
                file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
              return r(no_store(error_response({"not_found", "", "no such feed", nullptr})));
            ctx.service.feed(file.substr(0, file.size() - kSuffix.size()), [r](AppResult result) {
              respond_guarded(r, [&] {
                if (result.error) return r(no_store(error_response(*result.error)));
                HttpResponse res;
                res.body = std::move(result.raw_body);
                res.set_header("Content-Type", "text/calendar; charset=utf-8");
                r(no_store(std::move(res)));
              });
            });
          })));
  router.post("/v1/manage/{token}/cancel",
              observed(ctx, "/v1/manage/{token}/cancel",
                       rate_limited(ctx, ctx.cancel_limiter, "cancel",
                                    [&ctx](const HttpRequest& req, Respond r) {
                                      ctx.service.manage_cancel(req.params[0],
                                                                answer(std::move(r)));
                                    })));
  router.post(
      "/v1/manage/{token}/reschedule",
      observed(ctx, "/v1/manage/{token}/reschedule",
               rate_limited(
                   ctx, ctx.cancel_limiter, "cancel", [&ctx](const HttpRequest& req, Respond r) {
                     if (req.header("Content-Type").rfind("application/json", 0) != 0)
                       return r(no_store(
                           error_response({"unsupported_media_type", "Content-Type",
                                           "send the new time as application/json", nullptr})));
                     nlohmann::json body;
                     if (auto err = parse_strict_json(req.body, body))
                       return r(no_store(error_response(*err)));
                     ctx.service.manage_reschedule(req.params[0], body, answer(std::move(r)));
                   })));
}

}  // namespace slotpay::server::http
