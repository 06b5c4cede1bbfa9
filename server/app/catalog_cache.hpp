// Merchants' catalogs as the core parsed and validated them, kept in memory per
// (merchant, catalog version). The text is parsed once per version: when it is saved
// (where an invalid catalog is refused with the core's errors) or, after a restart or
// on another instance, on first use. Requests compare the version in the merchant row
// with the cached one, so a store shared by several instances invalidates it by
// bumping the version. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "slotpay/error.hpp"
#include "slotpay/wire.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

struct CatalogEntry {
  std::string merchant_id;
  int64_t version = 0;
  slotpay::LoadedCatalog loaded;  // the core's catalog and the merchant's zone
  std::string text;               // the catalog as saved
  // What the public catalog answer embeds: the saved text without the coupons and the
  // platform fee (issue #9; the quote route prices coupons), see public_catalog_text.
  std::string public_text;
  std::string currency_json;  // the merchant currency's facts, as run("currency") writes
  // The longest a booking of this catalog can occupy a resource, buffers on both sides
  // included, in seconds: how far around a range of starts occupancies can matter.
  int64_t max_span_s = 0;
};
using CatalogPtr = std::shared_ptr<const CatalogEntry>;

// The public view of a saved catalog's text (compact JSON, keys in saved order): no
// "coupons", no "merchant.platform_fee" or "merchant.contact_email". Text that is not a JSON object
// comes back as is.
std::string public_catalog_text(const std::string& text);

// The catalog text parsed and validated by the core: the entry (without merchant id or
// version) or every problem the core found, field by field.
std::variant<CatalogPtr, slotpay::Errors> parse_catalog_text(const std::string& text);

class CatalogCache {
 public:
  // Versions kept per merchant (the current one and those of recent bookings).
  explicit CatalogCache(size_t versions_per_merchant = 8) : per_merchant_(versions_per_merchant) {}

  // The entry of (merchant, version), read from `store` and parsed on a miss. nullptr
  // when the store has no such version or the core no longer accepts it (logged).
  CatalogPtr get(StoreReader& store, const std::string& merchant_id, int64_t version);
  // The same entry with the platform fee the server hands the core (the operator's
  // setting for the merchant, never the catalog's own field): the entry itself when its
  // fee is already that, else a copy made once per (version, fee).
  CatalogPtr get_with_fee(StoreReader& store, const std::string& merchant_id, int64_t version,
                          int64_t fee_bps, int64_t fee_fixed);
  // Adds an entry parsed at save time.
  void put(CatalogPtr entry);

 private:
  size_t per_merchant_;
  std::shared_mutex mu_;
  // merchant -> version -> entry, the oldest versions dropped first.
  std::map<std::string, std::map<int64_t, CatalogPtr>> entries_;
  // (merchant, version, fee_bps, fee_fixed) -> entry with that fee.
  std::map<std::tuple<std::string, int64_t, int64_t, int64_t>, CatalogPtr> priced_;
};

}  // namespace slotpay::server
