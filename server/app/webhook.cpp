// Stripe webhooks: the signature is checked on the raw body, each event id is handled
// once, the event is bound to its booking (by the stored PaymentIntent id, same account,
// same mode: webhook_binding.hpp) and turned into a lifecycle event; the answer comes
// after the transaction commits.
#include <algorithm>
#include <memory>

#include "app/account_events.hpp"
#include "app/disputes.hpp"
#include "app/json_fields.hpp"
#include "app/log.hpp"
#include "app/refunds.hpp"
#include "app/use_cases.hpp"
#include "app/webhook_binding.hpp"
#include "stripe/webhook_signature.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Whether the booking's slot still has room for it, by the booking's catalog version
// (a payment that arrives after its hold lapsed).
bool slot_still_free(AppContext& ctx, BookingTx& tx, const BookingRecord& b, int64_t now_ms) {
  auto cat = ctx.catalogs.get(tx, b.merchant_id, b.catalog_version);
  auto merchant = tx.merchant(b.merchant_id);
  if (!cat || !merchant) return false;
  slotpay::SlotQuery q;
  q.service = b.slot.service;
  q.staff = b.slot.staff.empty() ? "any" : b.slot.staff;
  q.addons = b.addons;
  q.quantity = b.slot.quantity;
  q.now = slotpay::Instant{now_ms / 1000};
  q.path = "booking";
  int64_t margin = occupancy_margin_s(*cat, *merchant);
  q.occupied = tx.occupancies(b.merchant_id, now_ms, b.slot.start.seconds - margin,
                              b.slot.start.seconds + margin + 1, b.id);
  auto check = slotpay::check_slot(cat->loaded.catalog, cat->loaded.zone, q, b.slot.start);
  return check.ok() && check.value().on_grid && check.value().fits && check.value().assigned;
}

// The lifecycle event of a Stripe event about booking `b`; nullopt for types that do
// not concern bookings.
std::optional<LifecycleEvent> lifecycle_event(AppContext& ctx, BookingTx& tx,
                                              const BookingRecord& b, const std::string& type,
                                              const std::string& account, const json& obj,
                                              int64_t now_ms) {
  const std::string id = str_or(obj, "id");
  if (type == "payment_intent.succeeded") {
    int64_t amount = int_or(obj, "amount", -1);
    PaymentSucceeded e{id,
                       account,
                       amount,
                       int_or(obj, "amount_received", amount),
                       str_or(obj, "currency"),
                       false,
                       str_or(obj, "payment_method")};
    if (needs_slot_check(b, now_ms)) e.slot_free = slot_still_free(ctx, tx, b, now_ms);
    return e;
  }
  if (type == "setup_intent.succeeded") {
    SetupSucceeded e{id, account, str_or(obj, "customer"), str_or(obj, "payment_method"), false};
    if (needs_slot_check(b, now_ms)) e.slot_free = slot_still_free(ctx, tx, b, now_ms);
    return e;
  }
  if (type == "payment_intent.payment_failed") return PaymentFailed{id, account};
  if (type == "payment_intent.canceled") return PaymentCanceled{id, account};
  if (type == "charge.refunded") {
    // The charge's running total only while Stripe has told of no refund one by one
    // (record_refund): an older total must not undo a refund.failed.
    if (!tx.refunds_of_booking(b.id).empty()) return std::nullopt;
    return ChargeRefunded{int_or(obj, "amount_refunded", 0)};
  }
  if (is_refund_event_type(type)) {
    auto refunds = tx.refunds_of_booking(b.id);
    return RefundsTotalled{refunded_total(refunds)};
  }
  // Every dispute event marks the booking disputed (it has, or had, a dispute); the
  // dispute's own record is kept beside it (record_dispute below).
  if (starts_with(type, "charge.dispute.")) return DisputeCreated{};
  return std::nullopt;
}

// Issue #11 item 5: a charge.dispute.* event's dispute, recorded beside booking `b`.
// Returns the webhook's action label, or "" when the event is not a dispute event.
std::string record_dispute(BookingTx& tx, const BookingRecord& b, const std::string& type,
                           const json& ev, const json& obj, int64_t now_ms) {
  if (!starts_with(type, "charge.dispute.")) return "";
  auto e = dispute_event_from(type, obj, int_or(ev, "created", 0));
  if (!e) return "ignored_invalid_dispute";
  if (e->currency != b.currency()) return "ignored_currency_mismatch";
  auto update = apply_dispute_event(tx.dispute(e->dispute_id), b.id, *e, now_ms);
  if (!update.changed) return "unchanged";
  tx.save_dispute(update.record);
  return "dispute_recorded";
}

// Issue #11 item 1: a refund.* event's refund, recorded beside booking `b` (before the
// lifecycle totals the booking's refunds). Returns the webhook's action label, or ""
// when the event is not a refund event.
std::string record_refund(BookingTx& tx, const BookingRecord& b, const std::string& type,
                          const json& ev, const json& obj, int64_t now_ms) {
  if (!is_refund_event_type(type)) return "";
  auto e = refund_event_from(type, obj, int_or(ev, "created", 0));
  if (!e) return "ignored_invalid_refund";
  if (e->currency != b.currency()) return "ignored_currency_mismatch";
  record_refund_event(tx, b.id, *e, now_ms);
  return "";
}

struct Delivery {
  bool duplicate = false;
  std::string action = "recorded";
  std::optional<Transition> transition;
};

// Issue #11 item 3: a payment_intent.* event about a pay link's PaymentIntent. Only its
// success matters: the payment is added to the booking once (the link is marked paid in
// the same transaction, so another success event for it changes nothing).
void apply_link_payment(AppContext& ctx, BookingTx& tx, const BookingRecord& b, PayLinkRecord link,
                        const std::string& type, const std::string& account, const json& obj,
                        int64_t now_ms, Delivery& d) {
  if (type != "payment_intent.succeeded") return;
  if (link.status == "paid") {
    d.action = "pay_link_already_paid";
    return;
  }
  const int64_t received = int_or(obj, "amount_received", int_or(obj, "amount", -1));
  if (received != link.amount || str_or(obj, "currency") != link.currency) {
    d.action = "amount_mismatch";
    log_error("pay link payment does not match the link",
              {{"booking", b.id}, {"pay_link", link.id}, {"amount", received}});
    return;
  }
  Transition t = apply_and_save(
      ctx, tx, b, LinkPaymentSucceeded{str_or(obj, "id"), account, received, link.currency},
      now_ms);
  d.action = to_string(t.outcome);
  if (t.outcome == Outcome::kBalancePaid || t.outcome == Outcome::kBalancePaidLate) {
    link.status = "paid";
    link.paid_at_ms = now_ms;
    // Paid after the booking's refund was decided: it goes back by itself.
    link.late = std::any_of(t.actions.begin(), t.actions.end(), [](const Action& a) {
      return std::holds_alternative<RefundLatePayments>(a);
    });
    tx.save_pay_link(link);
  }
  d.transition = std::move(t);
}

}  // namespace

void webhook_use_case(AppContext& ctx, StripeSync& sync, const std::string& raw_body,
                      const std::string& signature_header, Reply reply) {
  WebhookEndpoint platform;
  platform.secrets.emplace_back(ctx.config.platform_mode, ctx.config.webhook_secret);
  webhook_use_case(ctx, sync, platform, raw_body, signature_header, std::move(reply));
}

void webhook_use_case(AppContext& ctx, StripeSync& sync, const WebhookEndpoint& endpoint,
                      const std::string& raw_body, const std::string& signature_header,
                      Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  // The endpoint's secrets in turn (a merchant's test and live ones): the one that
  // verifies the signature says which mode the event belongs to.
  SignatureVerdict verdict{false, "no webhook secret for this endpoint"};
  std::string mode;
  for (const auto& [secret_mode, secret] : endpoint.secrets) {
    SignatureVerdict v = verify_stripe_signature(raw_body, signature_header, secret, now / 1000,
                                                 kWebhookToleranceSeconds);
    if (v.ok || verdict.error == "no webhook secret for this endpoint") verdict = v;
    if (v.ok) {
      mode = secret_mode;
      break;
    }
  }
  if (!verdict.ok) {
    ctx.metrics.count("slotpay_webhooks_total", "result=\"bad_signature\"");
    return reply(
        AppResult::fail({"invalid_signature", "Stripe-Signature", verdict.error, nullptr}));
  }
  auto event = std::make_shared<const json>(json::parse(raw_body, nullptr, false));
  const json& ev = *event;
  if (!ev.is_object() || str_or(ev, "id").empty() || str_or(ev, "type").empty() ||
      !ev.contains("data") || !ev["data"].is_object() || !ev["data"].contains("object") ||
      !ev["data"]["object"].is_object())
    return reply(AppResult::fail({"invalid_event", "", "not a Stripe event", nullptr}));

  auto d = std::make_shared<Delivery>();
  ctx.store.write(
      [&ctx, event, d, now, mode, merchant_id = endpoint.merchant_id](BookingTx& tx) {
        const json& ev = *event;
        const std::string type = str_or(ev, "type");
        const std::string account = str_or(ev, "account");
        const json& obj = ev["data"]["object"];
        if (!tx.record_event({str_or(ev, "id"), type, account, str_or(obj, "id"), now})) {
          d->duplicate = true;
          return false;
        }
        // Issue #9: the other mode's events change nothing (recorded above, ignored). The
        // mode is the verifying secret's, not the platform's (issue #10 item 6).
        if (!livemode_matches(ev, mode)) {
          d->action = to_string(WebhookBinding::kIgnoredLivemode);
          return true;
        }
        // account.updated / account.application.deauthorized: the merchant's side.
        if (auto action = apply_account_event(tx, ev, mode, now); !action.empty()) {
          d->action = action;
          return true;
        }
        // Issue #9: the booking only by the PaymentIntent id the server stored, never
        // by metadata; and only from the booking's own account.
        std::optional<BookingRecord> b;
        std::optional<PayLinkRecord> link;
        const std::string pi = stored_payment_intent_of(type, obj);
        if (!pi.empty()) b = tx.booking_by_payment_intent(pi);
        // A pay link's PaymentIntent (issue #11 item 3): its booking, through the link.
        if (!b && !pi.empty() && (link = tx.pay_link_by_payment_intent(pi)))
          b = tx.booking(link->booking_id);
        if (!b) {
          if (starts_with(type, "payment_intent.") || starts_with(type, "charge."))
            d->action = "ignored_no_booking";
          return true;
        }
        if (auto bound = bind_to_booking(account, b->stripe_account);
            bound != WebhookBinding::kBound) {
          d->action = to_string(bound);
          log_error("webhook from another account ignored",
                    {{"event", str_or(ev, "id")}, {"booking", b->id}, {"account", account}});
          return true;
        }
        // Bound to its endpoint: the platform's endpoint speaks for bookings charged through
        // the platform's key, a merchant's endpoint only for that merchant's bookings
        // charged with its own keys; and an event only for bookings of its mode.
        if (merchant_id.empty() ? b->merchant_keys
                                : (b->merchant_id != merchant_id || !b->merchant_keys)) {
          d->action = "endpoint_mismatch";
          log_error("webhook event for a booking of another endpoint",
                    {{"event", str_or(ev, "id")}, {"booking", b->id}});
          return true;
        }
        if (!b->mode.empty() && b->mode != mode) {
          d->action = "mode_mismatch";
          return true;
        }
        if (link && starts_with(type, "payment_intent.")) {
          apply_link_payment(ctx, tx, *b, *link, type, account, obj, now, *d);
          return true;
        }
        const std::string dispute_action = record_dispute(tx, *b, type, ev, obj, now);
        const std::string refund_action = record_refund(tx, *b, type, ev, obj, now);
        for (const std::string& ignored : {dispute_action, refund_action})
          if (ignored.rfind("ignored_", 0) == 0) {
            d->action = ignored;
            return true;
          }
        auto e = lifecycle_event(ctx, tx, *b, type, account, obj, now);
        if (!e) return true;
        d->transition = apply_and_save(ctx, tx, *b, *e, now);
        d->action = dispute_action.empty() ? to_string(d->transition->outcome) : dispute_action;
        if (d->action == std::string("account_mismatch") ||
            d->action == std::string("amount_mismatch") ||
            d->action == std::string("payment_intent_mismatch"))
          log_error("webhook does not match the booking",
                    {{"event", str_or(ev, "id")}, {"booking", b->id}, {"action", d->action}});
        return true;
      },
      [&ctx, &sync, event, d, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          const std::string type = str_or(*event, "type");
          ctx.metrics.count("slotpay_webhooks_total",
                            "type=\"" + (type.size() < 64 ? type : std::string("other")) +
                                "\",result=\"" + (d->duplicate ? "duplicate" : d->action) + "\"");
          log_info("webhook", {{"event", str_or(*event, "id")},
                               {"type", type},
                               {"duplicate", d->duplicate},
                               {"action", d->action}});
          // Stripe's calls go on after the answer; what they owe stays on the record.
          if (d->transition && !d->transition->actions.empty())
            sync.carry_out(d->transition->record, d->transition->actions);
          ojson body;
          body["received"] = true;
          body["duplicate"] = d->duplicate;
          body["action"] = d->duplicate ? "none" : d->action;
          reply(AppResult::ok(std::move(body)));
        });
      });
}

}  // namespace slotpay::server
