#include "app/disputes.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;

// 0: waiting for the merchant's response; 1: evidence under review; 2: closed.
int status_rank(const std::string& status) {
  if (status == "won" || status == "lost" || status == "warning_closed") return 2;
  if (status == "under_review" || status == "warning_under_review") return 1;
  return 0;
}

std::string kind_of(const std::string& type) {
  static const std::string prefix = "charge.dispute.";
  if (type.rfind(prefix, 0) != 0) return "";
  const std::string kind = type.substr(prefix.size());
  if (kind == "created" || kind == "updated" || kind == "closed" || kind == "funds_withdrawn" ||
      kind == "funds_reinstated")
    return kind;
  return "";
}

std::string str(const json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : "";
}

}  // namespace

std::optional<DisputeEvent> dispute_event_from(const std::string& type, const json& object,
                                               int64_t event_created_s) {
  DisputeEvent e;
  e.kind = kind_of(type);
  if (e.kind.empty() || !object.is_object() || str(object, "object") != "dispute")
    return std::nullopt;
  e.dispute_id = str(object, "id");
  e.charge = str(object, "charge");
  e.currency = str(object, "currency");
  e.reason = str(object, "reason");
  e.status = str(object, "status");
  if (!object.contains("amount") || !object["amount"].is_number_integer()) return std::nullopt;
  e.amount = object["amount"].get<int64_t>();
  if (e.dispute_id.empty() || e.currency.empty() || e.status.empty() || e.amount < 0)
    return std::nullopt;
  if (object.contains("evidence_details") && object["evidence_details"].is_object()) {
    const json& ev = object["evidence_details"];
    if (ev.contains("due_by") && ev["due_by"].is_number_integer())
      e.evidence_due_by_s = ev["due_by"].get<int64_t>();
  }
  e.event_created_s = event_created_s;
  return e;
}

DisputeUpdate apply_dispute_event(const std::optional<DisputeRecord>& current,
                                  const std::string& booking_id, const DisputeEvent& e,
                                  int64_t now_ms) {
  DisputeRecord r;
  if (current) {
    r = *current;
  } else {
    r.id = e.dispute_id;
    r.booking_id = booking_id;
    r.created_at_ms = now_ms;
  }
  const DisputeRecord before = r;
  const bool newest = !current || e.event_created_s >= r.last_event_created_s;
  if (newest) {
    r.charge = e.charge.empty() ? r.charge : e.charge;
    r.amount = e.amount;
    r.currency = e.currency;
    r.reason = e.reason;
    if (e.evidence_due_by_s > 0 || !current) r.evidence_due_by_s = e.evidence_due_by_s;
    r.last_event_created_s = e.event_created_s;
  }
  // Forward only: a later rank always wins; the same rank takes the newest word (e.g.
  // warning_needs_response then needs_response), never a closed dispute's.
  const int now_rank = r.status.empty() ? -1 : status_rank(r.status);
  const int event_rank = status_rank(e.status);
  if (event_rank > now_rank || (event_rank == now_rank && newest && now_rank < 2))
    r.status = e.status;
  if (e.kind == "funds_withdrawn") r.funds_withdrawn = true;
  if (e.kind == "funds_reinstated") r.funds_reinstated = true;
  DisputeUpdate out;
  out.changed = !current || !(r == before);
  if (out.changed) r.updated_at_ms = now_ms;
  out.record = std::move(r);
  return out;
}

int64_t amount_at_stake(const DisputeRecord& d) {
  if (d.funds_reinstated || d.status == "won" || d.status == "warning_closed") return 0;
  return d.amount;
}

nlohmann::ordered_json dispute_view(const DisputeRecord& d) {
  nlohmann::ordered_json v;
  v["id"] = d.id;
  v["status"] = d.status;
  v["reason"] = d.reason;
  v["amount"] = d.amount;
  v["currency"] = d.currency;
  v["amount_at_stake"] = amount_at_stake(d);
  v["evidence_due_by"] = d.evidence_due_by_s > 0 ? nlohmann::ordered_json(d.evidence_due_by_s)
                                                 : nlohmann::ordered_json(nullptr);
  v["funds_withdrawn"] = d.funds_withdrawn;
  v["funds_reinstated"] = d.funds_reinstated;
  return v;
}

}  // namespace slotpay::server
