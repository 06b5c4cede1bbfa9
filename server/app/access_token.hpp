// Whether a customer's access token opens a booking (status, cancel). Issue #9: tokens
// expire 30 days after the booking ends (a leaked link stops working); the token is
// compared by its SHA-256 in constant time.
#pragma once

#include <cstdint>
#include <string>

#include "store/booking_store.hpp"

namespace slotpay::server {

inline constexpr int64_t kTokenLifetimeAfterEndMs = int64_t{30} * 24 * 3600 * 1000;

bool token_grants(const BookingRecord& b, const std::string& token, int64_t now_ms);

}  // namespace slotpay::server
