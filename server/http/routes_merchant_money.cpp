// The merchant's money operations (issue #11), behind merchant_route (session +
// CSRF, or an API key): on one booking, with the money permission (owners and
// API keys; staff are refused), refunds, cancel, no-show, completed (items 1
// and 2); the report of bookings and payments, streamed, for whoever may read
// bookings (item 6). Handlers only parse and translate; the decisions are
// app/merchant_refund.hpp's, the lifecycle's and app/merchant_report.hpp's.
// docs/api-merchant.md documents each route.
#include "app/booking_service.hpp"
#include "app/merchant_report.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

// An API key acts within its own mode only; a signed-in person on any of the
// merchant's bookings.
BookingScope scope_of(const Principal &who, const std::string &booking_id) {
  return BookingScope{who.merchant_id, who.api_key ? who.key_mode : "", booking_id};
}

Reply answer(Respond respond) {
  return [respond = std::move(respond)](AppResult result) {
    respond_guarded(respond, [&] { respond(result_response(std::move(result))); });
  };
}

void install_closing(Router &router, ApiContext &ctx, const char *path, MerchantClosing kind) {
  router.post(path, merchant_route(ctx, path, Permission::kMoney,
                                   [&ctx, kind](const HttpRequest &req, const Principal &who,
                                                Respond respond) {
                                     // No body is read: an empty one or {} is expected.
                                     ctx.service.merchant_close(scope_of(who, req.params[0]), kind,
                                                                answer(std::move(respond)));
                                   }));
}

// The report as a chunked answer: each piece the app writes becomes a chunk.
HttpResponse streamed_report(ReportStart start) {
  HttpResponse res;
  res.status = 200;
  res.set_header("Content-Type", start.content_type);
  res.set_header("Content-Disposition", "attachment; filename=\"" + start.filename + "\"");
  res.set_header("Cache-Control", "no-store");
  res.stream = [source = std::move(start.source)](std::function<void(BodyPiece)> answer) {
    source([answer = std::move(answer)](ReportPiece piece) {
      answer(BodyPiece{std::move(piece.text), piece.done, piece.failed});
    });
  };
  return res;
}

// GET /v1/merchant/reports/{bookings|totals}?from&to&format&bom&mode: the
// report as it is written, a page of bookings at a time (chunked), never
// cached.
void install_report(Router &router, ApiContext &ctx, const char *path, bool entries) {
  router.get(path,
             merchant_route(
                 ctx, path, Permission::kReadBookings,
                 [&ctx, entries](const HttpRequest &req, const Principal &who, Respond respond) {
                   auto parsed =
                       parse_report_query(req.query_value("from"), req.query_value("to"),
                                          req.query_value("format"), req.query_value("bom"));
                   if (auto *err = std::get_if<ApiError>(&parsed))
                     return respond(error_response(*err));
                   ReportQuery query = std::get<ReportQuery>(parsed);
                   query.entries = entries;
                   merchant_report_use_case(ctx.service.context(), who, req.query_value("mode"),
                                            query, [respond](ReportStart start) {
                                              respond_guarded(respond, [&] {
                                                if (start.error)
                                                  return respond(error_response(*start.error));
                                                respond(streamed_report(std::move(start)));
                                              });
                                            });
                 }));
}

}  // namespace

void install_merchant_money_routes(Router &router, ApiContext &ctx) {
  router.post("/v1/merchant/bookings/{id}/refunds",
              merchant_route(ctx, "/v1/merchant/bookings/{id}/refunds", Permission::kMoney,
                             [&ctx](const HttpRequest &req, const Principal &who, Respond respond) {
                               nlohmann::json body;
                               if (auto err = parse_strict_json(req.body, body))
                                 return respond(error_response(*err));
                               auto parsed =
                                   parse_refund_request(body, req.header("Idempotency-Key"));
                               if (auto *err = std::get_if<ApiError>(&parsed))
                                 return respond(error_response(*err));
                               ctx.service.merchant_refund(scope_of(who, req.params[0]),
                                                           std::get<MerchantRefundRequest>(parsed),
                                                           answer(std::move(respond)));
                             }));
  install_closing(router, ctx, "/v1/merchant/bookings/{id}/cancel", MerchantClosing::kCancel);
  install_closing(router, ctx, "/v1/merchant/bookings/{id}/no-show", MerchantClosing::kNoShow);
  install_closing(router, ctx, "/v1/merchant/bookings/{id}/complete", MerchantClosing::kComplete);
  install_report(router, ctx, "/v1/merchant/reports/bookings", true);
  install_report(router, ctx, "/v1/merchant/reports/totals", false);
}

}  // namespace slotpay::server::http
