#include "app/merchant_webhooks.hpp"

#include <memory>

#include "app/app_context.hpp"
#include "app/crypto.hpp"
#include "hooks/signature.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

ApiError endpoint_not_found() {
  return ApiError{"webhook_endpoint_not_found", "id", "no such webhook endpoint", nullptr};
}

// Reads in a read job; `fn` answers through reply (guarded: store failures -> 503/500).
void read_job(AppContext& ctx, Reply reply, std::function<void(StoreReader&)> fn) {
  ctx.store.read([reply = std::move(reply), fn = std::move(fn)](StoreReader& r) {
    guarded(reply, [&] { fn(r); });
  });
}

// A write job whose outcome (an answer or an error) is decided inside it and sent once
// the transaction has committed.
void write_job(AppContext& ctx, Reply reply, std::function<bool(BookingTx&, AppResult&)> fn) {
  auto result = std::make_shared<AppResult>(AppResult::fail(internal_error("no answer")));
  ctx.store.write([fn = std::move(fn), result](BookingTx& tx) { return fn(tx, *result); },
                  [reply = std::move(reply), result](const WriteResult& w) {
                    if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
                    reply(std::move(*result));
                  });
}

}  // namespace

std::string endpoint_secret_context(const std::string& endpoint_id) {
  return "webhook_endpoint:" + endpoint_id;
}

void webhook_endpoint_create(AppContext& ctx, const std::string& merchant_id,
                             const WebhookEndpointChange& change, Reply reply) {
  if (!ctx.config.secrets)
    return reply(AppResult::fail(
        {"webhooks_unavailable", "",
         "this server has no master key (SLOTPAY_MASTER_KEY), so it cannot keep webhook secrets",
         nullptr}));
  HookEndpoint e;
  std::string secret;
  try {
    e.id = "we_" + random_hex(12);
    secret = hooks::new_endpoint_secret();
  } catch (const std::exception& ex) {
    return reply(AppResult::fail(internal_error(ex.what())));
  }
  e.merchant_id = merchant_id;
  e.url = change.url.value_or("");
  e.events = change.events.value_or(std::vector<std::string>{});
  e.secret_sealed = ctx.config.secrets->seal(secret, endpoint_secret_context(e.id));
  e.created_at_ms = e.updated_at_ms = ctx.clock.now_ms();
  write_job(ctx, std::move(reply), [e, secret](BookingTx& tx, AppResult& out) {
    if (tx.webhook_endpoints(e.merchant_id).size() >= kMaxWebhookEndpoints) {
      out = AppResult::fail({"too_many_webhook_endpoints", "",
                             "a merchant may have at most " + std::to_string(kMaxWebhookEndpoints) +
                                 " webhook endpoints",
                             nullptr});
      return false;
    }
    tx.save_webhook_endpoint(e);
    ojson body = endpoint_view(e);
    body["secret"] = secret;  // this once
    out = AppResult::ok(std::move(body), 201);
    return true;
  });
}

void webhook_endpoints_list(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  read_job(ctx, reply, [merchant_id, reply](StoreReader& r) {
    ojson data = ojson::array();
    for (const auto& e : r.webhook_endpoints(merchant_id)) data.push_back(endpoint_view(e));
    reply(AppResult::ok(ojson{{"data", std::move(data)}}));
  });
}

void webhook_endpoint_get(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                          Reply reply) {
  read_job(ctx, reply, [merchant_id, id, reply](StoreReader& r) {
    auto e = r.webhook_endpoint(id);
    if (!e || e->merchant_id != merchant_id) return reply(AppResult::fail(endpoint_not_found()));
    reply(AppResult::ok(endpoint_view(*e)));
  });
}

void webhook_endpoint_update(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                             const WebhookEndpointChange& change, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  write_job(ctx, std::move(reply), [merchant_id, id, change, now](BookingTx& tx, AppResult& out) {
    auto e = tx.webhook_endpoint(id);
    if (!e || e->merchant_id != merchant_id) {
      out = AppResult::fail(endpoint_not_found());
      return false;
    }
    if (change.url) e->url = *change.url;
    if (change.events) e->events = *change.events;
    if (change.enabled) {
      if (*change.enabled && !e->enabled) e->failed_events = 0;
      e->enabled = *change.enabled;
      e->disabled_reason = e->enabled ? "" : "merchant";
    }
    e->updated_at_ms = now;
    tx.save_webhook_endpoint(*e);
    out = AppResult::ok(endpoint_view(*e));
    return true;
  });
}

void webhook_endpoint_delete(AppContext& ctx, const std::string& merchant_id, const std::string& id,
                             Reply reply) {
  write_job(ctx, std::move(reply), [merchant_id, id](BookingTx& tx, AppResult& out) {
    auto e = tx.webhook_endpoint(id);
    if (!e || e->merchant_id != merchant_id) {
      out = AppResult::fail(endpoint_not_found());
      return false;
    }
    tx.delete_webhook_endpoint(id);
    out = AppResult::ok(ojson{{"id", id}, {"deleted", true}});
    return true;
  });
}

void webhook_deliveries_list(AppContext& ctx, const std::string& merchant_id,
                             const std::string& endpoint_id, const std::string& starting_after,
                             int limit, Reply reply) {
  read_job(ctx, reply, [=](StoreReader& r) {
    auto e = r.webhook_endpoint(endpoint_id);
    if (!e || e->merchant_id != merchant_id) return reply(AppResult::fail(endpoint_not_found()));
    // One more than asked: whether there is a next page.
    auto rows = r.webhook_deliveries(endpoint_id, starting_after, limit + 1);
    const bool more = static_cast<int>(rows.size()) > limit;
    if (more) rows.resize(static_cast<size_t>(limit));
    ojson data = ojson::array();
    for (const auto& d : rows) data.push_back(delivery_view(d));
    ojson body;
    body["data"] = std::move(data);
    body["has_more"] = more;
    body["next_cursor"] = more ? ojson(rows.back().id) : ojson(nullptr);
    reply(AppResult::ok(std::move(body)));
  });
}

void webhook_delivery_resend(AppContext& ctx, const std::string& merchant_id,
                             const std::string& delivery_id, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  std::string new_id;
  try {
    new_id = "whd_" + random_hex(12);
  } catch (const std::exception& ex) {
    return reply(AppResult::fail(internal_error(ex.what())));
  }
  write_job(ctx, std::move(reply),
            [merchant_id, delivery_id, now, new_id](BookingTx& tx, AppResult& out) {
              auto d = tx.webhook_delivery(delivery_id);
              if (!d || d->merchant_id != merchant_id) {
                out = AppResult::fail(
                    {"webhook_delivery_not_found", "id", "no such webhook delivery", nullptr});
                return false;
              }
              HookDelivery n;
              n.id = new_id;
              n.event_id = d->event_id;
              n.endpoint_id = d->endpoint_id;
              n.merchant_id = d->merchant_id;
              n.manual = true;
              n.next_at_ms = now;
              n.created_at_ms = now;
              n.event_type = d->event_type;
              tx.insert_webhook_delivery(n);
              out = AppResult::ok(delivery_view(n), 201);
              return true;
            });
}

}  // namespace slotpay::server
