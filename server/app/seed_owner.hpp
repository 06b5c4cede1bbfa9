// --seed-owner EMAIL (issue #10): the seeded merchant's way into the merchant API. At
// startup an owner user with that address is created for the merchant when there is
// none; an existing one is kept as it is (its password too). The password comes from
// SLOTPAY_SEED_OWNER_PASSWORD (never a flag: flags show in `ps`).
#pragma once

#include <functional>
#include <string>

#include "app/app_context.hpp"

namespace slotpay::server {

// `done("")` when the owner exists or was created; else why not (the address is another
// merchant's user, not an address, a weak password, the database failed). Hashes on the
// calling thread (startup only).
void seed_owner(AppContext& ctx, const std::string& merchant_id, const std::string& email,
                const std::string& password, std::function<void(std::string error)> done);

}  // namespace slotpay::server
