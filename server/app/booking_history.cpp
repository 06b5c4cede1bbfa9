#include "app/booking_history.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "app/booking_charges.hpp"
#include "app/clock.hpp"
#include "app/disputes.hpp"
#include "app/refunds.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

constexpr size_t kMaxNeedle = 100;

// Same-instant entries: what was paid comes before what went back or was contested.
enum Rank { kPayment = 0, kPayLink = 1, kRefund = 2, kDispute = 3 };

struct Entry {
  int64_t at_ms = 0;
  int rank = 0;
  std::string id;
  ojson body;
};

class Times {
 public:
  explicit Times(const slotpay::TimeZone* zone) : zone_(zone) {}
  std::string at(int64_t ms) const {
    return zone_ ? zone_->format(slotpay::Instant{ms / 1000}) : rfc3339_utc(ms);
  }
  ojson optional(int64_t ms) const { return ms > 0 ? ojson(at(ms)) : ojson(nullptr); }

 private:
  const slotpay::TimeZone* zone_;
};

ojson head(const char* type, const Times& t, int64_t at_ms, int64_t amount,
           const std::string& currency) {
  ojson o;
  o["type"] = type;
  o["at"] = t.at(at_ms);
  o["amount"] = amount;
  o["currency"] = currency;
  return o;
}

// Who made the booking's own refund (the lifecycle's reason for it).
const char* refunded_by(const std::string& reason) {
  if (reason == "customer_cancel") return "customer_cancel";
  if (reason == "merchant_cancel" || reason == "no_show") return "merchant";
  if (reason == "slot_gone" || reason == "cancelled_before_payment") return "slotpay";
  return "unknown";
}

ojson text_or_null(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_folded(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

}  // namespace

ojson customer_view(const BookingRecord& b) {
  ojson c;
  c["name"] = b.customer.name;
  c["email"] = b.customer.email;
  c["phone"] = b.customer.phone ? ojson(*b.customer.phone) : ojson(nullptr);
  // What the widget knew of the customer (issue #12): the language their emails are
  // written in and their IANA zone; null when not sent (an older booking, a phone booking).
  c["language"] = text_or_null(b.customer_locale);
  c["time_zone"] = text_or_null(b.customer_zone);
  return c;
}

ojson payment_history(const BookingRecords& records, const slotpay::TimeZone* zone) {
  const BookingRecord& b = records.booking;
  const std::string currency(b.currency());
  const Times t(zone);
  std::vector<Entry> entries;

  // Pay links: each once, this booking's only.
  std::set<std::string> seen;
  int64_t paid_by_links = 0;
  for (const auto& link : records.pay_links) {
    if (link.booking_id != b.id || !seen.insert(link.id).second) continue;
    const bool paid = link.status == "paid";
    ojson l = head("pay_link", t, link.created_at_ms, link.amount, link.currency);
    l["id"] = link.id;
    l["status"] = link.status;
    l["used"] = paid;
    l["expires_at"] = t.optional(link.expires_at_ms);
    l["paid_at"] = paid ? t.optional(link.paid_at_ms) : ojson(nullptr);
    entries.push_back({link.created_at_ms, kPayLink, link.id, std::move(l)});
    if (!paid) continue;
    paid_by_links += link.amount;
    const int64_t when = link.paid_at_ms > 0 ? link.paid_at_ms : link.created_at_ms;
    ojson p = head("payment", t, when, link.amount, link.currency);
    p["payment_intent"] = link.payment_intent_id;
    p["for"] = "balance";  // "booking" below when the booking had no payment of its own
    p["pay_link"] = link.id;
    p["at_source"] = link.paid_at_ms > 0 ? "recorded" : "link_created";
    entries.push_back({when, kPayment, link.payment_intent_id, std::move(p)});
  }

  // The booking's own payment: what was paid online less what its links brought.
  const int64_t own = std::max<int64_t>(0, b.paid_amount - paid_by_links);
  if (own > 0) {
    ojson p = head("payment", t, b.created_at_ms, own, currency);
    p["payment_intent"] = b.payment_intent_id;
    p["for"] = b.quote.due_later > 0 ? "deposit" : "booking";
    p["pay_link"] = nullptr;
    p["at_source"] = "booking_created";
    entries.push_back({b.created_at_ms, kPayment, b.payment_intent_id, std::move(p)});
  } else {
    // No payment of its own (a phone booking): its first link payment paid for the booking.
    Entry* first = nullptr;
    for (auto& e : entries)
      if (e.rank == kPayment && (!first || e.at_ms < first->at_ms)) first = &e;
    if (first) first->body["for"] = "booking";
  }

  // Refunds as Stripe reported them; the booking's own (a cancellation) is known by id, or
  // by its origin (one refund per charge: booking_charges.hpp). Each names its charge.
  bool own_refund_recorded = false;
  int64_t own_parts = 0;  // of the booking's own refund, recorded so far
  for (const auto& r : records.refunds) {
    if (r.booking_id != b.id) continue;
    ojson o = head("refund", t, r.created_at_ms, r.amount, r.currency);
    o["id"] = r.id;
    o["status"] = r.status;
    o["payment_intent"] =
        text_or_null(r.payment_intent_id.empty() ? b.payment_intent_id : r.payment_intent_id);
    const bool own_refund =
        (!b.refund_id.empty() && r.id == b.refund_id) || r.origin == kBookingRefundOrigin;
    own_refund_recorded = own_refund_recorded || (!b.refund_id.empty() && r.id == b.refund_id);
    if (own_refund && refund_gives_back(r)) own_parts += r.amount;
    // A pay link paid after the cancel, given back by itself (stripe_sync_late.cpp), with
    // the platform's fee on a Connect charge.
    const bool late_refund = r.origin == kLateRefundOrigin;
    if (own_refund) {
      o["reason"] = text_or_null(b.refund_reason);
      o["application_fee_refunded"] = b.refund_application_fee;
      o["by"] = refunded_by(b.refund_reason);
    } else if (late_refund) {
      o["reason"] = "paid_after_cancel";
      o["application_fee_refunded"] = connect_direct_charge(b) ? ojson(true) : ojson(nullptr);
      o["by"] = "slotpay";
    } else {
      o["reason"] = nullptr;
      o["application_fee_refunded"] = nullptr;
      o["by"] = "merchant_or_stripe_dashboard";
    }
    entries.push_back({r.created_at_ms, kRefund, r.id, std::move(o)});
  }
  // The booking's own refund, decided (or accepted by Stripe) before any event about it.
  int64_t itemised = refunded_total(records.refunds);
  if ((b.refund_pending || !b.refund_id.empty()) && !own_refund_recorded &&
      b.refund_amount > own_parts) {
    ojson o = head("refund", t, b.updated_at_ms, b.refund_amount - own_parts, currency);
    o["id"] = text_or_null(b.refund_id);
    o["status"] = "pending";
    o["payment_intent"] = nullptr;
    o["reason"] = text_or_null(b.refund_reason);
    o["application_fee_refunded"] = b.refund_application_fee;
    o["by"] = refunded_by(b.refund_reason);
    entries.push_back({b.updated_at_ms, kRefund, b.refund_id, std::move(o)});
    itemised += b.refund_amount - own_parts;
  }
  // Refunded according to Stripe's charge.refunded total, with no refund record to show.
  if (b.refunded_amount > itemised) {
    ojson o = head("refund", t, b.updated_at_ms, b.refunded_amount - itemised, currency);
    o["id"] = nullptr;
    o["status"] = "succeeded";
    o["payment_intent"] = nullptr;
    o["reason"] = nullptr;
    o["application_fee_refunded"] = nullptr;
    o["by"] = "unknown";
    entries.push_back({b.updated_at_ms, kRefund, "", std::move(o)});
  }

  for (const auto& d : records.disputes) {
    if (d.booking_id != b.id) continue;
    ojson o = head("dispute", t, d.created_at_ms, d.amount, d.currency);
    o["id"] = d.id;
    o["reason"] = d.reason;
    o["status"] = d.status;
    o["evidence_due_by"] = t.optional(d.evidence_due_by_s * 1000);
    o["amount_at_stake"] = amount_at_stake(d);
    entries.push_back({d.created_at_ms, kDispute, d.id, std::move(o)});
  }

  std::stable_sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return std::tie(x.at_ms, x.rank, x.id) < std::tie(y.at_ms, y.rank, y.id);
  });
  ojson out = ojson::array();
  for (auto& e : entries) out.push_back(std::move(e.body));
  return out;
}

std::optional<ApiError> search_needle(std::string_view q, std::string& needle) {
  const auto first = q.find_first_not_of(" \t");
  const auto last = q.find_last_not_of(" \t");
  q = first == std::string_view::npos ? std::string_view() : q.substr(first, last - first + 1);
  if (q.size() > kMaxNeedle)
    return ApiError{"invalid_field", "q", "search for at most 100 characters", nullptr};
  needle.clear();
  for (char c : q) needle.push_back(lower(c));
  return std::nullopt;
}

bool customer_matches(const BookingRecord& b, std::string_view needle) {
  return contains_folded(b.customer.name, needle) || contains_folded(b.customer.email, needle);
}

}  // namespace slotpay::server
