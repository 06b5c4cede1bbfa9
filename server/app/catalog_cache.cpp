#include "app/catalog_cache.hpp"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/log.hpp"

namespace slotpay::server {
namespace {

int64_t max_span_seconds(const slotpay::Catalog& c) {
  int64_t longest = 0;
  for (const auto& s : c.services) {
    int64_t minutes = int64_t{s.duration_min} + s.buffer_before_min + s.buffer_after_min;
    for (const auto& a : s.addons) minutes += a.duration_min;
    longest = std::max(longest, minutes);
  }
  return longest * 60;
}

}  // namespace

std::string public_catalog_text(const std::string& text) {
  auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!doc.is_object()) return text;
  doc.erase("coupons");
  if (auto m = doc.find("merchant"); m != doc.end() && m->is_object()) {
    m->erase("platform_fee");
    m->erase("contact_email");  // issue #12: for the merchant's copies, not for scrapers
  }
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::variant<CatalogPtr, slotpay::Errors> parse_catalog_text(const std::string& text) {
  auto parsed = slotpay::load_catalog(text, "catalog");
  if (!parsed.ok() || !parsed.value) return parsed.errors;
  auto entry = std::make_shared<CatalogEntry>();
  entry->loaded = std::move(*parsed.value);
  entry->text = text;
  entry->public_text = public_catalog_text(text);
  entry->currency_json = slotpay::currency_to_json(entry->loaded.catalog.merchant.currency);
  entry->max_span_s = max_span_seconds(entry->loaded.catalog);
  return CatalogPtr(std::move(entry));
}

CatalogPtr CatalogCache::get(StoreReader& store, const std::string& merchant_id, int64_t version) {
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto m = entries_.find(merchant_id);
    if (m != entries_.end()) {
      auto v = m->second.find(version);
      if (v != m->second.end()) return v->second;
    }
  }
  auto text = store.catalog_text(merchant_id, version);
  if (!text) return nullptr;
  auto parsed = parse_catalog_text(*text);
  if (auto* errors = std::get_if<slotpay::Errors>(&parsed)) {
    // Saved catalogs were accepted by the core; one it refuses now (rows older than
    // the check, or a core that became stricter) is reported, not served.
    log_error("stored catalog refused by the core",
              {{"merchant", merchant_id},
               {"version", version},
               {"field", errors->empty() ? "" : errors->front().field},
               {"message", errors->empty() ? "" : errors->front().message}});
    return nullptr;
  }
  auto entry = std::const_pointer_cast<CatalogEntry>(std::get<CatalogPtr>(parsed));
  entry->merchant_id = merchant_id;
  entry->version = version;
  put(entry);
  return entry;
}

CatalogPtr CatalogCache::get_with_fee(StoreReader& store, const std::string& merchant_id,
                                      int64_t version, int64_t fee_bps, int64_t fee_fixed) {
  CatalogPtr base = get(store, merchant_id, version);
  if (!base) return nullptr;
  const auto& fee = base->loaded.catalog.merchant.platform_fee;
  if (fee.rate_bps == fee_bps && fee.fixed == fee_fixed) return base;
  auto key = std::make_tuple(merchant_id, version, fee_bps, fee_fixed);
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = priced_.find(key);
    if (it != priced_.end()) return it->second;
  }
  auto entry = std::make_shared<CatalogEntry>(*base);
  entry->loaded.catalog.merchant.platform_fee = slotpay::PlatformFee{fee_bps, fee_fixed};
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (priced_.size() >= 1024) priced_.clear();  // fees rarely change: a rough bound
  priced_[key] = entry;
  return entry;
}

void CatalogCache::put(CatalogPtr entry) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  auto& versions = entries_[entry->merchant_id];
  versions[entry->version] = std::move(entry);
  while (versions.size() > per_merchant_) versions.erase(versions.begin());
}

}  // namespace slotpay::server
