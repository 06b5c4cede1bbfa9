// Fields of a Stripe object (or any JSON object) read leniently: a missing key, a null or
// a value of another type reads as the default, since Stripe's objects grow fields and
// leave optional ones null, and an event must never throw on a shape it did not expect.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace slotpay::server {

inline std::string str_or(const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return "";
}

inline int64_t int_or(const nlohmann::json& j, const char* key, int64_t dflt) {
  if (j.is_object() && j.contains(key) && j[key].is_number_integer()) return j[key].get<int64_t>();
  return dflt;
}

}  // namespace slotpay::server
