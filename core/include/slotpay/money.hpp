// Money: an integer amount in the unit Stripe expects, plus its currency.
// All arithmetic is overflow-checked (an overflow is an error, never a wrap) and
// a currency mismatch is an error, never a coercion. No floating point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "slotpay/currency.hpp"
#include "slotpay/error.hpp"

namespace slotpay {

// How a fractional result is brought to a whole chargeable unit.
enum class Rounding {
  kHalfAwayFromZero,  // 0.5 -> 1, -0.5 -> -1: the contract's rounding for every line
  kDown,              // toward zero
  kUp,                // away from zero
};

struct Money {
  int64_t minor = 0;  // in Stripe's `amount` unit for `currency`
  Currency currency;

  bool operator==(const Money&) const = default;
};

// a + b; kCurrencyMismatch or kAmountOverflow on failure. `field` names the
// input the result is reported against.
Result<Money> add(const Money& a, const Money& b, std::string_view field = "");
Result<Money> subtract(const Money& a, const Money& b, std::string_view field = "");
// a * quantity (quantity >= 0).
Result<Money> multiply(const Money& a, int64_t quantity, std::string_view field = "");
// a * rate_bps / 10000, rounded with `mode` to a multiple of the currency's
// chargeable unit (so a KWD result ends in 0 and an ISK result in 00).
Result<Money> apply_bps(const Money& a, int64_t rate_bps, Rounding mode,
                        std::string_view field = "");
// Rounds an arbitrary integer amount to the currency's chargeable unit.
Result<Money> round_to_unit(const Money& a, Rounding mode, std::string_view field = "");
// num/den of `a`, rounded; used for inclusive tax (a * bps / (10000 + bps)).
Result<Money> apply_ratio(const Money& a, int64_t num, int64_t den, Rounding mode,
                          std::string_view field = "");

// True when `amount` is a whole number of the currency's chargeable units.
bool is_chargeable(int64_t amount, const Currency& c);

// Splits `total` by `weights` so that the parts add up to exactly `total`: each part
// is rounded down to the chargeable unit, then the remaining units go one at a time
// to the parts with the largest remainders (ties: earlier part). Weights must be
// non-negative with a positive sum; `total` must be chargeable.
Result<std::vector<Money>> allocate(const Money& total, const std::vector<int64_t>& weights);

}  // namespace slotpay
