// API-key mode (stripe_connect.hpp): a merchant's own Stripe keys, checked by shape
// (stripe_keys.hpp), then by Stripe (GET /v1/balance with the secret key), then sealed
// (secret_box.hpp) and saved as the merchant's side of the keys' mode. The secret key and
// the webhook secret exist in plaintext only in this request's memory.
#include <memory>

#include "app/log.hpp"
#include "app/stripe_connect.hpp"
#include "app/stripe_keys.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

}  // namespace

void stripe_keys_save_use_case(AppContext& ctx, const KeysRequest& req, Reply reply) {
  guarded(reply, [&] {
    auto check = std::make_shared<StripeKeySetCheck>(check_stripe_keys(req.keys));
    if (check->error) return reply(AppResult::fail(*check->error));
    if (!ctx.config.secrets)
      return reply(AppResult::fail(
          {"key_mode_unavailable", "",
           "this server has no master key (SLOTPAY_MASTER_KEY), so it cannot keep Stripe keys",
           nullptr}));
    if (check->mode == StripeMode::kLive && !ctx.config.allow_live_keys)
      return reply(AppResult::fail(
          {"live_keys_not_allowed", "secret_key",
           "this server does not take live Stripe keys (it talks to a test Stripe)", nullptr}));
    StripeRequestOptions o;
    o.operation = "check_merchant_key";
    o.secret_key = check->keys.secret_key;
    ctx.stripe.request(
        "GET", "/v1/balance", ojson::object(), o,
        [&ctx, merchant_id = req.merchant_id, check, reply](StripeResponse r) {
          guarded(reply, [&] {
            if (auto refused = key_check_refusal(r)) {
              log_warn("merchant Stripe key refused",
                       {{"merchant", merchant_id}, {"status", r.http_status}});
              return reply(AppResult::fail(*refused));
            }
            const std::string mode = to_string(check->mode);
            StripeSide s;
            s.merchant_id = merchant_id;
            s.mode = mode;
            s.connection = "keys";
            s.charges_enabled = true;  // the key works: the account is the merchant's own
            s.details_submitted = true;
            s.publishable_key = check->keys.publishable_key;
            s.secret_key_sealed = ctx.config.secrets->seal(
                check->keys.secret_key, secret_context(merchant_id, mode, "secret_key"));
            s.webhook_secret_sealed = ctx.config.secrets->seal(
                check->keys.webhook_secret, secret_context(merchant_id, mode, "webhook_secret"));
            s.secret_key_hint = key_hint(check->keys.secret_key);
            s.updated_at_ms = ctx.clock.now_ms();
            ctx.store.write(
                [s](BookingTx& tx) {
                  if (!tx.merchant(s.merchant_id)) return false;
                  tx.accounts().save_stripe_side(s);
                  tx.accounts().set_merchant_mode(s.merchant_id, s.mode);
                  return true;
                },
                [&ctx, s, check, reply](const WriteResult& w) {
                  guarded(reply, [&] {
                    if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
                    if (!w.committed)
                      return reply(
                          AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
                    ctx.keys.forget(s.merchant_id);
                    ctx.merchants.forget(s.merchant_id);
                    log_info("merchant Stripe keys saved",
                             {{"merchant", s.merchant_id}, {"mode", s.mode}});
                    ojson b;
                    b["mode"] = s.mode;
                    b["publishable_key"] = s.publishable_key;
                    b["secret_key_hint"] = s.secret_key_hint;
                    b["warnings"] = check->warnings;
                    reply(AppResult::ok(std::move(b)));
                  });
                });
          });
        });
  });
}

void stripe_keys_delete_use_case(AppContext& ctx, const std::string& merchant_id,
                                 const std::string& mode, Reply reply) {
  if (!mode.empty() && !stripe_mode_from(mode))
    return reply(AppResult::fail({"invalid_field", "mode", "mode must be test or live", nullptr}));
  auto removed = std::make_shared<std::string>();
  auto found = std::make_shared<bool>(false);
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [merchant_id, mode, removed, found, now](BookingTx& tx) {
        auto m = tx.merchant(merchant_id);
        if (!m) return false;
        *found = true;
        const std::string which = mode.empty() ? m->mode : mode;
        auto side = tx.accounts().stripe_side(merchant_id, which);
        *removed = which;
        if (!side || side->connection != "keys") return false;
        StripeSide s;
        s.merchant_id = merchant_id;
        s.mode = which;
        s.connection = "none";
        s.updated_at_ms = now;
        tx.accounts().save_stripe_side(s);
        return true;
      },
      [&ctx, merchant_id, removed, found, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (!*found)
            return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
          ctx.keys.forget(merchant_id);
          ctx.merchants.forget(merchant_id);
          ojson b;
          b["mode"] = *removed;
          b["removed"] = w.committed;
          reply(AppResult::ok(std::move(b)));
        });
      });
}

void merchant_webhook_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                               const std::string& raw_body, const std::string& signature_header,
                               Reply reply) {
  ctx.store.read([&ctx, &sync, merchant_id, raw_body, signature_header, reply](StoreReader& r) {
    guarded(reply, [&] {
      if (!r.merchant(merchant_id))
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      auto endpoint = std::make_shared<WebhookEndpoint>();
      endpoint->merchant_id = merchant_id;
      for (const auto& side : r.accounts().stripe_sides(merchant_id))
        if (auto keys = open_side_keys(ctx, side))
          endpoint->secrets.emplace_back(side.mode, keys->webhook_secret);
      webhook_use_case(ctx, sync, *endpoint, raw_body, signature_header, reply);
    });
  });
}

}  // namespace slotpay::server
