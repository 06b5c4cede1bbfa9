#include "app/hook_events.hpp"

#include <algorithm>

#include "app/app_context.hpp"
#include "app/booking_view.hpp"
#include "app/crypto.hpp"
#include "app/json_text.hpp"
#include "app/log.hpp"

namespace slotpay::server {

std::vector<std::string> hook_events_for_change(const BookingRecord* before,
                                                const BookingRecord& after) {
  std::vector<std::string> out;
  auto entered = [&](BookingStatus s) {
    return after.status == s && (before == nullptr || before->status != s);
  };
  if (before == nullptr) out.emplace_back("booking.created");
  if (entered(BookingStatus::kConfirmed)) out.emplace_back("booking.confirmed");
  if (before != nullptr && after.reschedule_count > before->reschedule_count)
    out.emplace_back("booking.rescheduled");
  if (entered(BookingStatus::kCancelled)) out.emplace_back("booking.cancelled");
  if (entered(BookingStatus::kCompleted)) out.emplace_back("booking.completed");
  if (after.refunded_amount > (before ? before->refunded_amount : 0))
    out.emplace_back("booking.refunded");
  if (after.disputed && (before == nullptr || !before->disputed))
    out.emplace_back("booking.disputed");
  return out;
}

bool endpoint_wants(const HookEndpoint& e, const std::string& type) {
  return std::find(e.events.begin(), e.events.end(), type) != e.events.end();
}

std::string hook_event_payload(const std::string& event_id, const std::string& type,
                               int64_t created_ms, const BookingRecord& b,
                               const CatalogEntry* catalog) {
  std::string booking;
  {
    JsonObjectText v(booking);
    v.string("id", b.id).string("merchant_id", b.merchant_id).string("status", to_string(b.status));
    v.string("mode", b.mode);
    v.raw("booking", booked_slot(b, catalog));
    {
      JsonObjectText customer = v.object("customer");
      customer.string("name", b.customer.name).string("email", b.customer.email);
      if (b.customer.phone) customer.string("phone", *b.customer.phone);
      customer.close();
    }
    v.string("currency", b.currency()).integer("total", b.quote.total);
    v.string("payment_mode", b.payment_mode).integer("amount", b.amount);
    v.integer("paid_amount", b.paid_amount).integer("refunded_amount", b.refunded_amount);
    v.boolean("disputed", b.disputed).integer("created", b.created_at_ms / 1000);
    v.close();
  }
  std::string out;
  JsonObjectText e(out);
  e.string("id", event_id).string("type", type).integer("created", created_ms / 1000);
  e.boolean("livemode", b.mode == "live");
  {
    JsonObjectText data = e.object("data");
    data.raw("booking", booking);
    data.close();
  }
  e.close();
  return out;
}

void queue_hook_events(AppContext& ctx, BookingTx& tx, const BookingRecord* before,
                       const BookingRecord& after, int64_t now_ms) {
  auto types = hook_events_for_change(before, after);
  if (types.empty()) return;
  auto endpoints = tx.webhook_endpoints(after.merchant_id);
  endpoints.erase(std::remove_if(endpoints.begin(), endpoints.end(),
                                 [](const HookEndpoint& e) { return !e.enabled; }),
                  endpoints.end());
  if (endpoints.empty()) return;  // no endpoint: no event kept either
  auto cat = ctx.catalogs.get(tx, after.merchant_id, after.catalog_version);
  try {
    for (const auto& type : types) {
      HookEvent ev;
      ev.id = "evt_" + random_hex(12);
      ev.merchant_id = after.merchant_id;
      ev.type = type;
      ev.booking_id = after.id;
      ev.created_at_ms = now_ms;
      ev.payload = hook_event_payload(ev.id, type, now_ms, after, cat.get());
      bool written = false;
      for (const auto& e : endpoints) {
        if (!endpoint_wants(e, type)) continue;
        if (!written) tx.insert_webhook_event(ev);
        written = true;
        HookDelivery d;
        d.id = "whd_" + random_hex(12);
        d.event_id = ev.id;
        d.endpoint_id = e.id;
        d.merchant_id = e.merchant_id;
        d.next_at_ms = now_ms;
        d.created_at_ms = now_ms;
        tx.insert_webhook_delivery(d);
      }
    }
  } catch (const StoreError&) {
    throw;                             // the store failed: the whole change rolls back
  } catch (const std::exception& e) {  // the random generator failed
    log_error("webhook event not built", {{"booking", after.id}, {"error", e.what()}});
  }
}

}  // namespace slotpay::server
