// Create a booking: the core validates and prices it against what is occupied, the seat
// is held in the same write transaction, then Stripe is asked for the PaymentIntent.
#include <memory>
#include <set>

#include "app/abuse_limits.hpp"
#include "app/booking_check.hpp"
#include "app/booking_view.hpp"
#include "app/crypto.hpp"
#include "app/hold_extension.hpp"
#include "app/hook_events.hpp"
#include "app/json_text.hpp"
#include "app/log.hpp"
#include "app/reminders.hpp"
#include "app/use_cases.hpp"
#include "mail/strings.hpp"
#include "slotpay/validation.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// Fields of a booking request the server passes to the core. Anything that looks
// like an amount is ignored (the server's quote is the only price); other unknown
// fields are refused.
const std::set<std::string> kBookingFields = {"service", "staff",  "start", "quantity",
                                              "addons",  "coupon", "tip",   "customer"};
// Issue #12 item 2: the customer's IANA zone as the browser reports it. Kept only when the
// core's zone table knows it (anything else is ignored, never an error: a browser's zone
// must not cost a booking); emails then show the time in it beside the merchant's.
std::string known_zone(const json& value) {
  if (!value.is_string()) return "";
  const std::string name = value.get<std::string>();
  if (name.empty() || name.size() > 64 || !slotpay::TimeZone::find(name).ok()) return "";
  return name;
}

const std::set<std::string> kIgnoredAmountFields = {
    "amount", "price",           "total",    "due_now", "due_later", "subtotal", "discount",
    "tax",    "application_fee", "currency", "quote",   "lines",     "payment",  "min_charge"};

// What the write job decided, read by its `done`.
struct Creation {
  std::optional<ApiError> failure;
  std::shared_ptr<const Merchant> merchant;
  CatalogPtr catalog;
  BookingRecord record;
  bool online = false;
};

// A coupon's redemption caps, counted from the store in the booking's transaction.
std::optional<ApiError> coupon_refusal(BookingTx& tx, const slotpay::Catalog& catalog,
                                       const slotpay::BookingRequest& req,
                                       const std::string& merchant_id, int64_t now) {
  if (!req.coupon) return std::nullopt;
  const slotpay::Coupon* coupon = catalog.find_coupon(*req.coupon);
  if (!coupon || (!coupon->max_redemptions && !coupon->max_per_customer)) return std::nullopt;
  const std::string email = req.customer ? req.customer->email : "";
  auto uses = tx.coupon_uses(merchant_id, coupon->code, email, now);
  return coupon_use_refusal(*coupon, uses, !email.empty());
}

void reply_created(AppContext& ctx, const Creation& c, const BookingRecord& record,
                   const std::string& token, const Reply& reply) {
  std::string out;
  JsonObjectText body(out);
  body.raw("booking",
           booking_view(with_secret_opened(record, ctx.secrets), c.catalog.get(), c.merchant.get(),
                        publishable_key_for(ctx, record, c.merchant.get())));
  body.string("access_token", token).close();
  reply(AppResult::ok_text(std::move(out), 201).about(c.merchant));
}

void ask_stripe(AppContext& ctx, StripeSync& sync, std::shared_ptr<Creation> c,
                const std::string& token, Reply reply) {
  sync.create_payment_intent(c->record, [&ctx, c, token, reply](StripeResponse pi) {
    std::string pi_id = pi.body.is_object() ? pi.body.value("id", "") : "";
    if (pi.ok && !pi_id.empty()) {
      std::string secret = pi.body.value("client_secret", "");
      // Stored sealed (issue #9): a copy of the database does not give it away.
      update_booking(
          ctx, c->record.id,
          PaymentIntentCreated{pi_id, ctx.secrets.seal(secret),
                               pi.body.contains("customer") && pi.body["customer"].is_string()
                                   ? pi.body["customer"].get<std::string>()
                                   : ""},
          [&ctx, c, token, reply](const UpdateResult& r) {
            if (!r.transition) return reply(AppResult::fail(store_failure(r.write)));
            reply_created(ctx, *c, r.transition->record, token, reply);
          });
      return;
    }
    log_warn("payment intent create failed", {{"booking", c->record.id},
                                              {"stripe_status", pi.http_status},
                                              {"stripe_type", pi.error.type},
                                              {"stripe_code", pi.error.code},
                                              {"attempts", pi.attempts}});
    // The seat comes back whatever went wrong. Refused for good: Stripe said no to this
    // request; otherwise (no answer, 5xx, 409, 429 after retries) try again later.
    bool for_good = stripe_refused_for_good(pi);
    // Issue #9: Stripe's own words (and its parameter names) stay in the log above;
    // the customer gets our code and message only.
    log_warn("payment intent refusal", {{"booking", c->record.id},
                                        {"stripe_message", pi.error.message.substr(0, 500)},
                                        {"stripe_param", pi.error.param}});
    ApiError e{for_good ? "stripe_error" : "stripe_unavailable", "",
               for_good ? "the payment provider refused this payment; please try again later"
                        : "the payment provider is unavailable, please try again",
               nullptr};
    update_booking(
        ctx, c->record.id, PaymentIntentCreateFailed{},
        [c, e, reply](const UpdateResult&) { reply(AppResult::fail(e).about(c->merchant)); });
  });
}

}  // namespace

void create_booking_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                             const json& body, const std::string& client_key, Reply reply) {
  create_booking_use_case(ctx, sync, merchant_id, body, client_key, std::move(reply), {});
}

void create_booking_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                             const json& body, const std::string& client_key, Reply reply,
                             const CreateOptions& options) {
  guarded(reply, [&] {
    if (!body.is_object())
      return reply(
          AppResult::fail({"invalid_json", "", "the request body must be a JSON object", nullptr}));
    json request = json::object();
    std::string customer_zone;
    std::string customer_locale;
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() == "customer_zone")
        customer_zone = known_zone(it.value());
      else if (it.key() == "customer_locale")
        customer_locale =
            it.value().is_string() ? mail::email_language(it.value().get<std::string>()) : "";
      else if (kBookingFields.count(it.key()))
        request[it.key()] = it.value();
      else if (!kIgnoredAmountFields.count(it.key()))
        return reply(AppResult::fail({"unknown_field", it.key(), "unknown field", nullptr}));
    }
    auto parsed = slotpay::load_booking_request(request.dump(), "booking");
    if (!parsed.ok() || !parsed.value) {
      ApiError e = validation_error(parsed.errors);
      ctx.metrics.count("slotpay_booking_rejections_total", "code=\"" + e.code + "\"");
      return reply(AppResult::fail(std::move(e)));
    }

    const int64_t now = ctx.clock.now_ms();
    const std::string token = random_hex(32);
    auto c = std::make_shared<Creation>();
    c->record.id = "bk_" + random_hex(12);
    c->record.merchant_id = merchant_id;
    c->record.access_token_hash = sha256_hex(token);
    c->record.created_at_ms = c->record.updated_at_ms = now;
    c->record.client_key = client_key.substr(0, 64);
    c->record.customer_zone = customer_zone;
    c->record.customer_locale = customer_locale;
    auto req = std::make_shared<const slotpay::BookingRequest>(std::move(*parsed.value));

    ctx.store.write(
        [&ctx, c, req, merchant_id, now, options](BookingTx& tx) {
          auto m = tx.merchant(merchant_id);
          if (!m) {
            c->failure = ApiError{"merchant_not_found", "merchant", "no such merchant", nullptr};
            return false;
          }
          c->merchant = std::make_shared<const Merchant>(*m);
          if (m->status == "suspended") {
            c->failure = merchant_unavailable();
            return false;
          }
          // The operator's platform fee for this merchant, not the catalog's own.
          const FeeSetting fee = effective_fee(ctx, *m);
          c->catalog = ctx.catalogs.get_with_fee(tx, merchant_id, m->catalog_version, fee.rate_bps,
                                                 fee.fixed);
          if (!c->catalog) {
            c->failure = internal_error("stored catalog unreadable for " + merchant_id);
            return false;
          }
          const auto& cat = c->catalog->loaded;
          slotpay::Errors errors;
          auto valid = check_booking_in_tx(tx, *c->catalog, *m, *req, now, errors);
          if (!errors.empty()) {
            c->failure = validation_error(errors);
            return false;
          }
          if (auto refused = coupon_refusal(tx, cat.catalog, *req, merchant_id, now)) {
            c->failure = std::move(refused);
            return false;
          }
          BookingRecord& r = c->record;
          r.catalog_version = m->catalog_version;
          r.slot = valid.booking;
          r.start_day = slotpay::format_local_date(cat.zone.to_local(r.slot.start).date);
          r.addons = req->addons;
          r.coupon = req->coupon.value_or("");
          r.customer = req->customer.value_or(slotpay::Customer{});
          r.quote = valid.quote;
          // A phone booking saves no card: what it owes is asked for by link.
          if (options.by_merchant) r.quote.charge_later = false;
          r.amount = valid.quote.due_now;
          r.mode = m->mode;
          r.merchant_keys = m->connection == "keys";
          r.stripe_account = r.merchant_keys ? "" : m->stripe_account;
          r.remind_at_ms =
              reminder_due_at_ms(r.slot.start, now, cat.catalog.merchant.reminder_hours);
          // A phone booking (by the merchant) is paid later, by link or at the venue.
          // Issue #11 item 4: a card saved for the charge after the service is online
          // too, even with nothing due now (a SetupIntent).
          c->online = !options.by_merchant && valid.quote.payment == slotpay::ChargeMode::kStripe &&
                      (r.amount > 0 || valid.quote.charge_later);
          if (c->online && !m->charges_enabled) {
            c->failure = ApiError{"payments_unavailable", "",
                                  "this merchant cannot take online payments yet", nullptr};
            return false;
          }
          // Issue #9: nothing to pay online and the merchant does not accept unconfirmed
          // bookings: it waits for the customer's email confirmation, holding its seats.
          const bool email_confirmation = !c->online && !options.by_merchant &&
                                          !cat.catalog.merchant.accept_unconfirmed &&
                                          ctx.config.mail.enabled && ctx.config.mail.links;
          if ((c->online || email_confirmation) && hold_caps_enabled(ctx.config.hold_caps)) {
            // Only holds (for an online payment or an email confirmation) tie up seats for
            // minutes; a booking confirmed at once is the merchant's choice.
            auto live = tx.live_holds(merchant_id, now, r.client_key, r.customer.email);
            if (auto refused = hold_cap_refusal(live, ctx.config.hold_caps)) {
              c->failure = std::move(refused);
              return false;
            }
          }
          r.payment_mode = c->online ? "stripe" : std::string(to_string(valid.quote.payment));
          Transition t = apply_event(
              r,
              HoldRequested{c->online,
                            c->online
                                ? initial_hold_ms(ctx.config.first_hold_ms, ctx.config.hold_ms)
                                : ctx.config.confirm_hold_ms,
                            email_confirmation},
              now);
          // The PaymentIntent create below is this instance's work until it is stored.
          if (c->online) claim_for_work(ctx, t.record, now);
          tx.insert_booking(t.record);
          // Confirmed at once: its confirmation; pending: the link to confirm it.
          queue_booking_emails(ctx, tx, nullptr, t.record, now);
          queue_hook_events(ctx, tx, nullptr, t.record, now);  // issue #11 item 7
          r = t.record;
          if (options.in_tx)
            if (auto refused = options.in_tx(tx, r, now)) {
              c->failure = std::move(refused);
              return false;
            }
          return true;
        },
        [&ctx, &sync, c, token, reply](const WriteResult& w) {
          guarded(reply, [&] {
            if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
            if (c->failure) {
              ctx.metrics.count("slotpay_booking_rejections_total",
                                "code=\"" + c->failure->code + "\"");
              return reply(AppResult::fail(*c->failure).about(c->merchant));
            }
            ctx.metrics.count("slotpay_bookings_created_total",
                              "payment=\"" + c->record.payment_mode + "\"");
            if (!c->online) return reply_created(ctx, *c, c->record, token, reply);
            ask_stripe(ctx, sync, c, token, reply);
          });
        });
  });
}

}  // namespace slotpay::server
