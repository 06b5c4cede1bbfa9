// Errors as values. No exception crosses the core's API (the WASM build runs
// with exceptions off), so every fallible function returns Result<T>.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace slotpay {

// Append-only: wire names are a public contract and are never renamed.
enum class ErrorCode {
  kInvalidJson,
  kInvalidField,
  kMissingField,
  kUnknownField,
  kUnknownCurrency,
  kUnknownTimezone,
  kUnknownService,
  kUnknownStaff,
  kUnknownAddon,
  kUnknownCoupon,
  kUnknownOperation,
  kAmountOverflow,
  kAmountTooLarge,
  kInvalidAmount,
  kCurrencyMismatch,
  kBelowMinimumCharge,
  kSlotUnavailable,
  kOutsideBookingWindow,
  kTooSoon,
  kCapacityExceeded,
  kInvalidEmail,
  kInvalidPhone,
  kInputTooLarge,
  kInvalidTime,
  kInvalidDate,
  kInvalidRange,
  kOffGrid,
  kServiceNotBookable,
  kAlreadyStarted,
  kInternalError,
  kQuantityOverLimit,       // more than the service's max_per_booking
  kCouponNotYetValid,       // before the coupon's valid_from
  kCouponExpired,           // after the coupon's valid_until
  kFullDiscountNotAllowed,  // a coupon would make an online payment 0 without the setting
};

// The stable snake_case name used on the wire ("unknown_currency").
std::string_view wire_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string field;    // path into the input, e.g. "booking.customer.email"
  std::string message;  // for humans; may change between versions

  bool operator==(const Error&) const = default;
};

using Errors = std::vector<Error>;

// Holds a T or an Error. Cheap to move; check ok() before value().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(ErrorCode code, std::string field, std::string message) {
  return Error{code, std::move(field), std::move(message)};
}

}  // namespace slotpay
