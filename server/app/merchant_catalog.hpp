// A merchant editing its own catalog and widget origins (issue #10 item 4). Every edit is
// a read-modify-write in one write transaction (the merchant's row held: no concurrent
// edit is lost): the catalog as saved, the edit applied (catalog_edit.hpp), the result
// validated by the core; only a catalog the core accepts is saved, as a new version
// (bookings keep the version they were priced with). A catalog carrying
// merchant.platform_fee is refused (the fee is the operator's).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "app/catalog_edit.hpp"
#include "app/principal.hpp"

namespace slotpay::server {

// 200 {catalog_version, catalog}.
void get_merchant_catalog_use_case(AppContext& ctx, const Principal& who, Reply reply);
// Replaces the whole catalog. merchant.id may be left out (it is the merchant's); another
// id is refused. 200 {catalog_version, catalog}. Errors: 422 invalid_catalog with the
// core's errors (`errors`, field by field), 422 field_not_allowed (platform_fee).
void put_merchant_catalog_use_case(AppContext& ctx, const Principal& who,
                                   const nlohmann::json& catalog, Reply reply);
// One item added, patched or removed. 200/201 {catalog_version, item}. Errors as above,
// and not_found (404), already_exists (409), invalid_field (400) from the edit itself.
void edit_merchant_catalog_use_case(AppContext& ctx, const Principal& who, const CatalogEdit& edit,
                                    Reply reply);

// 200 {allowed_origins}.
void get_origins_use_case(AppContext& ctx, const Principal& who, Reply reply);
// Each origin normalised (origins.hpp), duplicates dropped, at most kMaxAllowedOrigins.
// Errors: invalid_field (allowed_origins[i], or allowed_origins when too many).
void put_origins_use_case(AppContext& ctx, const Principal& who,
                          const std::vector<std::string>& origins, Reply reply);

// The origins as they will be stored, or the error naming the first bad one. Pure.
std::variant<std::vector<std::string>, ApiError> normalize_origins(
    const std::vector<std::string>& given);

}  // namespace slotpay::server
