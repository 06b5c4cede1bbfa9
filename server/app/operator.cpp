// The operator's view of merchants (ADMIN_TOKEN routes): the list, suspension, and the
// platform fee per merchant. A suspended merchant's catalog, availability and bookings
// answer merchant_unavailable (queries.cpp, create_booking.cpp); the fee set here is
// what the server hands the core instead of any fee in the catalog (effective_fee).
#include "app/log.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ojson merchant_row(const AppContext& ctx, const Merchant& m) {
  ojson o;
  o["id"] = m.id;
  o["name"] = m.name;
  o["status"] = m.status;
  o["mode"] = m.mode;
  o["connection"] = m.connection;
  o["stripe_account"] = m.stripe_account;
  o["charges_enabled"] = m.charges_enabled;
  o["catalog_version"] = m.catalog_version;
  const bool own = m.fee_bps.has_value() || m.fee_fixed.has_value();
  const FeeSetting fee = effective_fee(ctx, m);
  o["platform_fee"] = {
      {"rate_bps", fee.rate_bps}, {"fixed", fee.fixed}, {"source", own ? "merchant" : "default"}};
  return o;
}

}  // namespace

std::optional<FeeSetting> parse_fee_flag(std::string_view text) {
  auto number = [](std::string_view d) -> std::optional<int64_t> {
    if (d.empty() || d.size() > 12) return std::nullopt;
    int64_t v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  const auto colon = text.find(':');
  auto bps = number(text.substr(0, colon));
  auto fixed =
      colon == std::string_view::npos ? std::optional<int64_t>(0) : number(text.substr(colon + 1));
  if (!bps || !fixed || *bps > 10000) return std::nullopt;
  return FeeSetting{*bps, *fixed};
}

std::optional<ApiError> check_operator_settings(const OperatorSettings& s) {
  if (s.status && *s.status != "active" && *s.status != "suspended")
    return ApiError{"invalid_field", "status", "status is \"active\" or \"suspended\"", nullptr};
  if (s.fee && *s.fee) {
    const FeeSetting& f = **s.fee;
    if (f.rate_bps < 0 || f.rate_bps > 10000)
      return ApiError{"invalid_field", "platform_fee.rate_bps",
                      "rate_bps is an integer from 0 to 10000", nullptr};
    if (f.fixed < 0)
      return ApiError{"invalid_field", "platform_fee.fixed",
                      "fixed is a non-negative integer (minor units)", nullptr};
  }
  if (!s.status && !s.fee)
    return ApiError{"missing_field", "", "nothing to change: give status or platform_fee", nullptr};
  return std::nullopt;
}

void admin_merchants_use_case(AppContext& ctx, Reply reply) {
  ctx.store.read([&ctx, reply](StoreReader& r) {
    guarded(reply, [&] {
      ojson list = ojson::array();
      for (const auto& m : r.accounts().merchants()) list.push_back(merchant_row(ctx, m));
      reply(AppResult::ok(ojson{{"merchants", std::move(list)}}));
    });
  });
}

void admin_merchant_settings_use_case(AppContext& ctx, const std::string& merchant_id,
                                      const OperatorSettings& settings, Reply reply) {
  guarded(reply, [&] {
    if (auto err = check_operator_settings(settings)) return reply(AppResult::fail(*err));
    auto found = std::make_shared<std::optional<Merchant>>();
    ctx.store.write(
        [merchant_id, settings, found](BookingTx& tx) {
          auto& a = tx.accounts();
          if (settings.status && !a.set_merchant_status(merchant_id, *settings.status))
            return false;
          if (settings.fee) {
            const auto& f = *settings.fee;
            if (!a.set_platform_fee(merchant_id,
                                    f ? std::optional<int64_t>(f->rate_bps) : std::nullopt,
                                    f ? std::optional<int64_t>(f->fixed) : std::nullopt))
              return false;
          }
          *found = tx.merchant(merchant_id);
          return found->has_value();
        },
        [&ctx, merchant_id, settings, found, reply](const WriteResult& w) {
          guarded(reply, [&] {
            if (!w.error.empty()) return reply(AppResult::fail(internal_error(w.error)));
            if (!*found)
              return reply(
                  AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr}));
            ctx.merchants.forget(merchant_id);
            log_info("operator changed merchant",
                     {{"merchant", merchant_id}, {"status", (*found)->status}});
            reply(AppResult::ok(ojson{{"merchant", merchant_row(ctx, **found)}}));
          });
        });
  });
}

}  // namespace slotpay::server
