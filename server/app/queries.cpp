// Read-only use cases: the public catalog, availability, a booking's status, the
// operator's list, gauges and merchant lookups. They run on the store's read threads.
#include <map>
#include <memory>

#include "app/access_token.hpp"
#include "app/booking_view.hpp"
#include "app/crypto.hpp"
#include "app/disputes.hpp"
#include "app/free_slots.hpp"
#include "app/json_text.hpp"
#include "app/refunds.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ApiError no_merchant() { return {"merchant_not_found", "merchant", "no such merchant", nullptr}; }

// Same answer for "no such booking" and "wrong token": ids cannot be probed.
ApiError no_booking() {
  return {"booking_not_found", "", "no such booking for this token", nullptr};
}

std::optional<BookingRecord> authorised_booking(StoreReader& r, const std::string& id,
                                                const std::string& token, int64_t now_ms) {
  if (id.size() > 64 || token.empty() || token.size() > 128) return std::nullopt;
  auto b = r.booking(id);
  if (!b || !token_grants(*b, token, now_ms)) return std::nullopt;
  return b;
}

}  // namespace

void catalog_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  ctx.store.read([&ctx, merchant_id, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      if (!m) return reply(AppResult::fail(no_merchant()));
      auto merchant = std::make_shared<const Merchant>(std::move(*m));
      if (merchant->status == "suspended")
        return reply(AppResult::fail(merchant_unavailable()).about(merchant));
      auto cat = ctx.catalogs.get(r, merchant_id, merchant->catalog_version);
      if (!cat) return reply(AppResult::fail(internal_error("catalog unreadable")).about(merchant));
      // The saved text is compact JSON already; the answer is assembled around it.
      std::string body;
      body.reserve(cat->public_text.size() + cat->currency_json.size() + 64);
      body += "{\"catalog\":";
      body += cat->public_text;  // no coupons, no platform fee
      body += ",\"online_payments\":";
      body += merchant->charges_enabled ? "true" : "false";
      body += ",\"currency\":";
      body += cat->currency_json;
      body += '}';
      reply(AppResult::ok_text(std::move(body)).about(merchant));
    });
  });
}

void availability_use_case(AppContext& ctx, const std::string& merchant_id,
                           const std::map<std::string, std::string>& query, Reply reply) {
  auto parsed = parse_slot_request(query, true);
  if (auto* e = std::get_if<ApiError>(&parsed)) return reply(AppResult::fail(std::move(*e)));
  ctx.store.read([&ctx, merchant_id, req = std::get<SlotRequest>(std::move(parsed)),
                  reply](StoreReader& r) mutable {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      if (!m) return reply(AppResult::fail(no_merchant()));
      auto merchant = std::make_shared<const Merchant>(std::move(*m));
      if (merchant->status == "suspended")
        return reply(AppResult::fail(merchant_unavailable()).about(merchant));
      auto cat = ctx.catalogs.get(r, merchant_id, merchant->catalog_version);
      if (!cat) return reply(AppResult::fail(internal_error("catalog unreadable")).about(merchant));
      // A paid online service is not offered while the merchant cannot take payments
      // (the widget greys it out from the catalog's online_payments; this is the
      // server's word on it).
      if (!merchant->charges_enabled)
        if (const auto* svc = cat->loaded.catalog.find_service(req.query.service);
            svc && svc->payment == slotpay::PaymentMode::kStripe && svc->price > 0)
          return reply(AppResult::fail({"payments_unavailable", "service",
                                        "this service is paid online and the business cannot "
                                        "take online payments yet",
                                        nullptr})
                           .about(merchant));
      const int64_t now = ctx.clock.now_ms();
      // The merchant row and the occupancies below come from one snapshot, so the
      // answer is exactly the one of this bookings_version.
      const std::string key = AvailabilityCache::key(
          merchant_id, merchant->catalog_version, merchant->bookings_version, req.query.service,
          req.query.staff, slotpay::format_local_date(req.from),
          slotpay::format_local_date(req.to));
      if (auto hit = ctx.availability.get(key, now))
        return reply(AppResult::ok_text(*hit).about(merchant));
      auto answer = free_slots_json(r, *cat, *merchant, std::move(req), now, "");
      if (auto* e = std::get_if<ApiError>(&answer))
        return reply(AppResult::fail(std::move(*e)).about(merchant));
      auto text = std::make_shared<const std::string>(std::get<std::string>(std::move(answer)));
      ctx.availability.put(key, text, now);
      reply(AppResult::ok_text(*text).about(merchant));
    });
  });
}

void status_use_case(AppContext& ctx, const std::string& booking_id, const std::string& token,
                     Reply reply) {
  ctx.store.read([&ctx, booking_id, token, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto b = authorised_booking(r, booking_id, token, ctx.clock.now_ms());
      if (!b) return reply(AppResult::fail(no_booking()));
      auto m = r.merchant(b->merchant_id);
      std::shared_ptr<const Merchant> merchant =
          m ? std::make_shared<const Merchant>(std::move(*m)) : nullptr;
      auto cat = ctx.catalogs.get(r, b->merchant_id, b->catalog_version);
      std::string out;
      JsonObjectText{out}
          .raw("booking",
               booking_view(with_secret_opened(*b, ctx.secrets), cat.get(), merchant.get(),
                            publishable_key_for(ctx, *b, merchant.get())))
          .close();
      reply(AppResult::ok_text(std::move(out)).about(merchant));
    });
  });
}

void merchant_lookup_checked(AppContext& ctx, const std::string& merchant_id,
                             CheckedMerchantDone done) {
  if (auto m = ctx.merchants.get(merchant_id, ctx.clock.now_ms()))
    return done(std::move(m), std::nullopt);
  ctx.store.read(
      [&ctx, merchant_id, done, generation = ctx.merchants.generation()](StoreReader& r) {
        std::shared_ptr<const Merchant> out;
        try {
          if (auto m = r.merchant(merchant_id))
            out = std::make_shared<const Merchant>(std::move(*m));
        } catch (const StoreUnavailable&) {
          return done(nullptr, database_unavailable());
        } catch (const std::exception& e) {
          return done(nullptr, internal_error(e.what()));
        }
        ctx.merchants.put(out, ctx.clock.now_ms(), generation);
        done(out, std::nullopt);
      });
}

void merchant_lookup(AppContext& ctx, const std::string& merchant_id,
                     std::function<void(std::shared_ptr<const Merchant>)> done) {
  if (auto m = ctx.merchants.get(merchant_id, ctx.clock.now_ms())) return done(std::move(m));
  ctx.store.read(
      [&ctx, merchant_id, done, generation = ctx.merchants.generation()](StoreReader& r) {
        std::shared_ptr<const Merchant> out;
        try {
          if (auto m = r.merchant(merchant_id))
            out = std::make_shared<const Merchant>(std::move(*m));
        } catch (const std::exception&) {
          // A store failure looks like an unknown merchant here; the use case reports it.
        }
        ctx.merchants.put(out, ctx.clock.now_ms(), generation);
        done(out);
      });
}

void merchant_of_booking_lookup(AppContext& ctx, const std::string& booking_id,
                                std::function<void(std::shared_ptr<const Merchant>)> done) {
  ctx.store.read([booking_id, done](StoreReader& r) {
    std::shared_ptr<const Merchant> out;
    try {
      if (auto b = r.booking(booking_id))
        if (auto m = r.merchant(b->merchant_id))
          out = std::make_shared<const Merchant>(std::move(*m));
    } catch (const std::exception&) {
    }
    done(out);
  });
}

void admin_bookings_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  ctx.store.read([&ctx, merchant_id, reply](StoreReader& r) {
    guarded(reply, [&] {
      ojson list = ojson::array();
      // Each booking's refunds and disputes (issue #11 items 1 and 5), one query each.
      std::map<std::string, ojson> disputes;
      for (const auto& dp : r.disputes_of_merchant(merchant_id)) {
        auto& of = disputes[dp.booking_id];
        if (of.is_null()) of = ojson::array();
        of.push_back(dispute_view(dp));
      }
      std::map<std::string, ojson> refunds;
      for (const auto& re : r.refunds_of_merchant(merchant_id)) {
        auto& of = refunds[re.booking_id];
        if (of.is_null()) of = ojson::array();
        of.push_back(refund_view(re));
      }
      auto take = [](std::map<std::string, ojson>& from, const std::string& id) {
        auto found = from.find(id);
        return found == from.end() ? ojson::array() : std::move(found->second);
      };
      for (const auto& b : r.bookings_of(merchant_id)) {
        auto cat = ctx.catalogs.get(r, merchant_id, b.catalog_version);
        ojson row = admin_booking_row(b, cat.get());
        row["refunds"] = take(refunds, b.id);
        row["disputes"] = take(disputes, b.id);
        list.push_back(std::move(row));
      }
      reply(AppResult::ok(ojson{{"bookings", std::move(list)}}));
    });
  });
}

void booking_gauges(AppContext& ctx, std::function<void(std::string)> done) {
  ctx.store.read([done](StoreReader& r) {
    std::string out = "# HELP slotpay_bookings Bookings by state.\n# TYPE slotpay_bookings gauge\n";
    try {
      auto counts = r.count_by_status();
      for (auto st : kAllBookingStatuses) {
        auto it = counts.find(to_string(st));
        out += std::string("slotpay_bookings{state=\"") + to_string(st) + "\"} " +
               std::to_string(it == counts.end() ? 0 : it->second) + "\n";
      }
      out +=
          "# HELP slotpay_stripe_events_recorded Webhook events recorded.\n# TYPE "
          "slotpay_stripe_events_recorded gauge\n";
      out += "slotpay_stripe_events_recorded " + std::to_string(r.count_events()) + "\n";
      // Issue #12: the outbox by status (queued = pending).
      auto messages = r.count_messages_by_status();
      out +=
          "# HELP slotpay_outbox_messages Outbox emails by status.\n# TYPE "
          "slotpay_outbox_messages gauge\n";
      for (auto st : {OutboxStatus::kQueued, OutboxStatus::kSent, OutboxStatus::kFailed,
                      OutboxStatus::kDropped}) {
        auto it = messages.find(to_string(st));
        out += std::string("slotpay_outbox_messages{status=\"") + to_string(st) + "\"} " +
               std::to_string(it == messages.end() ? 0 : it->second) + "\n";
      }
    } catch (const std::exception&) {
    }
    done(out);
  });
}

}  // namespace slotpay::server
