#include "slotpay/money.hpp"

#include <algorithm>
#include <numeric>

#include "checked.hpp"

namespace slotpay {
namespace {

using detail::checked_add;
using detail::checked_mul;
using detail::checked_sub;

Error overflow(std::string_view field) {
  return make_error(ErrorCode::kAmountOverflow, std::string(field),
                    "amount is too large to compute exactly");
}

Error mismatch(const Money& a, const Money& b, std::string_view field) {
  return make_error(
      ErrorCode::kCurrencyMismatch, std::string(field),
      "cannot combine " + std::string(a.currency.code) + " with " + std::string(b.currency.code));
}

// num / den rounded to a multiple of `unit` (den > 0, unit > 0), without overflow:
// the quotient in units is computed with integer division and the remainder is
// compared against half the divisor.
std::optional<int64_t> divide_round(int64_t num, int64_t den, int64_t unit, Rounding mode) {
  auto divisor = checked_mul(den, unit);
  if (!divisor) return std::nullopt;
  const int64_t d = *divisor;
  int64_t q = num / d;
  int64_t r = num % d;  // same sign as num
  if (r != 0) {
    const bool negative = num < 0;
    int64_t ar = r < 0 ? -r : r;
    bool away = false;
    switch (mode) {
      case Rounding::kDown:
        away = false;
        break;
      case Rounding::kUp:
        away = true;
        break;
      case Rounding::kHalfAwayFromZero:
        away = ar >= d - ar;
        break;  // ar >= d/2 exactly
    }
    if (away) q += negative ? -1 : 1;
  }
  return checked_mul(q, unit);
}

}  // namespace

bool is_chargeable(int64_t amount, const Currency& c) { return amount % c.amount_multiple_of == 0; }

Result<Money> add(const Money& a, const Money& b, std::string_view field) {
  if (!(a.currency == b.currency)) return mismatch(a, b, field);
  auto r = checked_add(a.minor, b.minor);
  if (!r) return overflow(field);
  return Money{*r, a.currency};
}

Result<Money> subtract(const Money& a, const Money& b, std::string_view field) {
  if (!(a.currency == b.currency)) return mismatch(a, b, field);
  auto r = checked_sub(a.minor, b.minor);
  if (!r) return overflow(field);
  return Money{*r, a.currency};
}

Result<Money> multiply(const Money& a, int64_t quantity, std::string_view field) {
  auto r = checked_mul(a.minor, quantity);
  if (!r) return overflow(field);
  return Money{*r, a.currency};
}

Result<Money> apply_ratio(const Money& a, int64_t num, int64_t den, Rounding mode,
                          std::string_view field) {
  if (den <= 0) return make_error(ErrorCode::kInvalidField, std::string(field), "bad ratio");
  auto product = checked_mul(a.minor, num);
  if (!product) return overflow(field);
  auto r = divide_round(*product, den, a.currency.amount_multiple_of, mode);
  if (!r) return overflow(field);
  return Money{*r, a.currency};
}

Result<Money> apply_bps(const Money& a, int64_t rate_bps, Rounding mode, std::string_view field) {
  return apply_ratio(a, rate_bps, 10000, mode, field);
}

Result<Money> round_to_unit(const Money& a, Rounding mode, std::string_view field) {
  return apply_ratio(a, 1, 1, mode, field);
}

Result<std::vector<Money>> allocate(const Money& total, const std::vector<int64_t>& weights) {
  const int64_t unit = total.currency.amount_multiple_of;
  if (weights.empty())
    return make_error(ErrorCode::kInvalidField, "weights", "at least one weight is needed");
  if (!is_chargeable(total.minor, total.currency))
    return make_error(ErrorCode::kInvalidAmount, "total", "total is not a chargeable amount");
  int64_t sum = 0;
  for (int64_t w : weights) {
    if (w < 0) return make_error(ErrorCode::kInvalidField, "weights", "weights must be >= 0");
    auto s = checked_add(sum, w);
    if (!s) return overflow("weights");
    sum = *s;
  }
  if (sum == 0) return make_error(ErrorCode::kInvalidField, "weights", "weights sum to zero");

  const int64_t units = total.minor / unit;  // may be negative
  std::vector<Money> parts;
  std::vector<std::pair<int64_t, size_t>> remainders;  // (remainder, index)
  int64_t handed_out = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    auto p = checked_mul(units, weights[i]);
    if (!p) return overflow("total");
    int64_t share = *p / sum;  // toward zero
    handed_out += share;
    remainders.emplace_back((*p % sum) * (units < 0 ? -1 : 1), i);
    parts.push_back(Money{share * unit, total.currency});
  }
  int64_t left = units - handed_out;  // |left| < weights.size()
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  const int64_t step = left < 0 ? -unit : unit;
  for (size_t k = 0; left != 0; ++k, left -= (step > 0 ? 1 : -1)) {
    parts[remainders[k % remainders.size()].second].minor += step;
  }
  return parts;
}

}  // namespace slotpay
