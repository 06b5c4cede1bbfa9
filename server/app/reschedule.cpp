#include "app/reschedule.hpp"

#include "app/booking_check.hpp"
#include "app/reminders.hpp"

namespace slotpay::server {

slotpay::Instant reschedule_deadline(const BookingRecord& b, int until_min) {
  return slotpay::Instant{b.slot.start.seconds - int64_t{until_min} * 60};
}

bool reschedule_open(const BookingRecord& b, int until_min, int64_t now_ms) {
  return b.status == BookingStatus::kConfirmed &&
         now_ms <= reschedule_deadline(b, until_min).seconds * 1000;
}

std::optional<ApiError> reschedule_refusal(const BookingRecord& b, int until_min,
                                           slotpay::Instant new_start, int64_t now_ms) {
  if (b.status != BookingStatus::kConfirmed)
    return ApiError{
        "not_reschedulable", "",
        std::string("only a confirmed booking can be moved; this one is ") + to_string(b.status),
        nullptr};
  if (!reschedule_open(b, until_min, now_ms))
    return ApiError{"reschedule_window_closed", "",
                    "this booking can no longer be moved: it is too close to its start", nullptr};
  if (new_start == b.slot.start)
    return ApiError{"reschedule_same_start", "start", "the booking already starts at this time",
                    nullptr};
  return std::nullopt;
}

BookingRecord rescheduled(const BookingRecord& b, const NewSlot& to, int64_t now_ms) {
  BookingRecord out = b;
  out.slot = to.slot;
  out.start_day = to.start_day;
  out.remind_at_ms = to.remind_at_ms;
  out.reschedule_count = b.reschedule_count + 1;
  out.updated_at_ms = now_ms;
  return out;
}

std::variant<BookingRecord, ApiError> move_booking(BookingTx& tx, const CatalogEntry& current,
                                                   const Merchant& m, const BookingRecord& b,
                                                   const MoveRequest& request, int64_t now_ms) {
  auto parsed = slotpay::parse_rfc3339(request.start);
  if (!parsed)
    return ApiError{"invalid_time", "start", "start must be RFC 3339 with an offset", nullptr};
  const slotpay::Catalog& catalog = current.loaded.catalog;
  if (auto refused =
          reschedule_refusal(b, catalog.merchant.reschedule_until_min, parsed->instant, now_ms))
    return *refused;
  slotpay::BookingRequest req;
  req.service = b.slot.service;
  req.staff = !request.staff.empty() ? request.staff : b.slot.staff.empty() ? "any" : b.slot.staff;
  req.start = request.start;
  req.quantity = b.slot.quantity;
  req.addons = b.addons;
  // No coupon: the price is the one sold (see the header); the slot is what is checked.
  req.tip = b.quote.tip;
  req.customer = b.customer;
  slotpay::Errors errors;
  auto valid = check_booking_in_tx(tx, current, m, req, now_ms, errors, b.id);
  if (!errors.empty()) return validation_error(errors);
  NewSlot to;
  to.slot = valid.booking;
  to.start_day = slotpay::format_local_date(current.loaded.zone.to_local(valid.booking.start).date);
  to.remind_at_ms =
      reminder_due_at_ms(valid.booking.start, now_ms, catalog.merchant.reminder_hours);
  BookingRecord after = rescheduled(b, to, now_ms);
  tx.update_booking(b, after);
  return after;
}

}  // namespace slotpay::server
