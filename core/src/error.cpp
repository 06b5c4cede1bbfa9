#include "slotpay/error.hpp"

namespace slotpay {

std::string_view wire_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson:
      return "invalid_json";
    case ErrorCode::kInvalidField:
      return "invalid_field";
    case ErrorCode::kMissingField:
      return "missing_field";
    case ErrorCode::kUnknownField:
      return "unknown_field";
    case ErrorCode::kUnknownCurrency:
      return "unknown_currency";
    case ErrorCode::kUnknownTimezone:
      return "unknown_timezone";
    case ErrorCode::kUnknownService:
      return "unknown_service";
    case ErrorCode::kUnknownStaff:
      return "unknown_staff";
    case ErrorCode::kUnknownAddon:
      return "unknown_addon";
    case ErrorCode::kUnknownCoupon:
      return "unknown_coupon";
    case ErrorCode::kUnknownOperation:
      return "unknown_operation";
    case ErrorCode::kAmountOverflow:
      return "amount_overflow";
    case ErrorCode::kAmountTooLarge:
      return "amount_too_large";
    case ErrorCode::kInvalidAmount:
      return "invalid_amount";
    case ErrorCode::kCurrencyMismatch:
      return "currency_mismatch";
    case ErrorCode::kBelowMinimumCharge:
      return "below_minimum_charge";
    case ErrorCode::kSlotUnavailable:
      return "slot_unavailable";
    case ErrorCode::kOutsideBookingWindow:
      return "outside_booking_window";
    case ErrorCode::kTooSoon:
      return "too_soon";
    case ErrorCode::kCapacityExceeded:
      return "capacity_exceeded";
    case ErrorCode::kInvalidEmail:
      return "invalid_email";
    case ErrorCode::kInvalidPhone:
      return "invalid_phone";
    case ErrorCode::kInputTooLarge:
      return "input_too_large";
    case ErrorCode::kInvalidTime:
      return "invalid_time";
    case ErrorCode::kInvalidDate:
      return "invalid_date";
    case ErrorCode::kInvalidRange:
      return "invalid_range";
    case ErrorCode::kOffGrid:
      return "off_grid";
    case ErrorCode::kServiceNotBookable:
      return "service_not_bookable";
    case ErrorCode::kAlreadyStarted:
      return "already_started";
    case ErrorCode::kInternalError:
      return "internal_error";
    case ErrorCode::kQuantityOverLimit:
      return "quantity_over_limit";
    case ErrorCode::kCouponNotYetValid:
      return "coupon_not_yet_valid";
    case ErrorCode::kCouponExpired:
      return "coupon_expired";
    case ErrorCode::kFullDiscountNotAllowed:
      return "full_discount_not_allowed";
  }
  return "internal_error";
}

}  // namespace slotpay
