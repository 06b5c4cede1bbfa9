// Issue #11 item 3: phone bookings and pay-by-link. The merchant takes a booking by phone
// (the public create use case, by_merchant: the core checks the slot as for any booking;
// confirmed at once, its total due) and asks for a link for what is still due (a phone
// booking's total, or the balance after a deposit). The link is signed (purpose pay,
// subject the pay link's id), expires (config.pay_link_ms) and is paid once: the page
// asks for its PaymentIntent (one per link, by a stored idempotency key), and the
// webhook's payment_intent.succeeded adds the payment to the booking (webhook.cpp, the
// lifecycle's LinkPaymentSucceeded) and marks the link paid.
#include "app/pay_by_link.hpp"

#include <memory>

#include "app/booking_view.hpp"
#include "app/crypto.hpp"
#include "app/json_text.hpp"
#include "app/log.hpp"
#include "app/pay_links.hpp"
#include "slotpay/time.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

ApiError no_booking() { return ApiError{"booking_not_found", "", "no such booking", nullptr}; }

ApiError links_unavailable() {
  return ApiError{"pay_links_unavailable", "",
                  "payment links need SLOTPAY_MASTER_KEY and a public URL on this server", nullptr};
}

// The pay link's id from a valid token, or the refusal (link_* codes, as the manage link).
std::variant<std::string, ApiError> verified_link(const AppContext& ctx, const std::string& token,
                                                  int64_t now_ms) {
  const auto& links = ctx.config.mail.links;
  if (!links) return links_unavailable();
  if (token.size() > mail::kMaxLinkTokenLength)
    return ApiError{"link_malformed", "token", "not a payment link", nullptr};
  auto v = links->verify(token, mail::LinkPurpose::kPay, slotpay::Instant{now_ms / 1000});
  if (const auto* refusal = std::get_if<mail::LinkRefusal>(&v)) {
    if (*refusal == mail::LinkRefusal::kExpired)
      return ApiError{"pay_link_expired", "token",
                      "this payment link has expired; ask the business for a new one", nullptr};
    return ApiError{std::string(mail::to_string(*refusal)), "token", "not a valid payment link",
                    nullptr};
  }
  return std::get<mail::LinkClaims>(v).booking_id;
}

std::string pay_link_time(int64_t ms) {
  return slotpay::format_rfc3339(slotpay::Instant{ms / 1000}, 0);
}

ojson link_json(const AppContext& ctx, const PayLinkRecord& l, bool emailed) {
  ojson j;
  j["id"] = l.id;
  j["url"] = pay_url(ctx.config.mail, l);
  j["amount"] = l.amount;
  j["currency"] = l.currency;
  j["expires_at"] = pay_link_time(l.expires_at_ms);
  j["status"] = l.status;
  j["emailed"] = emailed;
  return j;
}

// Queues the payment_link email for `link` (kind payment_link). False when it cannot be
// built (no customer email, no catalog): the link itself stays good.
bool queue_pay_link_email(AppContext& ctx, BookingTx& tx, const BookingRecord& b,
                          const PayLinkRecord& link, int64_t now_ms) {
  if (!ctx.config.mail.enabled) return false;
  auto cat = ctx.catalogs.get(tx, b.merchant_id, b.catalog_version);
  auto facts = cat ? booking_facts(b, *cat) : std::nullopt;
  if (!facts) return false;
  facts->manage_url = manage_url(ctx.config.mail, b);
  mail::PaymentLinkFacts p{pay_url(ctx.config.mail, link), link.amount,
                           slotpay::Instant{link.expires_at_ms / 1000}};
  auto m = booking_email_message(ctx.config.mail, mail::payment_link_email(*facts, p), b, now_ms);
  if (!m) return false;
  // Not worth sending once the link has expired (the outbox drops it then).
  m->send_before_ms = link.expires_at_ms;
  tx.queue_message(*m);
  return true;
}

}  // namespace

std::string pay_url(const MailSettings& settings, const PayLinkRecord& link) {
  if (!settings.links || settings.public_url.empty()) return "";
  return settings.public_url + "/pay.html#" +
         settings.links->sign(
             {mail::LinkPurpose::kPay, link.id, slotpay::Instant{link.expires_at_ms / 1000}});
}

std::variant<PayLinkIssued, ApiError> issue_pay_link(AppContext& ctx, BookingTx& tx,
                                                     const BookingRecord& b, bool send_email,
                                                     int64_t now_ms) {
  if (!ctx.config.mail.links || ctx.config.mail.public_url.empty()) return links_unavailable();
  if (auto refused = pay_link_unavailable(b)) return *refused;
  const int64_t due = balance_due(b);
  PayLinkIssued out;
  // The link in force is reused while it is open, unexpired (for at least half its
  // lifetime more) and for the same amount: two clicks, or a link sent by email and then copied,
  // stay one link, so the customer cannot be handed two links to pay the same balance twice.
  auto current = tx.newest_pay_link(b.id);
  if (current && current->status == "open" && current->amount == due &&
      current->expires_at_ms - now_ms > ctx.config.pay_link_ms / 2) {
    out.link = *current;
  } else {
    auto m = tx.merchant(b.merchant_id);
    if (!m) return internal_error("merchant of booking " + b.id + " not found");
    PayLinkRecord& l = out.link;
    l.id = "pl_" + random_hex(12);
    l.booking_id = b.id;
    l.merchant_id = b.merchant_id;
    l.amount = due;
    l.currency = std::string(b.currency());
    l.application_fee = pay_link_fee(b, effective_fee(ctx, *m), due);
    l.status = "open";
    l.created_at_ms = now_ms;
    l.expires_at_ms = now_ms + ctx.config.pay_link_ms;
    tx.save_pay_link(l);
  }
  if (send_email) out.emailed = queue_pay_link_email(ctx, tx, b, out.link, now_ms);
  return out;
}

void merchant_pay_link_use_case(AppContext& ctx, const BookingScope& scope, bool send_email,
                                Reply reply) {
  auto issued = std::make_shared<std::optional<PayLinkIssued>>();
  auto failure = std::make_shared<std::optional<ApiError>>();
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [&ctx, scope, send_email, now, issued, failure](BookingTx& tx) {
        auto b = tx.booking(scope.booking_id);
        if (!b || !scope.covers(*b)) {
          *failure = no_booking();
          return false;
        }
        auto r = issue_pay_link(ctx, tx, *b, send_email, now);
        if (auto* e = std::get_if<ApiError>(&r)) {
          *failure = std::move(*e);
          return false;
        }
        *issued = std::get<PayLinkIssued>(r);
        return true;
      },
      [&ctx, issued, failure, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (*failure) return reply(AppResult::fail(**failure));
          ojson body;
          body["pay_link"] = link_json(ctx, (*issued)->link, (*issued)->emailed);
          reply(AppResult::ok(std::move(body), 201));
        });
      });
}

void phone_booking_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                            const json& body, Reply reply) {
  guarded(reply, [&] {
    if (!body.is_object())
      return reply(
          AppResult::fail({"invalid_json", "", "the request body must be a JSON object", nullptr}));
    json request = body;
    bool send_link = false;
    if (request.contains("send_pay_link")) {
      if (!request["send_pay_link"].is_boolean())
        return reply(AppResult::fail(
            {"invalid_field", "send_pay_link", "send_pay_link must be true or false", nullptr}));
      send_link = request["send_pay_link"].get<bool>();
      request.erase("send_pay_link");
    }
    auto issued = std::make_shared<std::optional<PayLinkIssued>>();
    CreateOptions options;
    options.by_merchant = true;
    const std::string mode = scope.mode;
    options.in_tx = [&ctx, send_link, issued, mode](BookingTx& tx, const BookingRecord& b,
                                                    int64_t now) -> std::optional<ApiError> {
      // An API key books only in its own mode (the merchant's active one).
      if (!mode.empty() && b.mode != mode)
        return ApiError{"stripe_mode_mismatch", "",
                        "this API key's mode is not the merchant's active mode", nullptr};
      if (!send_link) return std::nullopt;
      auto r = issue_pay_link(ctx, tx, b, true, now);
      if (auto* e = std::get_if<ApiError>(&r)) return *e;
      *issued = std::get<PayLinkIssued>(r);
      return std::nullopt;
    };
    create_booking_use_case(
        ctx, sync, scope.merchant_id, request, "",
        [&ctx, issued, reply](AppResult result) {
          guarded(reply, [&] {
            if (result.error || !*issued) return reply(std::move(result));
            // The booking as the public create answers it, with the link beside it.
            auto merged = ojson::parse(result.raw_body);
            merged["pay_link"] = link_json(ctx, (*issued)->link, (*issued)->emailed);
            AppResult out = AppResult::ok(std::move(merged), result.status);
            out.merchant = result.merchant;
            reply(std::move(out));
          });
        },
        options);
  });
}

void pay_view_use_case(AppContext& ctx, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_link(ctx, token, now);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  ctx.store.read([&ctx, id = std::get<std::string>(id), now, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto link = r.pay_link(id);
      auto b = link ? r.booking(link->booking_id) : std::nullopt;
      if (!link || !b) return reply(AppResult::fail(no_booking()));
      if (auto refused = pay_link_refusal(*link, *b, now))
        return reply(AppResult::fail(std::move(*refused)));
      auto m = r.merchant(b->merchant_id);
      auto cat = ctx.catalogs.get(r, b->merchant_id, b->catalog_version);
      std::string out;
      JsonObjectText body(out);
      body.raw("booking", booking_view(*b, cat.get(), m ? &*m : nullptr, ""));
      std::string pay;
      JsonObjectText p(pay);
      p.integer("amount", link->amount)
          .string("currency", link->currency)
          .string("expires_at", pay_link_time(link->expires_at_ms))
          .string("merchant_name", m ? m->name : "")
          .close();
      body.raw("pay", pay);
      body.close();
      reply(AppResult::ok_text(std::move(out)));
    });
  });
}

namespace {

struct IntentWork {
  std::optional<ApiError> failure;
  PayLinkRecord link;
  BookingRecord booking;
  std::shared_ptr<const Merchant> merchant;
};

void reply_intent(AppContext& ctx, const IntentWork& w, const std::string& client_secret,
                  const Reply& reply) {
  ojson body;
  body["pay_link"] = {{"id", w.link.id},
                      {"amount", w.link.amount},
                      {"currency", w.link.currency},
                      {"status", w.link.status}};
  body["payment"] = {{"payment_intent", w.link.payment_intent_id},
                     {"client_secret", client_secret},
                     {"publishable_key", publishable_key_for(ctx, w.booking, w.merchant.get())},
                     {"stripe_account", w.booking.stripe_account}};
  reply(AppResult::ok(std::move(body)).about(w.merchant));
}

}  // namespace

void pay_intent_use_case(AppContext& ctx, StripeSync& sync, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  auto id = verified_link(ctx, token, now);
  if (auto* e = std::get_if<ApiError>(&id)) return reply(AppResult::fail(std::move(*e)));
  auto w = std::make_shared<IntentWork>();
  ctx.store.write(
      [&ctx, id = std::get<std::string>(id), now, w](BookingTx& tx) {
        auto link = tx.pay_link(id);
        auto b = link ? tx.booking(link->booking_id) : std::nullopt;  // locks the booking
        if (!link || !b) {
          w->failure = no_booking();
          return false;
        }
        if (auto refused = pay_link_refusal(*link, *b, now)) {
          w->failure = std::move(refused);
          return false;
        }
        if (auto m = tx.merchant(b->merchant_id)) w->merchant = std::make_shared<Merchant>(*m);
        // Stored before the call: the same link always replays the same create.
        if (link->idempotency_key.empty()) {
          link->idempotency_key = "paylink_" + link->id + "_create_pi";
          tx.save_pay_link(*link);
        }
        w->link = *link;
        w->booking = *b;
        return true;
      },
      [&ctx, &sync, w, reply](const WriteResult& wr) {
        guarded(reply, [&] {
          if (!wr.error.empty()) return reply(AppResult::fail(store_failure(wr)));
          if (w->failure) return reply(AppResult::fail(*w->failure));
          if (!w->link.payment_intent_id.empty()) {
            auto secret = ctx.secrets.open(w->link.client_secret);
            if (secret && !secret->empty()) return reply_intent(ctx, *w, *secret, reply);
          }
          const BookingRecord& b = w->booking;
          ojson params;
          params["amount"] = w->link.amount;
          params["currency"] = w->link.currency;
          if (w->link.application_fee > 0 && w->link.application_fee < w->link.amount)
            params["application_fee_amount"] = w->link.application_fee;
          params["automatic_payment_methods"]["enabled"] = true;
          params["description"] = "Slotpay booking " + b.id + " (payment link)";
          params["metadata"]["booking_id"] = b.id;
          params["metadata"]["merchant_id"] = b.merchant_id;
          params["metadata"]["pay_link"] = w->link.id;
          sync.call_for(
              b, "POST", "/v1/payment_intents", params, "create_pay_link_intent",
              w->link.idempotency_key, [&ctx, w, reply](StripeResponse pi) {
                guarded(reply, [&] {
                  const std::string pi_id = pi.body.is_object() ? pi.body.value("id", "") : "";
                  const std::string secret =
                      pi.body.is_object() ? pi.body.value("client_secret", "") : "";
                  if (!pi.ok || pi_id.empty()) {
                    log_warn("pay link intent create failed",
                             {{"pay_link", w->link.id},
                              {"stripe_status", pi.http_status},
                              {"stripe_code", pi.error.code},
                              {"stripe_message", pi.error.message.substr(0, 500)}});
                    const bool for_good = stripe_refused_for_good(pi);
                    return reply(AppResult::fail(
                        {for_good ? "stripe_error" : "stripe_unavailable", "",
                         for_good ? "the payment provider refused this payment"
                                  : "the payment provider is unavailable, please try again",
                         nullptr}));
                  }
                  const std::string sealed = ctx.secrets.seal(secret);
                  ctx.store.write(
                      [w, pi_id, sealed](BookingTx& tx) {
                        auto link = tx.pay_link(w->link.id);
                        if (!link) return false;
                        if (link->payment_intent_id.empty()) {
                          link->payment_intent_id = pi_id;
                          link->client_secret = sealed;
                          tx.save_pay_link(*link);
                        }
                        w->link = *link;
                        return true;
                      },
                      [&ctx, w, secret, reply](const WriteResult& stored) {
                        guarded(reply, [&] {
                          if (!stored.error.empty())
                            return reply(AppResult::fail(store_failure(stored)));
                          reply_intent(ctx, *w, secret, reply);
                        });
                      });
                });
              });
        });
      });
}

}  // namespace slotpay::server
