#include "app/credentials.hpp"

#include "app/app_context.hpp"
#include "app/log.hpp"
#include "app/secret_box.hpp"

namespace slotpay::server {

std::optional<MerchantKeys> KeyRing::get(const std::string& merchant_id, const std::string& mode,
                                         int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find({merchant_id, mode});
  if (it == entries_.end() || now_ms - it->second.loaded_at_ms >= ttl_ms_) return std::nullopt;
  return it->second.keys;
}

void KeyRing::put(const std::string& merchant_id, const std::string& mode, MerchantKeys keys,
                  int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[{merchant_id, mode}] = Entry{std::move(keys), now_ms};
}

void KeyRing::forget(const std::string& merchant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->first.first == merchant_id ? entries_.erase(it) : std::next(it);
}

std::optional<MerchantKeys> open_side_keys(const AppContext& ctx, const StripeSide& side) {
  if (side.connection != "keys" || side.secret_key_sealed.empty()) return std::nullopt;
  if (!ctx.config.secrets) {
    log_error("merchant keys stored but no master key", {{"merchant", side.merchant_id}});
    return std::nullopt;
  }
  auto sk = ctx.config.secrets->open(side.secret_key_sealed,
                                     secret_context(side.merchant_id, side.mode, "secret_key"));
  auto wh = ctx.config.secrets->open(side.webhook_secret_sealed,
                                     secret_context(side.merchant_id, side.mode, "webhook_secret"));
  if (!sk || !wh) {
    log_error("merchant keys do not open with the master key",
              {{"merchant", side.merchant_id}, {"mode", side.mode}});
    return std::nullopt;
  }
  return MerchantKeys{side.publishable_key, std::move(*sk), std::move(*wh)};
}

void merchant_keys_for(AppContext& ctx, const std::string& merchant_id, const std::string& mode,
                       std::function<void(std::optional<MerchantKeys>)> done) {
  if (auto hit = ctx.keys.get(merchant_id, mode, ctx.clock.now_ms())) return done(std::move(hit));
  ctx.store.read([&ctx, merchant_id, mode, done = std::move(done)](StoreReader& r) {
    std::optional<MerchantKeys> keys;
    try {
      if (auto side = r.accounts().stripe_side(merchant_id, mode))
        keys = open_side_keys(ctx, *side);
    } catch (const std::exception& e) {
      log_error("reading merchant keys failed", {{"error", e.what()}});
    }
    if (keys) ctx.keys.put(merchant_id, mode, *keys, ctx.clock.now_ms());
    done(std::move(keys));
  });
}

void booking_stripe_options(AppContext& ctx, const BookingRecord& b, std::string operation,
                            std::string idempotency_key,
                            std::function<void(std::optional<StripeRequestOptions>)> done) {
  StripeRequestOptions o;
  o.operation = std::move(operation);
  o.idempotency_key = std::move(idempotency_key);
  if (!b.merchant_keys) {
    o.stripe_account = b.stripe_account;
    return done(std::move(o));
  }
  merchant_keys_for(
      ctx, b.merchant_id, b.mode,
      [o = std::move(o), done = std::move(done)](std::optional<MerchantKeys> k) mutable {
        if (!k) return done(std::nullopt);
        o.secret_key = std::move(k->secret_key);
        done(std::move(o));
      });
}

}  // namespace slotpay::server
