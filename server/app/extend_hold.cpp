// POST /v1/bookings/{id}/extend-hold (issue #9 item 1): the customer reached the pay
// step, so the short first hold becomes the full one (hold_extension.hpp decides). The
// booking's access token is required; refusals for a wrong token or an unknown id are
// one answer (booking_not_found), as for status and cancel.
#include <memory>

#include "app/access_token.hpp"
#include "app/booking_view.hpp"
#include "app/hold_extension.hpp"
#include "app/json_text.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

struct Extension {
  std::optional<ApiError> failure;
  BookingRecord record;
  std::shared_ptr<const Merchant> merchant;
  CatalogPtr catalog;
};

ApiError no_booking() {
  return ApiError{"booking_not_found", "", "no such booking for this token", nullptr};
}

}  // namespace

void extend_hold_use_case(AppContext& ctx, const std::string& booking_id, const std::string& token,
                          Reply reply) {
  if (booking_id.size() > 64 || token.empty() || token.size() > 128)
    return reply(AppResult::fail(no_booking()));
  auto x = std::make_shared<Extension>();
  const int64_t now = ctx.clock.now_ms();
  // In the write transaction, on the booking as stored: the expiry pass either ended the
  // hold before (refused) or finds it extended after.
  ctx.store.write(
      [&ctx, x, booking_id, token, now](BookingTx& tx) {
        auto b = tx.booking(booking_id);
        if (!b || !token_grants(*b, token, now)) {
          x->failure = no_booking();
          return false;
        }
        if (auto m = tx.merchant(b->merchant_id))
          x->merchant = std::make_shared<const Merchant>(std::move(*m));
        x->catalog = ctx.catalogs.get(tx, b->merchant_id, b->catalog_version);
        HoldExtension d = decide_hold_extension(*b, now, ctx.config.hold_ms);
        x->record = *b;
        switch (d.verdict) {
          case HoldExtensionVerdict::kNotHeld:
          case HoldExtensionVerdict::kLapsed:
            x->failure = ApiError{"hold_not_extendable", "",
                                  d.verdict == HoldExtensionVerdict::kLapsed
                                      ? "the hold has run out"
                                      : std::string("the booking is ") + to_string(b->status),
                                  nullptr};
            return false;
          case HoldExtensionVerdict::kAlreadyExtended:
            return false;
          case HoldExtensionVerdict::kExtended:
            x->record.hold_expires_at_ms = d.hold_expires_at_ms;
            x->record.updated_at_ms = now;
            tx.update_booking(*b, x->record);
            return true;
        }
        return false;
      },
      [&ctx, x, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (x->failure) return reply(AppResult::fail(*x->failure).about(x->merchant));
          if (w.committed) ctx.metrics.count("slotpay_holds_extended_total", "");
          std::string out;
          JsonObjectText{out}
              .raw("booking",
                   booking_view(with_secret_opened(x->record, ctx.secrets), x->catalog.get(),
                                x->merchant.get(), ctx.config.publishable_key))
              .close();
          reply(AppResult::ok_text(std::move(out)).about(x->merchant));
        });
      });
}

}  // namespace slotpay::server
