// Merchants edit their catalog as a whole or one item at a time: a service, a staff
// member, a coupon or a schedule override. These pure functions make the new catalog
// JSON; the use case then has the core validate the whole result before it is saved,
// so an edit that breaks the catalog is refused with the core's errors and nothing
// changes. The platform fee is the operator's, never part of a merchant's catalog.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/api_error.hpp"

namespace slotpay::server {

enum class CatalogPart { kService, kStaff, kCoupon, kOverride };
// "services" | "staff" | "coupons" | "overrides" (the URL's collection name).
std::optional<CatalogPart> catalog_part_from(std::string_view collection);

enum class EditOp { kAdd, kPatch, kRemove };

struct CatalogEdit {
  CatalogPart part = CatalogPart::kService;
  EditOp op = EditOp::kAdd;
  std::string key;      // id / coupon code / date of the item (patch, remove)
  nlohmann::json body;  // the new item (add) or a JSON merge patch (RFC 7396) of it (patch)
};

struct EditResult {
  nlohmann::json catalog;         // the catalog after the edit (not yet validated)
  nlohmann::json item;            // the item after the edit (null after a removal)
  std::optional<ApiError> error;  // not_found (404), already_exists (409), invalid_field (400)
};

// Services and staff are keyed by "id", coupons by "code" (case-insensitively), schedule
// overrides by date: {"date":"2026-12-24","hours":[["09:00","12:00"]]} ([] = closed).
// Removing a service also removes it from every staff member's "services".
EditResult apply_catalog_edit(const nlohmann::json& catalog, const CatalogEdit& edit);

// RFC 7396: objects merge recursively, null removes a member, anything else replaces.
void json_merge_patch(nlohmann::json& target, const nlohmann::json& patch);

// A catalog a merchant saves must not carry merchant.platform_fee (field_not_allowed).
std::optional<ApiError> merchant_catalog_problem(const nlohmann::json& catalog);

struct FeeSetting {
  int64_t rate_bps = 0;
  int64_t fixed = 0;
  bool operator==(const FeeSetting&) const = default;
};
// The operator's path (admin PUT, --seed-merchant): a platform_fee in the catalog is
// taken out of it and returned (the operator's setting for that merchant); nullopt when
// there was none. Non-integer values are left for the core to refuse.
std::optional<FeeSetting> take_platform_fee(nlohmann::json& catalog);

// The catalog a new merchant starts with: its id, name, zone and currency, open
// Monday to Friday 09:00-17:00, no services yet.
nlohmann::json starter_catalog(const std::string& merchant_id, const std::string& name,
                               const std::string& timezone, const std::string& currency);

}  // namespace slotpay::server
