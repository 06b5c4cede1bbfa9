#include "app/app_context.hpp"

#include <algorithm>
#include <memory>

#include "app/hook_events.hpp"
#include "app/log.hpp"

namespace slotpay::server {

ApiError from_core(const slotpay::Error& e) {
  return ApiError{std::string(slotpay::wire_name(e.code)), e.field, e.message, nullptr};
}

int64_t occupancy_margin_s(const CatalogEntry& catalog, const Merchant& merchant) {
  return 2 * catalog.max_span_s + std::max(catalog.max_span_s, merchant.max_booking_s);
}

FeeSetting effective_fee(const AppContext& ctx, const Merchant& m) {
  if (m.connection == "keys" || m.stripe_account.empty()) return FeeSetting{};
  if (m.fee_bps || m.fee_fixed) return FeeSetting{m.fee_bps.value_or(0), m.fee_fixed.value_or(0)};
  return ctx.config.default_fee;
}

std::string publishable_key_for(const AppContext& ctx, const BookingRecord& b, const Merchant* m) {
  if (b.merchant_keys && m && m->connection == "keys" && m->mode == b.mode &&
      !m->publishable_key.empty())
    return m->publishable_key;
  return ctx.config.publishable_key;
}

ApiError invalid_catalog_error(const slotpay::Errors& errors) {
  ApiError e{"invalid_catalog", "catalog", "the catalog is not valid", nlohmann::json::array()};
  for (const auto& err : errors)
    e.details.push_back({{"code", std::string(slotpay::wire_name(err.code))},
                         {"field", err.field},
                         {"message", err.message}});
  if (!errors.empty()) {
    e.field = errors.front().field;
    e.message = "the catalog is not valid: " + errors.front().message;
  }
  return e;
}

ApiError merchant_unavailable() {
  return ApiError{"merchant_unavailable", "merchant",
                  "this business is not taking bookings online at the moment", nullptr};
}

ApiError internal_error(const std::string& detail_for_log) {
  log_error("internal error", {{"error", detail_for_log}});
  return ApiError{"internal_error", "", "internal error", nullptr};
}

ApiError database_unavailable() {
  return ApiError{"database_unavailable", "",
                  "the database is unavailable, please try again in a moment", nullptr};
}

ApiError store_failure(const WriteResult& w) {
  if (w.unavailable) {
    log_warn("database unavailable", {{"error", w.error}});
    return database_unavailable();
  }
  return internal_error(w.error);
}

void guarded(const Reply& reply, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const StoreUnavailable& e) {
    log_warn("database unavailable", {{"error", e.what()}});
    reply(AppResult::fail(database_unavailable()));
  } catch (const std::exception& e) {
    reply(AppResult::fail(internal_error(e.what())));
  } catch (...) {
    reply(AppResult::fail(internal_error("unknown exception")));
  }
}

void claim_for_work(const AppContext& ctx, BookingRecord& record, int64_t now_ms) {
  record.claimed_by = ctx.config.instance_id;
  record.claimed_until_ms = now_ms + ctx.config.work_lease_ms;
}

Transition apply_and_save(AppContext& ctx, BookingTx& tx, const BookingRecord& record,
                          const LifecycleEvent& event, int64_t now_ms) {
  Transition t = apply_event(record, event, now_ms);
  if (t.changed) {
    if (!t.actions.empty()) claim_for_work(ctx, t.record, now_ms);
    tx.update_booking(record, t.record);
    queue_booking_emails(ctx, tx, &record, t.record, now_ms);  // issue #12, same transaction
    queue_hook_events(ctx, tx, &record, t.record, now_ms);     // issue #11 item 7, likewise
  }
  return t;
}

void update_booking(AppContext& ctx, const std::string& id, EventFor event_for,
                    std::function<void(const UpdateResult&)> done) {
  auto result = std::make_shared<UpdateResult>();
  ctx.store.write(
      [&ctx, id, event_for = std::move(event_for), result](BookingTx& tx) {
        auto cur = tx.booking(id);
        if (!cur) return false;
        auto event = event_for(tx, *cur);
        if (!event) return false;
        result->transition = apply_and_save(ctx, tx, *cur, *event, ctx.clock.now_ms());
        return result->transition->changed;
      },
      [result, done = std::move(done)](const WriteResult& w) {
        result->write = w;
        // A transition the store did not keep did not happen.
        if (!w.error.empty()) result->transition.reset();
        if (done) done(*result);
      });
}

void update_booking(AppContext& ctx, const std::string& id, LifecycleEvent event,
                    std::function<void(const UpdateResult&)> done) {
  update_booking(
      ctx, id,
      [event = std::move(event)](BookingTx&, const BookingRecord&) {
        return std::optional<LifecycleEvent>(event);
      },
      std::move(done));
}

}  // namespace slotpay::server
