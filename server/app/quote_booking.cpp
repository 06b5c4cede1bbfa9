// The quote route's use case (issue #9): the widget cannot price a coupon itself any
// more (the public catalog carries no coupons), so the server prices the request with
// the core and checks the coupon as a booking would: known, within its dates at now,
// not used up. Nothing is held; the booking's own write transaction checks again.
#include <memory>
#include <set>

#include "app/abuse_limits.hpp"
#include "app/use_cases.hpp"
#include "slotpay/wire.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

const std::set<std::string> kQuoteFields = {"service", "staff",  "start", "quantity",
                                            "addons",  "coupon", "tip",   "customer"};

}  // namespace

void quote_use_case(AppContext& ctx, const std::string& merchant_id, const json& body,
                    Reply reply) {
  guarded(reply, [&] {
    if (!body.is_object())
      return reply(
          AppResult::fail({"invalid_json", "", "the request body must be a JSON object", nullptr}));
    for (auto it = body.begin(); it != body.end(); ++it)
      if (!kQuoteFields.count(it.key()))
        return reply(AppResult::fail({"unknown_field", it.key(), "unknown field", nullptr}));
    auto parsed = slotpay::load_booking_request(body.dump(), "booking");
    if (!parsed.ok() || !parsed.value) {
      const auto& e = parsed.errors.front();
      return reply(AppResult::fail(from_core(e)));
    }
    auto req = std::make_shared<const slotpay::BookingRequest>(std::move(*parsed.value));
    ctx.store.read([&ctx, merchant_id, req, reply](StoreReader& r) {
      guarded(reply, [&] {
        auto m = r.merchant(merchant_id);
        if (!m)
          return reply(
              AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr}));
        auto merchant = std::make_shared<const Merchant>(std::move(*m));
        auto cat = ctx.catalogs.get(r, merchant_id, merchant->catalog_version);
        if (!cat)
          return reply(AppResult::fail(internal_error("catalog unreadable")).about(merchant));
        const auto& loaded = cat->loaded;
        auto q = slotpay::compute_quote(loaded.catalog, *req);
        if (!q.ok()) return reply(AppResult::fail(from_core(q.error())).about(merchant));
        const int64_t now = ctx.clock.now_ms();
        if (req->coupon)
          if (const slotpay::Coupon* coupon = loaded.catalog.find_coupon(*req->coupon)) {
            if (auto e = slotpay::coupon_window_error(
                    *coupon, loaded.zone, slotpay::Instant{now / 1000}, "booking.coupon"))
              return reply(AppResult::fail(from_core(*e)).about(merchant));
            if (coupon->max_redemptions || coupon->max_per_customer) {
              const std::string email = req->customer ? req->customer->email : "";
              auto uses = r.coupon_uses(merchant_id, coupon->code, email, now);
              if (auto e = coupon_use_refusal(*coupon, uses, !email.empty()))
                return reply(AppResult::fail(*e).about(merchant));
            }
          }
        ojson out = ojson::parse(slotpay::quote_to_json(q.value()));
        out.erase("application_fee");  // the platform's fee is not the customer's business
        reply(AppResult::ok(std::move(out)).about(merchant));
      });
    });
  });
}

}  // namespace slotpay::server
