// The merchant's money operations on one booking (issue #11): refunds (item 1), and
// cancel, no-show and completed (item 2). The decisions are merchant_refund.hpp's, the
// core's (the no-show fee) and the lifecycle's; this file reads the booking, asks Stripe
// and records what Stripe answered.
#include <memory>

#include "app/booking_view.hpp"
#include "app/charge_after.hpp"
#include "app/log.hpp"
#include "app/merchant_refund.hpp"
#include "app/refunds.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ApiError booking_not_found() {
  return ApiError{"booking_not_found", "", "no such booking for this merchant", nullptr};
}

// Stripe's refusal as the merchant's error: our codes and words (Stripe's own message
// stays in the log).
ApiError refund_refusal(const StripeResponse& r) {
  const std::string& code = r.error.code;
  if (code == "amount_too_large" || code == "charge_already_refunded")
    return ApiError{"refund_exceeds_remaining", "amount",
                    "Stripe says more than is left on the payment would be refunded", nullptr};
  if (code == "charge_disputed")
    return ApiError{"booking_disputed", "", "the payment is disputed; the dispute decides",
                    nullptr};
  if (r.error.type == "idempotency_error" && code != "idempotency_key_in_use")
    return ApiError{"idempotency_key_reused", "Idempotency-Key",
                    "this Idempotency-Key was used for a different refund; use a new key", nullptr};
  if (stripe_refused_for_good(r))
    return ApiError{"stripe_error", "", "Stripe refused the refund", nullptr};
  return ApiError{"stripe_unavailable", "",
                  "Stripe could not be reached; nothing was refunded yet: try again with the "
                  "same Idempotency-Key",
                  nullptr};
}

struct RefundWork {
  AppContext* ctx = nullptr;
  StripeSync* sync = nullptr;
  BookingRecord booking;
  RefundPlan plan;
  std::vector<RefundEvent> made;  // Stripe's refunds for the parts made, in order
  std::vector<RefundRecord> recorded;
  int64_t refundable_after = 0;
  Reply reply;
};

// Records the parts Stripe made (as refund.created events would), then answers: 201 with
// them when every part was made, else `failure` (with the parts made in its details).
void finish_refund(std::shared_ptr<RefundWork> work, std::optional<ApiError> failure) {
  AppContext& ctx = *work->ctx;
  if (work->made.empty()) return work->reply(AppResult::fail(*failure));
  // Recorded as Stripe's refund.created would record them; the booking's refunded amount
  // is then totalled from its refunds.
  update_booking(
      ctx, work->booking.id,
      [&ctx, work](BookingTx& tx, const BookingRecord& b) -> std::optional<LifecycleEvent> {
        work->recorded.clear();
        for (const auto& event : work->made)
          work->recorded.push_back(record_refund_event(tx, b.id, event, ctx.clock.now_ms()));
        auto refunds = tx.refunds_of_booking(b.id);
        work->refundable_after = refundable_amount(b, refunds);
        return RefundsTotalled{refunded_so_far(b, refunds)};
      },
      [work, failure](const UpdateResult& u) {
        if (!u.write.error.empty()) return work->reply(AppResult::fail(store_failure(u.write)));
        const BookingRecord& b = u.transition ? u.transition->record : work->booking;
        ojson refunds = ojson::array();
        for (const auto& r : work->recorded) refunds.push_back(refund_view(r));
        if (failure) {
          // Some parts were made, not all: the same request again makes the rest.
          ApiError e = *failure;
          e.message = "part of the refund was made (" + std::to_string(work->recorded.size()) +
                      " of " + std::to_string(work->plan.parts.size()) +
                      " charges); send the same request with the same Idempotency-Key to "
                      "finish it";
          e.details = nlohmann::json{{"refunds", nlohmann::json::parse(refunds.dump())}};
          return work->reply(AppResult::fail(std::move(e)));
        }
        ojson body;
        body["refund"] = refunds.at(0);
        body["refunds"] = refunds;
        body["booking"] = {{"id", b.id},
                           {"currency", std::string(b.quote.currency.code)},
                           {"paid_amount", b.paid_amount},
                           {"refunded_amount", b.refunded_amount},
                           {"refundable", work->refundable_after}};
        work->reply(AppResult::ok(std::move(body), 201));
      });
}

// Asks Stripe for part `i` of the plan, then the next one; one at a time, so that a
// refusal stops the rest (the same request again makes them, with the same keys).
void make_refund_part(std::shared_ptr<RefundWork> work, size_t i) {
  if (i == work->plan.parts.size()) return finish_refund(work, std::nullopt);
  const RefundCall& call = work->plan.parts[i];
  work->sync->call_for(
      work->booking, "POST", "/v1/refunds", call.params, "merchant_refund",
      call.stripe_idempotency_key, [work, i](StripeResponse resp) {
        work->ctx->metrics.count("slotpay_merchant_refunds_total",
                                 std::string("result=\"") + (resp.ok ? "ok" : "failed") + "\"");
        if (!resp.ok) {
          log_warn("merchant refund refused", {{"booking", work->booking.id},
                                               {"part", static_cast<int64_t>(i)},
                                               {"stripe_status", resp.http_status},
                                               {"stripe_code", resp.error.code},
                                               {"stripe_message", resp.error.message}});
          return finish_refund(work, refund_refusal(resp));
        }
        auto event =
            refund_event_from("refund.created", resp.body, resp.body.value("created", int64_t{0}));
        if (!event)
          return finish_refund(work, internal_error("Stripe's refund has no usable shape"));
        work->made.push_back(*event);
        make_refund_part(work, i + 1);
      });
}

}  // namespace

void merchant_refund_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                              const MerchantRefundRequest& request, Reply reply) {
  auto work = std::make_shared<RefundWork>();
  work->ctx = &ctx;
  work->sync = &sync;
  work->reply = reply;
  ctx.store.read([scope, request, work, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto b = r.booking(scope.booking_id);
      if (!b || !scope.covers(*b)) return reply(AppResult::fail(booking_not_found()));
      auto planned =
          plan_merchant_refund(*b, r.refunds_of_booking(b->id), r.paid_pay_links(b->id), request);
      if (auto* e = std::get_if<ApiError>(&planned)) return reply(AppResult::fail(*e));
      work->booking = *b;
      work->plan = std::get<RefundPlan>(std::move(planned));
      make_refund_part(work, 0);
    });
  });
}

namespace {

struct Closing {
  std::optional<ApiError> failure;
  std::optional<Transition> transition;
  CatalogPtr catalog;
};

// The lifecycle's refusals as the merchant's errors; nullopt when the event applied (or
// had already: the same answer again).
std::optional<ApiError> closing_refusal(Outcome o) {
  switch (o) {
    case Outcome::kNotCancellable:
      return ApiError{"not_cancellable", "", "the booking has already ended", nullptr};
    case Outcome::kNotStarted:
      return ApiError{"booking_not_started", "",
                      "a booking can be completed or marked a no-show once its start has passed",
                      nullptr};
    case Outcome::kNotConfirmed:
      return ApiError{"booking_not_confirmed", "",
                      "only a confirmed booking can be completed or marked a no-show", nullptr};
    default:
      return std::nullopt;
  }
}

// The event for `kind` on booking `b` as stored, with what is left to refund.
std::variant<LifecycleEvent, ApiError> closing_event(MerchantClosing kind, const BookingRecord& b,
                                                     const CatalogEntry* cat, int64_t left,
                                                     int64_t now_ms) {
  switch (kind) {
    case MerchantClosing::kCancel:
      return MerchantCancel{left};
    case MerchantClosing::kComplete:
      return MarkCompleted{};
    case MerchantClosing::kNoShow: {
      if (!cat) return MarkNoShow{};
      auto verdict = policy_verdict(b, *cat, now_ms);
      if (!verdict) return MarkNoShow{};  // nothing paid online: nothing to refund
      if (!verdict->ok()) return from_core(verdict->error());
      const int64_t refund = std::min(verdict->value().refund, left);
      return MarkNoShow{refund, verdict->value().refund_application_fee && refund == left};
    }
  }
  return internal_error("unknown closing");
}

}  // namespace

void merchant_close_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                             MerchantClosing kind, Reply reply) {
  auto c = std::make_shared<Closing>();
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [&ctx, c, scope, kind, now](BookingTx& tx) {
        auto b = tx.booking(scope.booking_id);
        if (!b || !scope.covers(*b)) {
          c->failure = booking_not_found();
          return false;
        }
        c->catalog = ctx.catalogs.get(tx, b->merchant_id, b->catalog_version);
        const int64_t left = refundable_amount(*b, tx.refunds_of_booking(b->id));
        auto event = closing_event(kind, *b, c->catalog.get(), left, now);
        if (auto* e = std::get_if<ApiError>(&event)) {
          c->failure = *e;
          return false;
        }
        c->transition = apply_and_save(ctx, tx, *b, std::get<LifecycleEvent>(event), now);
        c->failure = closing_refusal(c->transition->outcome);
        return !c->failure && c->transition->changed;
      },
      [&ctx, &sync, c, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (c->failure) return reply(AppResult::fail(*c->failure));
          const Transition& t = *c->transition;
          if (w.committed)
            ctx.metrics.count("slotpay_bookings_closed_by_merchant_total",
                              std::string("outcome=\"") + to_string(t.outcome) + "\"");
          // The answer waits for the refund or PaymentIntent cancel to be tried, and for a
          // booking just completed, for the charge after the service (issue #11 item 4).
          auto answer = [&ctx, c, reply](ojson charge) {
            ctx.store.read([c, reply, charge = std::move(charge)](StoreReader& r) {
              guarded(reply, [&] {
                auto fresh = r.booking(c->transition->record.id);
                const BookingRecord& b = fresh ? *fresh : c->transition->record;
                ojson body;
                body["outcome"] = to_string(c->transition->outcome);
                if (!charge.is_null()) body["charge"] = charge;
                body["booking"] = admin_booking_row(b, c->catalog.get());
                body["booking"]["refunds"] = ojson::array();
                for (const auto& re : r.refunds_of_booking(b.id))
                  body["booking"]["refunds"].push_back(refund_view(re));
                reply(AppResult::ok(std::move(body)));
              });
            });
          };
          const bool completed = w.committed && t.outcome == Outcome::kMarkedCompleted;
          sync.carry_out(t.record, t.actions, [&ctx, &sync, c, completed, answer] {
            if (!completed) return answer(nullptr);
            charge_balance_after_service(ctx, sync, c->transition->record, answer);
          });
        });
      });
}

}  // namespace slotpay::server
