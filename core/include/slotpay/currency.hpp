// Stripe's per-currency facts: how `amount` is expressed and what can be charged.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "slotpay/error.hpp"

namespace slotpay {

struct Currency {
  // Lowercase ISO 4217 code as Stripe expects it ("usd").
  std::string_view code;
  // Decimal places of `amount` as Stripe expects it: 0 (jpy), 2 (usd, and isk/ugx,
  // which are whole units sent as two-decimal values), 3 (kwd).
  int exponent = 2;
  // Every chargeable amount is a multiple of this: 10 for the three-decimal
  // currencies, 100 for isk/ugx, 1 otherwise.
  int64_t amount_multiple_of = 1;
  // Smallest amount Stripe accepts for a charge settled in this currency. For the
  // currencies Stripe documents no minimum for, this is the smallest chargeable
  // amount and min_charge_documented is false.
  int64_t min_charge = 1;
  bool min_charge_documented = false;
  // Largest amount of one charge (8 digits unless Stripe documents more).
  int64_t max_amount = 99999999;

  bool operator==(const Currency& o) const { return code == o.code; }
};

// Every currency of the table, sorted by code.
std::span<const Currency> all_currencies();

// Looks a currency up by its lowercase code. Uppercase or unknown codes are
// kUnknownCurrency, reported against `field`.
Result<Currency> find_currency(std::string_view code, std::string_view field);

}  // namespace slotpay
