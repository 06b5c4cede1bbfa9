#include "slotpay/currency.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace slotpay {
namespace {

constexpr Currency kCurrencies[] = {
#include "currency_table.inc"
};

}  // namespace

std::span<const Currency> all_currencies() { return kCurrencies; }

Result<Currency> find_currency(std::string_view code, std::string_view field) {
  auto table = all_currencies();
  auto it = std::lower_bound(table.begin(), table.end(), code,
                             [](const Currency& c, std::string_view k) { return c.code < k; });
  if (it == table.end() || it->code != code) {
    std::string message = "'";
    message.append(code.substr(0, 16));
    message.append("' is not a currency Stripe charges in (codes are lowercase ISO 4217)");
    return make_error(ErrorCode::kUnknownCurrency, std::string(field), std::move(message));
  }
  return *it;
}

}  // namespace slotpay
