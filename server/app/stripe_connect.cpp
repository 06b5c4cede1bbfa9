// Connect onboarding, the status in words and the dashboard link (stripe_connect.hpp).
// Every Stripe call here uses the platform's key: the connected account is named in the
// path (accounts, login links) or the parameters (account links), never in Stripe-Account.
#include "app/stripe_connect.hpp"

#include <algorithm>
#include <memory>

#include "app/account_events.hpp"
#include "app/account_status.hpp"
#include "app/log.hpp"
#include "app/origins.hpp"
#include "app/stripe_sync.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ApiError stripe_failure(const StripeResponse& r, const std::string& what) {
  const bool for_good = stripe_refused_for_good(r);
  // Stripe's own message says what was wrong with a refused request; it never holds a key.
  return {for_good ? "stripe_error" : "stripe_unavailable", "",
          what + (for_good ? ": " + r.error.message : ": Stripe did not answer, try again"),
          nullptr};
}

ApiError not_connected() {
  return {"stripe_not_connected", "",
          "this merchant has no Stripe connection in this mode: connect Stripe first", nullptr};
}

SideFacts facts_of(const StripeSide& s) {
  SideFacts f;
  f.connection = s.connection;
  f.mode = s.mode;
  f.charges_enabled = s.charges_enabled;
  f.details_submitted = s.details_submitted;
  f.deauthorized = s.deauthorized;
  f.currently_due = s.currently_due;
  f.disabled_reason = s.disabled_reason;
  return f;
}

ojson side_body(const StripeSide& s) {
  StatusWords w = describe_side(facts_of(s));
  ojson b;
  b["mode"] = s.mode;
  b["connection"] = s.connection;
  b["state"] = w.state;
  b["online_payments"] = w.online_payments;
  b["summary"] = w.summary;
  b["needed"] = w.needed;
  b["charges_enabled"] = s.charges_enabled;
  b["details_submitted"] = s.details_submitted;
  b["currently_due"] = s.currently_due;
  b["disabled_reason"] = s.disabled_reason.empty() ? ojson(nullptr) : ojson(s.disabled_reason);
  b["disabled_reason_words"] = disabled_reason_words(s.disabled_reason);
  if (s.connection == "connect" || s.connection == "platform") {
    b["stripe_account"] = s.stripe_account;
    b["dashboard"] = s.dashboard;
  }
  if (s.connection == "keys") {
    b["publishable_key"] = s.publishable_key;
    b["secret_key_hint"] = s.secret_key_hint;
  }
  return b;
}

// Reads the merchant's active mode and its sides in one job.
void read_sides(AppContext& ctx, const std::string& merchant_id,
                std::function<void(std::optional<Merchant>, std::vector<StripeSide>)> done,
                Reply reply) {
  ctx.store.read([merchant_id, done = std::move(done), reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      std::vector<StripeSide> sides;
      if (m) sides = r.accounts().stripe_sides(merchant_id);
      done(std::move(m), std::move(sides));
    });
  });
}

const StripeSide* side_of(const std::vector<StripeSide>& sides, const std::string& mode) {
  for (const auto& s : sides)
    if (s.mode == mode) return &s;
  return nullptr;
}

ApiError merchant_missing() { return {"merchant_not_found", "", "no such merchant", nullptr}; }

// Saves the connected account `account` (just created or reused) as the merchant's side
// of `mode` and makes that mode the merchant's active one; then done().
void save_connect_side(AppContext& ctx, const std::string& merchant_id, const std::string& mode,
                       const nlohmann::json& account, Reply reply, std::function<void()> done) {
  const AccountFacts facts = account_facts_from(account);
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [merchant_id, mode, facts, now](BookingTx& tx) {
        auto cur = tx.accounts().stripe_side(merchant_id, mode);
        StripeSide s;
        if (cur && cur->connection == "connect" && cur->stripe_account == facts.id &&
            !cur->deauthorized)
          s = *cur;  // a concurrent connect or webhook got there first: keep its status
        s.merchant_id = merchant_id;
        s.mode = mode;
        s.connection = "connect";
        s.stripe_account = facts.id;
        s.deauthorized = false;
        apply_account_facts(s, facts, now / 1000, now);
        tx.accounts().save_stripe_side(s);
        tx.accounts().set_merchant_mode(merchant_id, mode);
        return true;
      },
      [&ctx, merchant_id, reply, done = std::move(done)](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          ctx.merchants.forget(merchant_id);
          done();
        });
      });
}

void account_link(AppContext& ctx, const ConnectRequest& req, const std::string& account,
                  Reply reply) {
  ojson p;
  p["account"] = account;
  p["type"] = "account_onboarding";
  p["return_url"] = req.return_url;
  p["refresh_url"] = req.refresh_url;
  StripeRequestOptions o;
  o.operation = "create_account_link";
  ctx.stripe.request("POST", "/v1/account_links", p, o, [reply, account](StripeResponse r) {
    guarded(reply, [&] {
      if (!r.ok || !r.body.contains("url") || !r.body["url"].is_string())
        return reply(AppResult::fail(stripe_failure(r, "Stripe did not give an onboarding link")));
      ojson b;
      b["url"] = r.body["url"].get<std::string>();
      b["account"] = account;
      reply(AppResult::ok(std::move(b)));
    });
  });
}

}  // namespace

// --- pure decisions ---

std::optional<ApiError> connect_refusal(const std::optional<StripeSide>& side) {
  if (!side || side->connection == "none" || side->connection == "connect") return std::nullopt;
  if (side->connection == "platform" && side->stripe_account.empty()) return std::nullopt;
  return ApiError{"stripe_already_connected", "",
                  side->connection == "keys"
                      ? "this merchant charges with its own Stripe API keys in this mode: "
                        "remove them before connecting an account"
                      : "the operator set this merchant's Stripe account",
                  nullptr};
}

std::string reusable_account(const std::optional<StripeSide>& side) {
  if (!side || side->connection != "connect" || side->deauthorized) return "";
  return side->stripe_account;
}

std::string stripe_dashboard_url(const std::string& mode) {
  return mode == "live" ? "https://dashboard.stripe.com/" : "https://dashboard.stripe.com/test/";
}

std::vector<std::string> wallet_domains(const std::vector<std::string>& allowed_origins,
                                        const std::string& server_origin) {
  std::vector<std::string> out;
  auto add = [&](const std::string& origin) {
    auto checked = normalize_origin(origin);
    if (!checked.error.empty()) return;
    std::string host = origin_host(checked.origin);
    if (!wallet_domain_ok(host)) return;
    if (std::find(out.begin(), out.end(), host) == out.end()) out.push_back(host);
  };
  for (const auto& o : allowed_origins) add(o);
  if (!server_origin.empty()) add(server_origin);
  return out;
}

void apply_domain_object(PaymentDomainRecord& d, const nlohmann::json& o) {
  auto status_of = [&](const char* wallet) -> std::string {
    if (o.contains(wallet) && o[wallet].is_object() && o[wallet].contains("status") &&
        o[wallet]["status"].is_string())
      return o[wallet]["status"].get<std::string>();
    return "";
  };
  if (o.contains("id") && o["id"].is_string()) d.stripe_id = o["id"].get<std::string>();
  if (o.contains("enabled") && o["enabled"].is_boolean()) d.enabled = o["enabled"].get<bool>();
  d.apple_pay = status_of("apple_pay");
  d.google_pay = status_of("google_pay");
  d.status = !d.enabled                                            ? "removed"
             : d.apple_pay == "active" || d.google_pay == "active" ? "active"
                                                                   : "inactive";
  d.error.clear();
  for (const char* wallet : {"apple_pay", "google_pay"})
    if (o.contains(wallet) && o[wallet].is_object() && o[wallet].contains("status_details") &&
        o[wallet]["status_details"].is_object() &&
        o[wallet]["status_details"].contains("error_message") &&
        o[wallet]["status_details"]["error_message"].is_string())
      d.error = o[wallet]["status_details"]["error_message"].get<std::string>();
}

ojson stripe_status_body(const std::string& active_mode, const std::vector<StripeSide>& sides,
                         const std::string& webhook_url) {
  ojson b;
  const StripeSide* active = side_of(sides, active_mode);
  StripeSide none;
  none.mode = active_mode;
  ojson a = side_body(active ? *active : none);
  for (auto& [k, v] : a.items()) b[k] = v;
  if (a["connection"] == "keys") b["webhook_url"] = webhook_url;
  b["sides"] = ojson::array();
  for (const auto& s : sides)
    if (s.mode != active_mode) b["sides"].push_back(side_body(s));
  return b;
}

std::optional<ApiError> key_check_refusal(const StripeResponse& r) {
  if (r.ok) return std::nullopt;
  if (r.http_status == 401 || r.http_status == 403)
    return ApiError{"stripe_key_rejected", "secret_key",
                    r.http_status == 401
                        ? "Stripe refused this secret key: check that it is the whole key, "
                          "current (not rolled or revoked), of the right account"
                        : "this key may not read the balance: give a secret key, or a "
                          "restricted key with Balance read permission",
                    nullptr};
  return stripe_failure(r, "the key could not be checked with Stripe");
}

// --- use cases ---

void stripe_connect_use_case(AppContext& ctx, const ConnectRequest& req, Reply reply) {
  const std::string mode = ctx.config.platform_mode;
  read_sides(
      ctx, req.merchant_id,
      [&ctx, req, mode, reply](std::optional<Merchant> m, std::vector<StripeSide> sides) {
        if (!m) return reply(AppResult::fail(merchant_missing()));
        std::optional<StripeSide> side;
        if (const auto* s = side_of(sides, mode)) side = *s;
        if (auto refused = connect_refusal(side)) return reply(AppResult::fail(*refused));
        if (auto account = reusable_account(side); !account.empty()) {
          // Onboarding continues on the same account; the side becomes the active one.
          nlohmann::json acct = {{"id", account}};
          if (m->mode == mode) return account_link(ctx, req, account, reply);
          return save_connect_side(
              ctx, req.merchant_id, mode, acct, reply,
              [&ctx, req, account, reply] { account_link(ctx, req, account, reply); });
        }
        StripeRequestOptions o;
        o.operation = "create_account";
        // One account per side generation, even when the button is clicked twice.
        o.idempotency_key = "slotpay-connect-" + req.merchant_id + "-" + mode + "-" +
                            std::to_string(side ? side->updated_at_ms : 0);
        ctx.stripe.request(
            "POST", "/v1/accounts",
            connect_account_params(ctx.config.connect_dashboard, req.merchant_id, req.email), o,
            [&ctx, req, mode, reply](StripeResponse r) {
              guarded(reply, [&] {
                if (!r.ok || !r.body.contains("id") || !r.body["id"].is_string())
                  return reply(AppResult::fail(
                      stripe_failure(r, "Stripe did not create the connected account")));
                const std::string account = r.body["id"].get<std::string>();
                log_info("connected account created",
                         {{"merchant", req.merchant_id}, {"account", account}, {"mode", mode}});
                save_connect_side(
                    ctx, req.merchant_id, mode, r.body, reply,
                    [&ctx, req, account, reply] { account_link(ctx, req, account, reply); });
              });
            });
      },
      reply);
}

void stripe_return_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  const std::string mode = ctx.config.platform_mode;
  read_sides(
      ctx, merchant_id,
      [&ctx, merchant_id, mode, reply](std::optional<Merchant> m, std::vector<StripeSide> sides) {
        if (!m) return reply(AppResult::fail(merchant_missing()));
        const StripeSide* side = side_of(sides, mode);
        if (!side || side->connection != "connect" || side->stripe_account.empty())
          return reply(AppResult::fail(not_connected()));
        StripeRequestOptions o;
        o.operation = "retrieve_account";
        ctx.stripe.request(
            "GET", "/v1/accounts/" + side->stripe_account, ojson::object(), o,
            [&ctx, merchant_id, mode, reply, account = side->stripe_account](StripeResponse r) {
              guarded(reply, [&] {
                if (!r.ok || r.body.value("id", "") != account)
                  return reply(
                      AppResult::fail(stripe_failure(r, "Stripe did not return the account")));
                save_connect_side(ctx, merchant_id, mode, r.body, reply,
                                  [&ctx, merchant_id, reply] {
                                    stripe_status_use_case(ctx, merchant_id, "", reply);
                                  });
              });
            });
      },
      reply);
}

void stripe_status_use_case(AppContext& ctx, const std::string& merchant_id,
                            const std::string& webhook_url, Reply reply) {
  read_sides(
      ctx, merchant_id,
      [reply, webhook_url](std::optional<Merchant> m, std::vector<StripeSide> sides) {
        if (!m) return reply(AppResult::fail(merchant_missing()));
        reply(AppResult::ok(stripe_status_body(m->mode, sides, webhook_url)));
      },
      reply);
}

void stripe_dashboard_link_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  read_sides(
      ctx, merchant_id,
      [&ctx, reply](std::optional<Merchant> m, std::vector<StripeSide> sides) {
        if (!m) return reply(AppResult::fail(merchant_missing()));
        const StripeSide* side = side_of(sides, m->mode);
        if (!side || side->connection == "none" || side->deauthorized)
          return reply(AppResult::fail(not_connected()));
        if (side->connection == "connect" && side->dashboard == "express") {
          StripeRequestOptions o;
          o.operation = "create_login_link";
          return ctx.stripe.request(
              "POST", "/v1/accounts/" + side->stripe_account + "/login_links", ojson::object(), o,
              [reply](StripeResponse r) {
                guarded(reply, [&] {
                  if (!r.ok || !r.body.contains("url") || !r.body["url"].is_string())
                    return reply(
                        AppResult::fail(stripe_failure(r, "Stripe did not give a login link")));
                  ojson b;
                  b["url"] = r.body["url"].get<std::string>();
                  b["kind"] = "express";
                  reply(AppResult::ok(std::move(b)));
                });
              });
        }
        ojson b;
        b["url"] = stripe_dashboard_url(side->mode);
        b["kind"] = "stripe_dashboard";
        reply(AppResult::ok(std::move(b)));
      },
      reply);
}

}  // namespace slotpay::server
