#include "app/merchant_mode.hpp"

#include <memory>

#include "app/log.hpp"
#include "app/stripe_keys.hpp"

namespace slotpay::server {

std::optional<ApiError> mode_switch_refusal(const std::string& mode,
                                            const std::optional<StripeSide>& side) {
  if (!stripe_mode_from(mode))
    return ApiError{"invalid_field", "mode", "mode is \"test\" or \"live\"", nullptr};
  if (!side || side->connection == "none")
    return ApiError{
        "stripe_not_set_up", "mode",
        "nothing is connected in " + mode + " mode: connect Stripe or save that mode's keys first",
        nullptr};
  return std::nullopt;
}

void merchant_mode_use_case(AppContext& ctx, const std::string& merchant_id,
                            const std::string& mode, Reply reply) {
  if (!stripe_mode_from(mode))  // a malformed request: answered before the store
    return reply(AppResult::fail(*mode_switch_refusal(mode, std::nullopt)));
  struct Outcome {
    std::optional<ApiError> refused;
    std::string previous;
  };
  auto out = std::make_shared<Outcome>();
  ctx.store.write(
      [merchant_id, mode, out](BookingTx& tx) {
        auto m = tx.merchant(merchant_id);
        if (!m) {
          out->refused = ApiError{"merchant_not_found", "", "no such merchant", nullptr};
          return false;
        }
        out->previous = m->mode;
        out->refused = mode_switch_refusal(mode, tx.accounts().stripe_side(merchant_id, mode));
        if (out->refused || m->mode == mode) return false;
        tx.accounts().set_merchant_mode(merchant_id, mode);
        return true;
      },
      [&ctx, merchant_id, mode, out, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (out->refused) return reply(AppResult::fail(*out->refused));
          if (w.committed) {
            ctx.keys.forget(merchant_id);
            ctx.merchants.forget(merchant_id);
            log_info("merchant mode switched",
                     {{"merchant", merchant_id}, {"mode", mode}, {"previous", out->previous}});
          }
          nlohmann::ordered_json b;
          b["mode"] = mode;
          b["previous"] = out->previous;
          reply(AppResult::ok(std::move(b)));
        });
      });
}

}  // namespace slotpay::server
