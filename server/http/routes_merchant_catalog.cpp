// The merchant's catalog and widget origins (issue #10 item 4), behind merchant_route:
// reading needs a session or key of the merchant (staff too), changing needs
// edit_catalog (catalog) or settings (origins). The use cases validate with the core and
// save a new catalog version (app/merchant_catalog.hpp).
#include "app/merchant_catalog.hpp"
#include "http/json_body.hpp"
#include "http/merchant_guard.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

Reply tracked(ApiContext& ctx, Respond respond) {
  return ctx.service.tracked(reply_to(std::move(respond)));
}

// The JSON body, which must be an object.
std::optional<ApiError> object_body(const HttpRequest& req, nlohmann::json& body) {
  if (auto err = parse_strict_json(req.body, body)) return err;
  if (!body.is_object()) return ApiError{"invalid_json", "", "a JSON object is expected", nullptr};
  return std::nullopt;
}

// POST/PATCH/DELETE of one item: the collection from the path, then the use case.
void edit_item(ApiContext& ctx, const HttpRequest& req, const Principal& who, EditOp op,
               Respond respond) {
  auto part = catalog_part_from(req.params[0]);
  if (!part)
    return respond(error_response(
        {"not_found", "", "collections: services, staff, coupons, overrides", nullptr}));
  CatalogEdit edit;
  edit.part = *part;
  edit.op = op;
  if (op != EditOp::kAdd) edit.key = req.params[1];
  if (op != EditOp::kRemove)
    if (auto err = object_body(req, edit.body)) return respond(error_response(*err));
  edit_merchant_catalog_use_case(ctx.service.context(), who, edit,
                                 tracked(ctx, std::move(respond)));
}

}  // namespace

void install_merchant_catalog_routes(Router& router, ApiContext& ctx) {
  AppContext* app = &ctx.service.context();
  router.get("/v1/merchant/catalog",
             merchant_route(ctx, "/v1/merchant/catalog", Permission::kReadBookings,
                            [&ctx, app](const HttpRequest&, const Principal& who, Respond r) {
                              get_merchant_catalog_use_case(*app, who, tracked(ctx, std::move(r)));
                            }));
  router.put(
      "/v1/merchant/catalog",
      merchant_route(
          ctx, "/v1/merchant/catalog", Permission::kEditCatalog,
          [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
            nlohmann::json body;
            if (auto err = object_body(req, body)) return r(error_response(*err));
            if (!body.contains("catalog") || !body["catalog"].is_object())
              return r(
                  error_response({"missing_field", "catalog", "catalog object required", nullptr}));
            for (auto it = body.begin(); it != body.end(); ++it)
              if (it.key() != "catalog")
                return r(error_response({"unknown_field", it.key(), "unknown field", nullptr}));
            put_merchant_catalog_use_case(*app, who, body["catalog"], tracked(ctx, std::move(r)));
          }));
  router.post("/v1/merchant/catalog/{collection}",
              merchant_route(ctx, "/v1/merchant/catalog/{collection}", Permission::kEditCatalog,
                             [&ctx](const HttpRequest& req, const Principal& who, Respond r) {
                               edit_item(ctx, req, who, EditOp::kAdd, std::move(r));
                             }));
  router.add("PATCH", "/v1/merchant/catalog/{collection}/{id}",
             merchant_route(ctx, "/v1/merchant/catalog/{collection}/{id}", Permission::kEditCatalog,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond r) {
                              edit_item(ctx, req, who, EditOp::kPatch, std::move(r));
                            }));
  router.add("DELETE", "/v1/merchant/catalog/{collection}/{id}",
             merchant_route(ctx, "/v1/merchant/catalog/{collection}/{id}", Permission::kEditCatalog,
                            [&ctx](const HttpRequest& req, const Principal& who, Respond r) {
                              edit_item(ctx, req, who, EditOp::kRemove, std::move(r));
                            }));
  router.get("/v1/merchant/origins",
             merchant_route(ctx, "/v1/merchant/origins", Permission::kReadBookings,
                            [&ctx, app](const HttpRequest&, const Principal& who, Respond r) {
                              get_origins_use_case(*app, who, tracked(ctx, std::move(r)));
                            }));
  // Issue #13: the secret URLs of the merchant's calendar feeds (its own, each staff
  // member's), for the dashboard's embed page; secret, so `settings` (owners, keys).
  router.get("/v1/merchant/feeds",
             merchant_route(ctx, "/v1/merchant/feeds", Permission::kSettings,
                            [&ctx](const HttpRequest&, const Principal& who, Respond r) {
                              ctx.service.feed_urls(who.merchant_id, reply_to(std::move(r)));
                            }));
  router.put(
      "/v1/merchant/origins",
      merchant_route(
          ctx, "/v1/merchant/origins", Permission::kSettings,
          [&ctx, app](const HttpRequest& req, const Principal& who, Respond r) {
            nlohmann::json body;
            if (auto err = object_body(req, body)) return r(error_response(*err));
            std::vector<std::string> origins;
            const auto& list =
                body.contains("allowed_origins") ? body["allowed_origins"] : nlohmann::json();
            if (!list.is_array())
              return r(error_response(
                  {"missing_field", "allowed_origins", "an array of origins", nullptr}));
            for (size_t i = 0; i < list.size(); ++i) {
              if (!list[i].is_string())
                return r(
                    error_response({"invalid_field", "allowed_origins[" + std::to_string(i) + "]",
                                    "an origin string", nullptr}));
              origins.push_back(list[i].get<std::string>());
            }
            for (auto it = body.begin(); it != body.end(); ++it)
              if (it.key() != "allowed_origins")
                return r(error_response({"unknown_field", it.key(), "unknown field", nullptr}));
            put_origins_use_case(*app, who, origins, tracked(ctx, std::move(r)));
          }));
}

}  // namespace slotpay::server::http
