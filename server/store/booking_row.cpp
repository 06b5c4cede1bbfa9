#include "store/booking_row.hpp"

#include <nlohmann/json.hpp>

namespace slotpay::server::row {
namespace {

using json = nlohmann::json;

// 2: occupies its seats (confirmed, completed, no-show); 1: until its hold expires; 0: not
// at all.
int occupancy_class(const Value& status) {
  const auto* s = std::get_if<std::string>(&status);
  if (!s) return 0;
  if (*s == "confirmed" || *s == "completed" || *s == "no_show") return 2;
  if (*s == "held" || *s == "awaiting_payment" || *s == "pending_confirmation") return 1;
  return 0;
}

}  // namespace

const std::string& column_list() {
  static const std::string s = [] {
    std::string out;
    for (int i = 0; i < kBookingColumnCount; ++i)
      out += (i ? ", " : "") + std::string(kBookingColumns[i]);
    return out;
  }();
  return s;
}

int column_index(std::string_view name) {
  for (int i = 0; i < kBookingColumnCount; ++i)
    if (name == kBookingColumns[i]) return i;
  return -1;
}

slotpay::ChargeMode charge_mode_from(const std::string& s) {
  for (auto m :
       {ChargeMode::kStripe, ChargeMode::kExternal, ChargeMode::kFree, ChargeMode::kPayAtVenue})
    if (s == to_string(m)) return m;
  return ChargeMode::kStripe;
}

slotpay::Currency currency_from(const std::string& code) {
  auto currency = find_currency(code, "");
  return currency.ok() ? currency.value() : slotpay::Currency{};
}

std::string lines_to_json(const std::vector<QuoteLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    json j;
    j["kind"] = l.kind;
    if (l.kind == "discount")
      j["code"] = l.id;
    else if (!l.id.empty())
      j["id"] = l.id;
    if (l.kind == "tax") {
      j["rate_bps"] = l.rate_bps;
      if (l.inclusive) j["inclusive"] = true;
    }
    j["amount"] = l.amount;
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<QuoteLine> lines_from_json(const std::string& text) {
  std::vector<QuoteLine> out;
  json arr = json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& j : arr) {
    if (!j.is_object()) continue;
    QuoteLine l;
    l.kind = j.value("kind", "");
    l.id = j.value(l.kind == "discount" ? "code" : "id", "");
    l.amount = j.value("amount", int64_t{0});
    l.rate_bps = j.value("rate_bps", int64_t{0});
    l.inclusive = j.value("inclusive", false);
    out.push_back(std::move(l));
  }
  return out;
}

std::string strings_to_json(const std::vector<std::string>& v) { return json(v).dump(); }

std::vector<std::string> strings_from_json(const std::string& text) {
  std::vector<std::string> out;
  json arr = json::parse(text, nullptr, false);
  if (arr.is_array())
    for (const auto& s : arr)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::vector<Value> booking_values(const BookingRecord& b) {
  std::vector<Value> v;
  v.reserve(kBookingColumnCount);
  auto opt = [](std::optional<int64_t> x) { return x ? Value(*x) : Value(); };
  v.emplace_back(b.id);
  v.emplace_back(b.merchant_id);
  v.emplace_back(std::string(to_string(b.status)));
  v.emplace_back(b.catalog_version);
  v.emplace_back(b.slot.service);
  v.emplace_back(b.slot.staff);
  v.emplace_back(b.slot.start.seconds);
  v.emplace_back(b.slot.end.seconds);
  v.emplace_back(b.start_day);
  v.emplace_back(b.slot.quantity);
  v.emplace_back(strings_to_json(b.addons));
  v.emplace_back(b.coupon);
  v.emplace_back(b.customer.name);
  v.emplace_back(b.customer.email);
  v.push_back(b.customer.phone ? Value(*b.customer.phone) : Value());
  v.emplace_back(std::string(b.quote.currency.code));
  v.emplace_back(b.payment_mode);
  v.emplace_back(std::string(to_string(b.quote.payment)));
  v.emplace_back(b.quote.subtotal);
  v.emplace_back(b.quote.discount);
  v.emplace_back(b.quote.tax);
  v.emplace_back(b.quote.tip);
  v.emplace_back(b.quote.total);
  v.emplace_back(b.quote.due_now);
  v.emplace_back(b.quote.due_later);
  v.emplace_back(b.quote.application_fee);
  const auto& mc = b.quote.min_charge;
  v.push_back(opt(mc ? std::optional<int64_t>(mc->amount) : std::nullopt));
  v.push_back(opt(mc ? std::optional<int64_t>(mc->ok) : std::nullopt));
  v.push_back(opt(mc ? std::optional<int64_t>(mc->adjusted) : std::nullopt));
  v.emplace_back(lines_to_json(b.quote.lines));
  v.emplace_back(b.amount);
  v.emplace_back(b.hold_expires_at_ms);
  v.emplace_back(b.access_token_hash);
  v.emplace_back(b.stripe_account);
  v.emplace_back(b.idempotency_key);
  v.emplace_back(b.payment_intent_id);
  v.emplace_back(b.client_secret);
  v.emplace_back(int64_t{b.pi_cancel_pending});
  v.emplace_back(b.paid_amount);
  v.emplace_back(int64_t{b.refund_pending});
  v.emplace_back(b.refund_amount);
  v.emplace_back(int64_t{b.refund_application_fee});
  v.emplace_back(b.refund_reason);
  v.emplace_back(b.refund_id);
  v.emplace_back(b.refunded_amount);
  v.emplace_back(int64_t{b.disputed});
  v.emplace_back(b.created_at_ms);
  v.emplace_back(b.updated_at_ms);
  v.emplace_back(b.claimed_by);
  v.emplace_back(b.claimed_until_ms);
  v.emplace_back(b.client_key);
  v.emplace_back(b.mode);
  v.emplace_back(int64_t{b.merchant_keys});
  v.emplace_back(b.remind_at_ms);
  v.emplace_back(int64_t{b.quote.charge_later});
  v.emplace_back(b.stripe_customer);
  v.emplace_back(b.saved_payment_method);
  v.emplace_back(b.reschedule_count);
  v.emplace_back(b.customer_zone);
  v.emplace_back(b.customer_locale);
  v.emplace_back(int64_t{b.late_refund_pending});
  return v;
}

bool occupancy_changed(const std::vector<Value>& before, const std::vector<Value>& after) {
  static const int status = column_index("status");
  static const int expires = column_index("hold_expires_at");
  static const int what[] = {column_index("service"), column_index("staff"),
                             column_index("start_at"), column_index("end_at"),
                             column_index("quantity")};
  int cls = occupancy_class(before[status]);
  if (cls != occupancy_class(after[status])) return true;
  if (cls == 0) return false;
  for (int i : what)
    if (before[i] != after[i]) return true;
  return cls == 1 && before[expires] != after[expires];
}

}  // namespace slotpay::server::row
