#include "store/booking_store.hpp"

#include <future>

namespace slotpay::server {

const char* to_string(BookingStatus s) {
  switch (s) {
    case BookingStatus::kHeld:
      return "held";
    case BookingStatus::kAwaitingPayment:
      return "awaiting_payment";
    case BookingStatus::kConfirmed:
      return "confirmed";
    case BookingStatus::kExpired:
      return "expired";
    case BookingStatus::kPaymentFailed:
      return "payment_failed";
    case BookingStatus::kCancelled:
      return "cancelled";
    case BookingStatus::kCompleted:
      return "completed";
    case BookingStatus::kNoShow:
      return "no_show";
    case BookingStatus::kPendingConfirmation:
      return "pending_confirmation";
  }
  return "unknown";
}

std::optional<BookingStatus> booking_status_from(const std::string& s) {
  for (auto st : kAllBookingStatuses)
    if (s == to_string(st)) return st;
  return std::nullopt;
}

const char* to_string(OutboxStatus s) {
  switch (s) {
    case OutboxStatus::kQueued:
      return "queued";
    case OutboxStatus::kSent:
      return "sent";
    case OutboxStatus::kFailed:
      return "failed";
    case OutboxStatus::kDropped:
      return "dropped";
  }
  return "unknown";
}

std::optional<OutboxStatus> outbox_status_from(const std::string& s) {
  for (auto st :
       {OutboxStatus::kQueued, OutboxStatus::kSent, OutboxStatus::kFailed, OutboxStatus::kDropped})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

void read_now(BookingStore& store, const std::function<void(StoreReader&)>& job) {
  std::promise<void> done;
  store.read([&](StoreReader& r) {
    try {
      job(r);
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  done.get_future().get();
}

WriteResult write_now(BookingStore& store, const std::function<bool(BookingTx&)>& job) {
  std::promise<WriteResult> done;
  store.write(job, [&](const WriteResult& r) { done.set_value(r); });
  return done.get_future().get();
}

}  // namespace slotpay::server
