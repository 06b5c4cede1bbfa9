// Issue #12, the manage link: a signed, expiring token (mail/signed_link) names one
// booking; with it the customer sees the booking and what cancelling now would do (the
// core's refund and fee), downloads its .ics, cancels it, or moves it to another slot
// (app/reschedule.hpp). The token is checked first (signature, purpose, expiry), each
// refusal with its own code; the booking id comes only from a valid token.
#include <memory>
#include <variant>

#include "app/booking_emails.hpp"
#include "app/booking_view.hpp"
#include "app/free_slots.hpp"
#include "app/hook_events.hpp"
#include "app/json_text.hpp"
#include "app/reschedule.hpp"
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

// Whether the booking can be moved now, and until when, by the merchant's current
// setting (`current`: the merchant's current catalog; null when unreadable).
void write_reschedule_window(JsonObjectText& body, const BookingRecord& b,
                             const CatalogEntry* current, int64_t now_ms) {
  if (!current) {
    body.boolean("reschedulable", false).null("reschedule_until");
    return;
  }
  const int until_min = current->loaded.catalog.merchant.reschedule_until_min;
  body.boolean("reschedulable", reschedule_open(b, until_min, now_ms));
  if (b.status != BookingStatus::kConfirmed) {
    body.null("reschedule_until");
    return;
  }
  const slotpay::Instant until = reschedule_deadline(b, until_min);
  body.string("reschedule_until",
              slotpay::format_rfc3339(until, current->loaded.zone.offset_at(until)));
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
      write_reschedule_window(
          body, *b, m ? ctx.catalogs.get(r, m->id, m->catalog_version).get() : nullptr, now);
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

void manage_availability_use_case(AppContext& ctx, const std::string& token,
                                  const std::map<std::string, std::string>& query, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_booking(ctx, token, now);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  auto parsed = parse_slot_request(query, false);
  if (auto* e = std::get_if<ApiError>(&parsed)) return reply(AppResult::fail(std::move(*e)));
  ctx.store.read([&ctx, id = std::get<std::string>(id), req = std::get<SlotRequest>(parsed), now,
                  reply](StoreReader& r) mutable {
    guarded(reply, [&] {
      auto b = r.booking(id);
      if (!b) return reply(AppResult::fail(no_booking()));
      auto m = r.merchant(b->merchant_id);
      auto cat = m ? ctx.catalogs.get(r, m->id, m->catalog_version) : nullptr;
      if (!cat) return reply(AppResult::fail(internal_error("catalog unreadable")));
      req.query.service = b->slot.service;  // a move keeps the service
      auto answer = free_slots_json(r, *cat, *m, std::move(req), now, b->id);
      if (auto* e = std::get_if<ApiError>(&answer)) return reply(AppResult::fail(std::move(*e)));
      reply(AppResult::ok_text(std::get<std::string>(std::move(answer))));
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
      // The SEQUENCE of the last email's copy: one per move, one more for the cancel.
      const int sequence = static_cast<int>(b->reschedule_count) + (cancelled ? 1 : 0);
      auto cal = mail::booking_calendar(
          *facts, {ctx.config.mail.uid_host, sequence, slotpay::Instant{now / 1000}},
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

namespace {

// What the reschedule's write job decided, read by its `done`.
struct Move {
  std::optional<ApiError> failure;
  std::shared_ptr<const Merchant> merchant;
  BookingRecord before;
  BookingRecord after;
};

// The request {start, staff_id?}: the new start (RFC 3339 with offset) and, optionally,
// another staff member (else the booking's own, or any for a merchant-run service).
std::variant<MoveRequest, ApiError> move_request(const nlohmann::json& body) {
  if (!body.is_object())
    return ApiError{"invalid_json", "", "the request body must be a JSON object", nullptr};
  std::string start, staff;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const bool text = it.value().is_string() && it.value().get<std::string>().size() <= 64;
    if (it.key() == "start" && text)
      start = it.value().get<std::string>();
    else if (it.key() == "staff_id" && (text || it.value().is_null()))
      staff = it.value().is_null() ? "" : it.value().get<std::string>();
    else if (it.key() == "start" || it.key() == "staff_id")
      return ApiError{"invalid_field", it.key(), "must be a string of at most 64 bytes", nullptr};
    else
      return ApiError{"unknown_field", it.key(), "unknown field", nullptr};
  }
  if (start.empty()) return ApiError{"missing_field", "start", "start is required", nullptr};
  if (!slotpay::parse_rfc3339(start))
    return ApiError{"invalid_time", "start", "start must be RFC 3339 with an offset", nullptr};
  return MoveRequest{start, staff};
}

}  // namespace

void manage_reschedule_use_case(AppContext& ctx, const std::string& token,
                                const nlohmann::json& body, Reply reply) {
  guarded(reply, [&] {
    const int64_t now = ctx.clock.now_ms();
    auto id = verified_booking(ctx, token, now);
    if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
    auto asked = move_request(body);
    if (auto* e = std::get_if<ApiError>(&asked)) return reply(AppResult::fail(std::move(*e)));
    auto mv = std::make_shared<Move>();
    // One transaction: the booking row, then the merchant's capacity (the lock order of
    // store/booking_store.hpp), the core's check of the new slot without the booking's
    // own seats, and the update that moves it (its old seats released by the same write).
    ctx.store.write(
        [&ctx, mv, id = std::get<std::string>(id), request = std::get<MoveRequest>(asked),
         now](BookingTx& tx) {
          auto b = tx.booking(id);
          if (!b) {
            mv->failure = no_booking();
            return false;
          }
          auto m = tx.merchant(b->merchant_id);
          if (!m) {
            mv->failure = no_booking();
            return false;
          }
          mv->merchant = std::make_shared<const Merchant>(*m);
          if (m->status == "suspended") {
            mv->failure = merchant_unavailable();
            return false;
          }
          // The new slot is priced and checked by the merchant's current catalog, as a new
          // booking would be (the operator's fee included).
          const FeeSetting fee = effective_fee(ctx, *m);
          auto cat =
              ctx.catalogs.get_with_fee(tx, m->id, m->catalog_version, fee.rate_bps, fee.fixed);
          if (!cat) {
            mv->failure = internal_error("stored catalog unreadable for " + m->id);
            return false;
          }
          auto moved = move_booking(tx, *cat, *m, *b, request, now);
          if (auto* refused = std::get_if<ApiError>(&moved)) {
            mv->failure = std::move(*refused);
            return false;
          }
          mv->before = *b;
          mv->after = std::get<BookingRecord>(std::move(moved));
          queue_booking_emails(ctx, tx, &mv->before, mv->after, now);
          queue_hook_events(ctx, tx, &mv->before, mv->after, now);
          return true;
        },
        [&ctx, mv, reply](const WriteResult& w) {
          guarded(reply, [&] {
            if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
            if (mv->failure) {
              ctx.metrics.count("slotpay_reschedule_rejections_total",
                                "code=\"" + mv->failure->code + "\"");
              return reply(AppResult::fail(*mv->failure).about(mv->merchant));
            }
            ctx.metrics.count("slotpay_bookings_rescheduled_total", "");
            ctx.store.read([&ctx, mv, reply](StoreReader& r) {
              guarded(reply, [&] {
                const BookingRecord& b = mv->after;
                auto cat = ctx.catalogs.get(r, b.merchant_id, b.catalog_version);
                auto current = ctx.catalogs.get(r, b.merchant_id, mv->merchant->catalog_version);
                std::string out;
                JsonObjectText body(out);
                body.raw("booking", booking_view(b, cat.get(), mv->merchant.get(), ""));
                body.raw("previous", booked_slot(mv->before, cat.get()));
                write_reschedule_window(body, b, current.get(), ctx.clock.now_ms());
                body.close();
                reply(AppResult::ok_text(std::move(out)).about(mv->merchant));
              });
            });
          });
        });
  });
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
