// The merchant's bookings list and one booking's details (merchant_bookings.hpp).
#include "app/merchant_bookings.hpp"

#include "app/booking_history.hpp"
#include "app/booking_view.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

constexpr int64_t kListed = 500;       // rows in one answer
constexpr int64_t kSearchScan = 5000;  // newest bookings a search looks through

// The list's row: the operator's, with what the merchant also sees.
ojson merchant_row(const BookingRecord& b, const CatalogEntry* cat) {
  ojson row = admin_booking_row(b, cat);
  row["mode"] = b.mode;
  // The version the booking was priced with, and its total then: a later catalog edit
  // changes neither.
  row["catalog_version"] = b.catalog_version;
  row["total"] = b.quote.total;
  row["customer"] = customer_view(b);
  return row;
}

}  // namespace

void merchant_bookings_use_case(AppContext& ctx, const Principal& who, const std::string& asked,
                                const std::string& q, Reply reply) {
  std::string needle;
  if (auto bad = search_needle(q, needle)) return reply(AppResult::fail(*bad));
  ctx.store.read([&ctx, who, asked, needle, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(who.merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      auto mode = mode_for(who, asked, m->mode);
      if (!mode)
        return reply(AppResult::fail(
            mode_refusal_code(asked) == std::string_view("forbidden")
                ? ApiError{"forbidden", "mode", "this API key sees only its own mode", nullptr}
                : ApiError{"invalid_field", "mode", "mode is \"test\" or \"live\"", nullptr}));
      ojson list = ojson::array();
      const int64_t scan = needle.empty() ? kListed : kSearchScan;
      for (const auto& b : r.bookings_of_mode(who.merchant_id, *mode, scan)) {
        if (!customer_matches(b, needle)) continue;
        auto cat = ctx.catalogs.get(r, who.merchant_id, b.catalog_version);
        list.push_back(merchant_row(b, cat.get()));
        if (static_cast<int64_t>(list.size()) == kListed) break;
      }
      reply(AppResult::ok(ojson{{"mode", *mode}, {"bookings", std::move(list)}}));
    });
  });
}

void merchant_booking_detail_use_case(AppContext& ctx, const Principal& who,
                                      const std::string& booking_id, Reply reply) {
  ctx.store.read([&ctx, who, booking_id, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto b = r.booking(booking_id);
      // An API key acts within its own mode; a signed-in person on all the merchant's.
      if (!b || b->merchant_id != who.merchant_id || (who.api_key && b->mode != who.key_mode))
        return reply(AppResult::fail(
            {"booking_not_found", "", "no such booking for this merchant", nullptr}));
      BookingRecords records;
      records.booking = *b;
      records.refunds = r.refunds_of_booking(b->id);
      for (auto& d : r.disputes_of_merchant(who.merchant_id))
        if (d.booking_id == b->id) records.disputes.push_back(std::move(d));
      if (auto newest = r.newest_pay_link(b->id)) records.pay_links.push_back(*newest);
      if (auto paying = r.pay_link_by_payment_intent(b->payment_intent_id))
        records.pay_links.push_back(*paying);
      auto cat = ctx.catalogs.get(r, who.merchant_id, b->catalog_version);
      ojson body;
      body["booking"] = merchant_row(*b, cat.get());
      body["customer"] = customer_view(*b);
      body["history"] = payment_history(records, cat ? &cat->loaded.zone : nullptr);
      reply(AppResult::ok(std::move(body)));
    });
  });
}

}  // namespace slotpay::server
