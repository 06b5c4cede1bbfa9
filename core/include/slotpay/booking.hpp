// What a customer asks for: a service, a start, add-ons, a coupon, a tip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slotpay/error.hpp"
namespace slotpay {

struct Customer {
  std::string name;
  std::string email;
  std::optional<std::string> phone;  // E.164
};

struct BookingRequest {
  std::string service;
  std::string staff = "any";         // a staff id or "any"
  std::optional<std::string> start;  // RFC 3339 with offset
  int64_t quantity = 1;              // seats (group bookings)
  std::vector<std::string> addons;   // add-on ids, each at most once
  std::optional<std::string> coupon;
  int64_t tip = 0;                   // in the merchant currency's amount unit
  std::optional<Customer> customer;  // required by validate only
};

// Largest quantity any request may ask for; capacity limits are checked later.
inline constexpr int64_t kMaxQuantity = 10000;

}  // namespace slotpay
