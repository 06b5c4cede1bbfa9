#include "app/reminders.hpp"

#include "app/app_context.hpp"
#include "app/booking_emails.hpp"

namespace slotpay::server {

int64_t reminder_due_at_ms(slotpay::Instant start, int64_t created_at_ms, int reminder_hours) {
  if (reminder_hours <= 0) return 0;
  const int64_t due_ms = (start.seconds - int64_t{reminder_hours} * 3600) * 1000;
  return due_ms > created_at_ms ? due_ms : 0;
}

bool reminder_still_wanted(const BookingRecord& b, int64_t now_ms) {
  return b.status == BookingStatus::kConfirmed && b.slot.start.seconds * 1000 > now_ms;
}

int queue_due_reminders(AppContext& ctx, BookingTx& tx, int64_t now_ms, int limit) {
  auto due = tx.take_due_reminders(now_ms, limit);
  for (const auto& b : due) {
    if (!reminder_still_wanted(b, now_ms)) continue;
    if (queue_reminder_email(ctx, tx, b, now_ms))
      ctx.metrics.count("slotpay_reminders_queued_total", "");
  }
  return static_cast<int>(due.size());
}

}  // namespace slotpay::server
