// Issue #12, the manage link: a signed, expiring token (mail/signed_link) names one
// booking; with it the customer sees the booking and what cancelling now would do (the
// core's refund and fee), downloads its .ics, and cancels it. The token is checked first
// (signature, purpose, expiry), each refusal with its own code; the booking id comes only
// from a valid token.
#include <memory>
#include <variant>

#include "app/booking_view.hpp"
#include "app/json_text.hpp"
#include "app/use_cases.hpp"
#include "mail/ics.hpp"

namespace slotpay::server {
namespace {

// The booking id of a valid token for `purpose`, or the refusal as an error.
std::variant<std::string, ApiError> verified_booking(
    const AppContext& ctx, const std::string& token, int64_t now_ms,
    mail::LinkPurpose purpose = mail::LinkPurpose::kManage) {
  const auto& links = ctx.config.mail.links;
  if (!links) return ApiError{"link_malformed", "token", "manage links are not enabled", nullptr};
  if (token.size() > mail::kMaxLinkTokenLength)
    return ApiError{"link_malformed", "token", "not a manage link", nullptr};
  auto v = links->verify(token, purpose, slotpay::Instant{now_ms / 1000});
  if (const auto* refusal = std::get_if<mail::LinkRefusal>(&v)) {
    const char* message =
        *refusal == mail::LinkRefusal::kExpired ? "this link has expired" : "not a valid link";
    return ApiError{std::string(mail::to_string(*refusal)), "token", message, nullptr};
  }
  return std::get<mail::LinkClaims>(v).booking_id;
}

ApiError no_booking() {
  return ApiError{"booking_not_found", "", "no such booking for this link", nullptr};
}

}  // namespace

void manage_view_use_case(AppContext& ctx, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_booking(ctx, token, now);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  ctx.store.read([&ctx, id = std::get<std::string>(id), now, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto b = r.booking(id);
      if (!b) return reply(AppResult::fail(no_booking()));
      auto m = r.merchant(b->merchant_id);
      auto cat = ctx.catalogs.get(r, b->merchant_id, b->catalog_version);
      std::string out;
      JsonObjectText body(out);
      body.raw("booking", booking_view(*b, cat.get(), m ? &*m : nullptr, ""));
      const bool cancellable = b->status == BookingStatus::kConfirmed || is_hold(b->status);
      body.boolean("cancellable", cancellable);
      // What a cancel now would do: the same verdict the cancel takes in its transaction.
      if (cancellable && cat)
        if (auto verdict = policy_verdict(*b, *cat, now); verdict && verdict->ok())
          body.raw("cancellation",
                   slotpay::cancel_outcome_to_json(verdict->value(), b->quote.currency));
      body.close();
      reply(AppResult::ok_text(std::move(out)));
    });
  });
}

void manage_ics_use_case(AppContext& ctx, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_booking(ctx, token, now);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  ctx.store.read([&ctx, id = std::get<std::string>(id), now, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto b = r.booking(id);
      if (!b) return reply(AppResult::fail(no_booking()));
      auto cat = ctx.catalogs.get(r, b->merchant_id, b->catalog_version);
      auto facts = cat ? booking_facts(*b, *cat) : std::nullopt;
      if (!facts) return reply(AppResult::fail(internal_error("catalog version unreadable")));
      const bool cancelled = b->status == BookingStatus::kCancelled;
      auto cal = mail::booking_calendar(
          *facts, {ctx.config.mail.uid_host, cancelled ? 1 : 0, slotpay::Instant{now / 1000}},
          cancelled ? mail::IcsMethod::kCancel : mail::IcsMethod::kRequest);
      reply(AppResult::ok_text(mail::write_ics(cal)));
    });
  });
}

void manage_cancel_use_case(AppContext& ctx, StripeSync& sync, const std::string& token,
                            Reply reply) {
  auto id = verified_booking(ctx, token, ctx.clock.now_ms());
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  // The token named this booking: nothing more to check against the record.
  cancel_granted(
      ctx, sync, std::get<std::string>(id), [](const BookingRecord&, int64_t) { return true; },
      std::move(reply));
}

// Issue #9: the customer followed the link in the confirm_request email. The token
// (purpose confirm) names the booking; the lifecycle confirms it once, while its hold
// lasts (the confirmation email is queued in the same transaction); following it again
// answers the confirmed booking and changes nothing.
void confirm_booking_use_case(AppContext& ctx, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_booking(ctx, token, now, mail::LinkPurpose::kConfirm);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  update_booking(
      ctx, std::get<std::string>(id), EmailConfirmed{}, [&ctx, reply](const UpdateResult& u) {
        guarded(reply, [&] {
          if (!u.write.error.empty()) return reply(AppResult::fail(store_failure(u.write)));
          if (!u.transition) return reply(AppResult::fail(no_booking()));
          const Transition& t = *u.transition;
          if (t.outcome == Outcome::kNotConfirmable)
            return reply(AppResult::fail(
                {"booking_not_confirmable", "",
                 "this booking can no longer be confirmed (its hold lapsed or it was cancelled); "
                 "please book again",
                 nullptr}));
          if (t.outcome == Outcome::kConfirmed)
            ctx.metrics.count("slotpay_bookings_email_confirmed_total", "");
          ctx.store.read([&ctx, b = t.record, reply](StoreReader& r) {
            guarded(reply, [&] {
              auto m = r.merchant(b.merchant_id);
              auto cat = ctx.catalogs.get(r, b.merchant_id, b.catalog_version);
              std::string out;
              JsonObjectText body(out);
              body.raw("booking", booking_view(b, cat.get(), m ? &*m : nullptr, ""));
              // The manage page the confirm page moves on to (its own signed link).
              body.string("manage_url", manage_url(ctx.config.mail, b));
              body.close();
              reply(AppResult::ok_text(std::move(out))
                        .about(m ? std::make_shared<const Merchant>(*m) : nullptr));
            });
          });
        });
      });
}

}  // namespace slotpay::server
