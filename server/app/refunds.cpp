#include "app/refunds.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;

// -1: unknown; 0: under way; 1: succeeded; 2: failed or canceled (final).
int status_rank(const std::string& status) {
  if (status == "pending" || status == "requires_action") return 0;
  if (status == "succeeded") return 1;
  if (status == "failed" || status == "canceled") return 2;
  return -1;
}

std::string str(const json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : "";
}

}  // namespace

bool is_refund_event_type(const std::string& type) {
  return type == "refund.created" || type == "refund.updated" || type == "refund.failed" ||
         type == "charge.refund.updated";
}

std::optional<RefundEvent> refund_event_from(const std::string& type, const json& object,
                                             int64_t event_created_s) {
  if (!is_refund_event_type(type) || !object.is_object() || str(object, "object") != "refund")
    return std::nullopt;
  RefundEvent e;
  e.refund_id = str(object, "id");
  e.currency = str(object, "currency");
  e.status = str(object, "status");
  e.payment_intent_id = str(object, "payment_intent");
  if (object.contains("metadata") && object["metadata"].is_object())
    e.origin = str(object["metadata"], "origin");
  if (!object.contains("amount") || !object["amount"].is_number_integer()) return std::nullopt;
  e.amount = object["amount"].get<int64_t>();
  if (e.refund_id.empty() || e.currency.empty() || status_rank(e.status) < 0 || e.amount < 0)
    return std::nullopt;
  e.event_created_s = event_created_s;
  return e;
}

RefundUpdate apply_refund_event(const std::optional<RefundRecord>& current,
                                const std::string& booking_id, const RefundEvent& e,
                                int64_t now_ms) {
  RefundRecord r;
  if (current) {
    r = *current;
  } else {
    r.id = e.refund_id;
    r.booking_id = booking_id;
    r.created_at_ms = now_ms;
  }
  const RefundRecord before = r;
  if (r.payment_intent_id.empty()) r.payment_intent_id = e.payment_intent_id;
  if (r.origin.empty()) r.origin = e.origin;
  const bool newest = !current || e.event_created_s >= r.last_event_created_s;
  if (newest) {
    r.amount = e.amount;
    r.currency = e.currency;
    r.last_event_created_s = e.event_created_s;
  }
  const int now_rank = r.status.empty() ? -1 : status_rank(r.status);
  const int event_rank = status_rank(e.status);
  if (event_rank > now_rank || (event_rank == now_rank && newest && now_rank < 2))
    r.status = e.status;
  RefundUpdate out;
  out.changed = !current || !(r == before);
  if (out.changed) r.updated_at_ms = now_ms;
  out.record = std::move(r);
  return out;
}

bool refund_gives_back(const RefundRecord& refund) {
  return status_rank(refund.status) == 0 || status_rank(refund.status) == 1;
}

int64_t refunded_total(const std::vector<RefundRecord>& refunds) {
  int64_t total = 0;
  for (const auto& r : refunds)
    if (refund_gives_back(r)) total += r.amount;
  return total;
}

RefundRecord record_refund_event(BookingTx& tx, const std::string& booking_id,
                                 const RefundEvent& event, int64_t now_ms) {
  auto update = apply_refund_event(tx.refund(event.refund_id), booking_id, event, now_ms);
  if (update.changed) tx.save_refund(update.record);
  return update.record;
}

nlohmann::ordered_json refund_view(const RefundRecord& r) {
  nlohmann::ordered_json v;
  v["id"] = r.id;
  v["status"] = r.status;
  v["amount"] = r.amount;
  v["currency"] = r.currency;
  return v;
}

}  // namespace slotpay::server
