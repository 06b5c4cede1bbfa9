// Wallet domains (stripe_connect.hpp): Apple Pay and Google Pay show in the Payment
// Element only on domains registered on the account that charges. The merchant's allowed
// widget origins and the server's own origin (the iframe's page) are registered on the
// active side's account; domains no longer allowed are disabled (Stripe keeps the object:
// there is no delete). Calls run one after the other: a merchant has at most
// kMaxAllowedOrigins + 1 domains.
#include <algorithm>
#include <map>
#include <memory>

#include "app/credentials.hpp"
#include "app/log.hpp"
#include "app/stripe_connect.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ojson domain_body(const PaymentDomainRecord& d) {
  ojson b;
  b["domain"] = d.domain;
  b["status"] = d.status;
  b["apple_pay"] = d.apple_pay;
  b["google_pay"] = d.google_pay;
  b["enabled"] = d.enabled;
  b["error"] = d.error.empty() ? ojson(nullptr) : ojson(d.error);
  b["updated_at"] = d.updated_at_ms;
  return b;
}

ojson list_body(const std::string& mode, const std::vector<PaymentDomainRecord>& domains) {
  ojson b;
  b["mode"] = mode;
  b["domains"] = ojson::array();
  for (const auto& d : domains) b["domains"].push_back(domain_body(d));
  return b;
}

// One sync's state, shared by its chained Stripe calls.
struct DomainSync {
  AppContext* ctx = nullptr;
  std::string merchant_id;
  std::string mode;
  std::string where;  // registered_on: the account id, "platform" or "keys"
  StripeRequestOptions base;
  std::vector<std::string> wanted;
  std::map<std::string, PaymentDomainRecord> records;  // by domain, as stored, then updated
  std::vector<std::string> todo;                       // domains to look at, in order
  size_t next = 0;
  Reply reply;
};

void finish(const std::shared_ptr<DomainSync>& s) {
  std::vector<PaymentDomainRecord> out;
  for (auto& [_, d] : s->records) out.push_back(d);
  s->ctx->store.write(
      [out](BookingTx& tx) {
        for (const auto& d : out) tx.accounts().save_payment_domain(d);
        return true;
      },
      [s, out](const WriteResult& w) {
        guarded(s->reply, [&] {
          if (!w.error.empty()) return s->reply(AppResult::fail(store_failure(w)));
          s->reply(AppResult::ok(list_body(s->mode, out)));
        });
      });
}

void step(const std::shared_ptr<DomainSync>& s);

void failed(const std::shared_ptr<DomainSync>& s, PaymentDomainRecord& d, const StripeResponse& r) {
  d.status = "failed";
  d.error = r.error.message.empty() ? "Stripe did not answer" : r.error.message;
  log_warn("payment method domain not registered",
           {{"merchant", s->merchant_id}, {"domain", d.domain}, {"status", r.http_status}});
}

// The answer of a create / update / lookup for `domain`, then the next domain.
StripeCallback settle(const std::shared_ptr<DomainSync>& s, const std::string& domain,
                      bool lookup_on_conflict) {
  return [s, domain, lookup_on_conflict](StripeResponse r) {
    guarded(s->reply, [&] {
      auto& d = s->records[domain];
      d.updated_at_ms = s->ctx->clock.now_ms();
      if (r.ok && r.body.value("object", "") == "list") {
        // The lookup after "already exists": the registration made earlier (by this
        // server on another instance, or by the merchant at Stripe).
        if (r.body.contains("data") && r.body["data"].is_array() && !r.body["data"].empty()) {
          apply_domain_object(d, r.body["data"][0]);
          d.registered_on = s->where;
          if (!d.enabled) {
            ojson p;
            p["enabled"] = true;
            return s->ctx->stripe.request("POST", "/v1/payment_method_domains/" + d.stripe_id, p,
                                          s->base, settle(s, domain, false));
          }
        } else {
          failed(s, d, r);
        }
        return step(s);
      }
      if (r.ok) {
        apply_domain_object(d, r.body);
        d.registered_on = s->where;
        return step(s);
      }
      if (lookup_on_conflict && r.error.code == "resource_already_exists") {
        ojson q;
        q["domain_name"] = domain;
        return s->ctx->stripe.request("GET", "/v1/payment_method_domains", q, s->base,
                                      settle(s, domain, false));
      }
      failed(s, d, r);
      step(s);
    });
  };
}

void step(const std::shared_ptr<DomainSync>& s) {
  if (s->next >= s->todo.size()) return finish(s);
  const std::string domain = s->todo[s->next++];
  auto& d = s->records[domain];
  const bool wanted = std::find(s->wanted.begin(), s->wanted.end(), domain) != s->wanted.end();
  const bool here = d.registered_on == s->where && !d.stripe_id.empty();
  if (!wanted) {
    if (!here || !d.enabled) return step(s);  // never registered here, or already off
    ojson p;
    p["enabled"] = false;
    return s->ctx->stripe.request("POST", "/v1/payment_method_domains/" + d.stripe_id, p, s->base,
                                  settle(s, domain, false));
  }
  if (here && d.enabled && d.status != "failed") return step(s);  // registered already
  if (here) {
    ojson p;
    p["enabled"] = true;
    return s->ctx->stripe.request("POST", "/v1/payment_method_domains/" + d.stripe_id, p, s->base,
                                  settle(s, domain, false));
  }
  ojson p;
  p["domain_name"] = domain;
  p["enabled"] = true;
  s->ctx->stripe.request("POST", "/v1/payment_method_domains", p, s->base, settle(s, domain, true));
}

}  // namespace

void sync_payment_domains_use_case(AppContext& ctx, const std::string& merchant_id,
                                   const std::string& server_origin, Reply reply) {
  ctx.store.read([&ctx, merchant_id, server_origin, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      auto side = r.accounts().stripe_side(merchant_id, m->mode);
      if (!side || side->connection == "none" || side->deauthorized)
        return reply(AppResult::fail({"stripe_not_connected", "",
                                      "connect Stripe first: wallet domains are registered on "
                                      "the account that charges",
                                      nullptr}));
      auto s = std::make_shared<DomainSync>();
      s->ctx = &ctx;
      s->merchant_id = merchant_id;
      s->mode = m->mode;
      s->reply = reply;
      s->base.operation = "payment_method_domain";
      s->wanted = wallet_domains(m->allowed_origins, server_origin);
      for (auto& d : r.accounts().payment_domains(merchant_id, m->mode)) s->records[d.domain] = d;
      for (const auto& w : s->wanted) {
        auto& d = s->records[w];
        d.merchant_id = merchant_id;
        d.mode = m->mode;
        d.domain = w;
      }
      for (auto& [domain, _] : s->records) s->todo.push_back(domain);
      if (side->connection == "keys") {
        s->where = "keys";
        return merchant_keys_for(ctx, merchant_id, m->mode, [s](std::optional<MerchantKeys> k) {
          if (!k)
            return s->reply(
                AppResult::fail({"key_mode_unavailable", "",
                                 "the merchant's Stripe keys cannot be opened", nullptr}));
          s->base.secret_key = k->secret_key;
          step(s);
        });
      }
      s->where = side->stripe_account.empty() ? "platform" : side->stripe_account;
      s->base.stripe_account = side->stripe_account;
      step(s);
    });
  });
}

void payment_domains_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  ctx.store.read([merchant_id, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      reply(AppResult::ok(list_body(m->mode, r.accounts().payment_domains(merchant_id, m->mode))));
    });
  });
}

}  // namespace slotpay::server
