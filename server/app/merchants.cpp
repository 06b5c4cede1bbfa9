// The operator saving a merchant (admin PUT, --seed-merchant): the core parses and
// validates the catalog first; only a catalog it accepts becomes the merchant's new
// version (the old one stays otherwise). A platform_fee in the operator's catalog is
// the operator's fee setting for that merchant: it is taken out of the stored catalog
// (merchants' catalogs never carry it) and kept on the merchant.
#include <memory>

#include "app/log.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {

void save_merchant_use_case(AppContext& ctx, const MerchantInput& input, Reply reply) {
  guarded(reply, [&] {
    if (!input.catalog.is_object())
      return reply(
          AppResult::fail({"missing_field", "catalog", "catalog object required", nullptr}));
    nlohmann::json catalog = input.catalog;
    auto fee = take_platform_fee(catalog);
    // Stored compact; the public catalog answer embeds this text as it is.
    std::string text = catalog.dump();
    auto parsed = parse_catalog_text(text);
    if (auto* errors = std::get_if<slotpay::Errors>(&parsed))
      return reply(AppResult::fail(invalid_catalog_error(*errors)));
    const auto& id_in_catalog = std::get<CatalogPtr>(parsed)->loaded.catalog.merchant.id;
    if (id_in_catalog != input.id)
      return reply(AppResult::fail(
          {"invalid_catalog", "catalog.merchant.id",
           "catalog.merchant.id must be the merchant's id '" + input.id + "'", nullptr}));
    auto entry = std::const_pointer_cast<CatalogEntry>(std::get<CatalogPtr>(parsed));
    entry->merchant_id = input.id;
    Merchant m;
    m.id = input.id;
    m.stripe_account = input.stripe_account;
    m.allowed_origins = input.allowed_origins;
    m.created_at_ms = ctx.clock.now_ms();
    m.mode = ctx.config.platform_mode;
    m.name = entry->loaded.catalog.merchant.name;
    auto version = std::make_shared<int64_t>(0);
    ctx.store.write(
        [m, text, version, fee](BookingTx& tx) {
          *version = tx.save_merchant(m, text);
          if (fee) tx.accounts().set_platform_fee(m.id, fee->rate_bps, fee->fixed);
          return true;
        },
        [&ctx, entry, version, id = m.id, reply](const WriteResult& w) {
          guarded(reply, [&] {
            if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
            entry->version = *version;
            ctx.catalogs.put(entry);
            ctx.merchants.forget(id);
            log_info("merchant saved", {{"merchant", id}, {"catalog_version", *version}});
            nlohmann::ordered_json body;
            body["merchant"] = id;
            body["catalog_version"] = *version;
            reply(AppResult::ok(std::move(body)));
          });
        });
  });
}

}  // namespace slotpay::server
