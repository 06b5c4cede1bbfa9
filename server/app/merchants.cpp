// Saving a merchant: the core parses and validates the catalog first; only a catalog
// it accepts becomes the merchant's new version (the old one stays otherwise).
#include <memory>

#include "app/log.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {

void save_merchant_use_case(AppContext& ctx, const MerchantInput& input, Reply reply) {
  guarded(reply, [&] {
    if (!input.catalog.is_object())
      return reply(
          AppResult::fail({"missing_field", "catalog", "catalog object required", nullptr}));
    // Stored compact; the public catalog answer embeds this text as it is.
    std::string text = input.catalog.dump();
    auto parsed = parse_catalog_text(text);
    if (auto* errors = std::get_if<slotpay::Errors>(&parsed)) {
      ApiError e{"invalid_catalog", "catalog", "the catalog is not valid", nlohmann::json::array()};
      for (const auto& err : *errors)
        e.details.push_back({{"code", std::string(slotpay::wire_name(err.code))},
                             {"field", err.field},
                             {"message", err.message}});
      if (!errors->empty()) {
        e.field = errors->front().field;
        e.message = "the catalog is not valid: " + errors->front().message;
      }
      return reply(AppResult::fail(std::move(e)));
    }
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
    auto version = std::make_shared<int64_t>(0);
    ctx.store.write(
        [m, text, version](BookingTx& tx) {
          *version = tx.save_merchant(m, text);
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
