// A startup check (issue #10): the merchants' stored Stripe secrets must open with the
// master key given.
#pragma once

#include <optional>
#include <string>

#include "app/secret_box.hpp"
#include "store/account_store.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// Without a master key stored live secrets are fatal (test ones only warn: their merchants
// cannot take payments until the key is given); a key that does not open them is fatal too
// (the wrong key was given). Returns the fatal reason, nullopt to go on.
std::optional<std::string> check_sealed_secrets(BookingStore& store, const SecretBox* box);

}  // namespace slotpay::server
