#include "json/json_out.hpp"

namespace slotpay::detail {

using ojson = JsonValue;

ojson to_json(const Error& e) {
  ojson o;
  o["code"] = std::string(wire_name(e.code));
  o["field"] = e.field;
  o["message"] = e.message;
  return o;
}

ojson to_json(const Currency& c) {
  ojson o;
  o["currency"] = std::string(c.code);
  o["exponent"] = c.exponent;
  o["amount_multiple_of"] = c.amount_multiple_of;
  o["min_charge"] = c.min_charge;
  o["min_charge_documented"] = c.min_charge_documented;
  o["max_amount"] = c.max_amount;
  return o;
}

ojson to_json(const Quote& q) {
  ojson o;
  o["currency"] = std::string(q.currency.code);
  ojson lines = ojson::array();
  for (const auto& l : q.lines) {
    ojson line;
    line["kind"] = l.kind;
    if (l.kind == "discount")
      line["code"] = l.id;
    else if (!l.id.empty())
      line["id"] = l.id;
    if (l.kind == "tax") {
      line["rate_bps"] = l.rate_bps;
      if (l.inclusive) line["inclusive"] = true;
    }
    line["amount"] = l.amount;
    lines.push_back(std::move(line));
  }
  o["lines"] = std::move(lines);
  o["subtotal"] = q.subtotal;
  o["discount"] = q.discount;
  o["tax"] = q.tax;
  o["tip"] = q.tip;
  o["total"] = q.total;
  o["payment"] = std::string(to_string(q.payment));
  o["due_now"] = q.due_now;
  o["due_later"] = q.due_later;
  if (q.application_fee > 0) o["application_fee"] = q.application_fee;
  if (q.charge_later) o["charge_later"] = true;
  if (q.min_charge) {
    ojson m;
    m["amount"] = q.min_charge->amount;
    m["ok"] = q.min_charge->ok;
    m["adjusted"] = q.min_charge->adjusted;
    o["min_charge"] = std::move(m);
  }
  return o;
}

ojson to_json(const Occupancy& b, const TimeZone& zone) {
  ojson o;
  o["service"] = b.service;
  o["staff"] = b.staff;
  o["start"] = zone.format(b.start);
  o["end"] = zone.format(b.end);
  o["quantity"] = b.quantity;
  return o;
}

ojson to_json(const CancelOutcome& outcome, const Currency& c) {
  ojson out;
  out["refund"] = outcome.refund;
  out["fee"] = outcome.fee;
  out["refund_application_fee"] = outcome.refund_application_fee;
  out["currency"] = std::string(c.code);
  out["window"] = std::string(to_string(outcome.window));
  return out;
}

std::string availability_text(std::string_view timezone, const TimeZone& zone,
                              const std::vector<Slot>& slots) {
  // No escaping is needed: the zone name is one of the table's (checked at catalog
  // parse), staff ids are identifiers ([A-Za-z0-9_.-]) and times are RFC 3339.
  std::string out;
  out.reserve(64 + slots.size() * 96);
  out += "{\"timezone\":\"";
  out += timezone;
  out += "\",\"slots\":[";
  for (size_t i = 0; i < slots.size(); ++i) {
    const Slot& s = slots[i];
    if (i > 0) out += ',';
    out += "{\"start\":\"";
    out += zone.format(s.start);
    out += "\",\"end\":\"";
    out += zone.format(s.end);
    out += "\",\"remaining\":";
    out += std::to_string(s.remaining);
    out += ",\"staff\":[";
    for (size_t k = 0; k < s.staff.size(); ++k) {
      if (k > 0) out += ',';
      out += '"';
      out += s.staff[k];
      out += '"';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace slotpay::detail
