// Customer cancel: the core's cancellation policy of the booking's catalog version
// decides the refund; the lifecycle decides the transition; the answer waits for the
// PaymentIntent cancel or refund to be tried, so it shows what Stripe did.
#include <algorithm>
#include <memory>

#include "app/access_token.hpp"
#include "app/booking_view.hpp"
#include "app/crypto.hpp"
#include "app/json_text.hpp"
#include "app/merchant_refund.hpp"
#include "app/use_cases.hpp"
#include "slotpay/policy.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

struct Cancellation {
  std::optional<ApiError> failure;
  std::optional<Transition> transition;
  std::optional<slotpay::CancelOutcome> outcome;
  CatalogPtr catalog;
  std::shared_ptr<const Merchant> merchant;
};

}  // namespace

std::optional<slotpay::Result<slotpay::CancelOutcome>> policy_verdict(const BookingRecord& b,
                                                                      const CatalogEntry& cat,
                                                                      int64_t now_ms) {
  if (b.status != BookingStatus::kConfirmed || b.payment_mode != "stripe" || b.paid_amount <= 0)
    return std::nullopt;
  const auto* service = cat.loaded.catalog.find_service(b.slot.service);
  if (!service)
    return slotpay::Result<slotpay::CancelOutcome>(
        slotpay::make_error(slotpay::ErrorCode::kUnknownService, "booking.service",
                            "unknown service '" + b.slot.service + "'"));
  return slotpay::cancellation_outcome(
      service->cancellation, slotpay::Money{b.paid_amount, b.quote.currency},
      /*was_deposit=*/b.quote.due_later > 0, b.slot.start, slotpay::Instant{now_ms / 1000});
}

namespace {

void answer(AppContext& ctx, const std::string& booking_id, std::shared_ptr<Cancellation> c,
            const Reply& reply) {
  ctx.store.read([&ctx, booking_id, c, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto fresh = r.booking(booking_id);
      const BookingRecord& b = fresh ? *fresh : c->transition->record;
      std::string out;
      JsonObjectText body(out);
      body.raw("booking", booking_view(b, c->catalog.get(), c->merchant.get(),
                                       publishable_key_for(ctx, b, c->merchant.get())));
      if (c->outcome)
        body.raw("cancellation", slotpay::cancel_outcome_to_json(*c->outcome, b.quote.currency));
      body.close();
      reply(AppResult::ok_text(std::move(out)).about(c->merchant));
    });
  });
}

}  // namespace

void cancel_use_case(AppContext& ctx, StripeSync& sync, const std::string& booking_id,
                     const std::string& token, Reply reply) {
  if (booking_id.size() > 64 || token.empty() || token.size() > 128)
    return reply(
        AppResult::fail({"booking_not_found", "", "no such booking for this token", nullptr}));
  cancel_granted(
      ctx, sync, booking_id,
      [token](const BookingRecord& b, int64_t now) { return token_grants(b, token, now); },
      std::move(reply));
}

void cancel_granted(AppContext& ctx, StripeSync& sync, const std::string& booking_id,
                    std::function<bool(const BookingRecord&, int64_t)> grants, Reply reply) {
  auto c = std::make_shared<Cancellation>();
  const int64_t now = ctx.clock.now_ms();
  // Decided inside the write transaction, on the booking as stored: a payment that
  // lands meanwhile is either before (refunded per policy) or after (refunded whole).
  ctx.store.write(
      [&ctx, c, booking_id, grants = std::move(grants), now](BookingTx& tx) {
        auto b = tx.booking(booking_id);
        if (!b || !grants(*b, now)) {
          c->failure = ApiError{"booking_not_found", "", "no such booking for this token", nullptr};
          return false;
        }
        if (auto m = tx.merchant(b->merchant_id))
          c->merchant = std::make_shared<const Merchant>(std::move(*m));
        if (!c->merchant) {
          c->failure = ApiError{"merchant_not_found", "", "no such merchant", nullptr};
          return false;
        }
        c->catalog = ctx.catalogs.get(tx, b->merchant_id, b->catalog_version);
        if (c->catalog) {
          if (auto verdict = policy_verdict(*b, *c->catalog, now)) {
            if (!verdict->ok()) {
              c->failure = from_core(verdict->error());
              return false;
            }
            c->outcome = verdict->value();
            // The merchant may have refunded part already: never ask Stripe for more
            // than is left.
            const int64_t left = refundable_amount(*b, tx.refunds_of_booking(b->id));
            c->outcome->refund = std::min(c->outcome->refund, left);
          }
        } else if (b->status == BookingStatus::kConfirmed && b->paid_amount > 0) {
          c->failure = internal_error("catalog version unreadable for a paid booking");
          return false;
        }
        c->transition = apply_and_save(ctx, tx, *b, CustomerCancel{c->outcome}, now);
        if (c->transition->outcome == Outcome::kNotCancellable) {
          c->failure = ApiError{"not_cancellable", "",
                                std::string("the booking is ") + to_string(b->status), nullptr};
          return false;
        }
        // Already cancelled: the same answer again, without a second verdict.
        if (c->transition->outcome == Outcome::kAlreadyCancelled) c->outcome.reset();
        return c->transition->changed;
      },
      [&ctx, &sync, c, booking_id, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (c->failure) return reply(AppResult::fail(*c->failure).about(c->merchant));
          if (w.committed) ctx.metrics.count("slotpay_bookings_cancelled_total", "");
          sync.carry_out(c->transition->record, c->transition->actions,
                         [&ctx, c, booking_id, reply] { answer(ctx, booking_id, c, reply); });
        });
      });
}

}  // namespace slotpay::server
