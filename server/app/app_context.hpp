// What every use case works with, and the helpers they share: the one
// load-apply-store transaction (update_booking) and the reply guards.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/abuse_limits.hpp"
#include "app/api_error.hpp"
#include "app/availability_cache.hpp"
#include "app/booking_emails.hpp"
#include "app/catalog_cache.hpp"
#include "app/catalog_edit.hpp"
#include "app/client_secret_box.hpp"
#include "app/clock.hpp"
#include "app/cpu_pool.hpp"
#include "app/credentials.hpp"
#include "app/lifecycle.hpp"
#include "app/login_throttle.hpp"
#include "app/merchant_cache.hpp"
#include "app/metrics.hpp"
#include "app/secret_box.hpp"
#include "store/booking_store.hpp"
#include "stripe/stripe_client.hpp"

namespace slotpay::server {

class SecretBox;

struct ServiceConfig {
  std::string publishable_key;           // returned to the widget (public by design)
  std::string webhook_secret;            // whsec_...; never logged or returned
  int64_t hold_ms = 10 * 60 * 1000;      // default 10 minutes
  int64_t expiry_interval_ms = 2000;     // background pass period
  size_t max_stripe_actions = 64;        // background Stripe calls in flight at once
  int64_t availability_cache_ms = 1000;  // how long an availability answer is reused; 0: never

  // --- merchants (issue #10) ---
  std::string platform_mode = "test";  // the mode of the platform's secret key
  FeeSetting default_fee;              // the platform fee of merchants the operator set none for
  // The server's public base URL (https://book.example): Connect return and refresh
  // URLs, webhook URLs shown to merchants, the server's own wallet domain. Empty: taken
  // from the request's Host (fine on loopback; set it in production).
  std::string public_url;
  std::string dashboard_url = "/dashboard/";  // where onboarding returns the merchant
  std::string connect_dashboard = "full";     // new connected accounts: "full" | "express"
  bool allow_live_keys = false;  // merchants' live keys are sent only to an https Stripe
  // Opens and seals merchants' secrets; nullptr without a master key (then API-key mode
  // is refused).
  std::shared_ptr<const SecretBox> secrets;
  int64_t session_max_age_ms = 7LL * 24 * 3600 * 1000;
  int64_t session_idle_ms = 8LL * 3600 * 1000;
  size_t cpu_threads = 2;            // password hashing
  int64_t merchant_cache_ms = 1000;  // how long a merchant row serves CORS checks; 0: never
  bool livemode = false;  // the secret key's mode: webhooks of the other mode are ignored
  HoldCaps hold_caps;     // live holds per client, email and merchant (issue #9)
  // This instance's name in work claims (BookingRecord::claimed_by); empty: a random
  // one is made at start.
  std::string instance_id;
  // How long a work claim lasts (a PaymentIntent create, cancel or refund in flight):
  // longer than a Stripe call with its retries. Another instance takes the work over
  // only after that, when this one died.
  int64_t work_lease_ms = 120 * 1000;
  int max_claims_per_pass = 500;  // bookings one background pass takes on at most
  // No other process uses the store (SQLite): at startup every booking still `held`
  // was interrupted by this instance's previous life and is let go at once. With a
  // shared store (PostgreSQL) they wait for their claims to lapse: another instance
  // may be creating their PaymentIntents right now.
  bool exclusive_store = true;
  // Issue #12: the emails booking changes queue in the outbox (booking_emails.hpp).
  MailSettings mail;
  // Issue #9: a new online booking first holds its seats this long, until the widget
  // reaches the pay step and extends it to hold_ms (hold_extension.hpp). 0: hold_ms at once.
  int64_t first_hold_ms = 3 * 60 * 1000;
  // Issue #9: how long a booking with nothing to pay online holds its seats while it
  // waits for the customer's email confirmation (pending_confirmation).
  int64_t confirm_hold_ms = 30 * 60 * 1000;
  // Issue #9: key material for sealing client secrets at rest (client_secret_box.hpp); main
  // passes the Stripe secret key. Empty: a random key for this process.
  std::string at_rest_key;
  // Issue #11 item 7: merchants' webhook endpoints may be plain http on loopback
  // (--allow-loopback-webhooks: tests and the demo only).
  bool allow_loopback_webhooks = false;
  // Issue #11 item 3: how long a pay-by-link link can be paid (--pay-link-days).
  int64_t pay_link_ms = 7LL * 24 * 3600 * 1000;
};

struct AppContext {
  ServiceConfig config;
  BookingStore& store;
  StripeClient& stripe;
  const Clock& clock;
  Metrics& metrics;
  CatalogCache catalogs;
  AvailabilityCache availability;
  MerchantCache merchants;  // for the HTTP layer's lookups only (merchant_lookup)
  KeyRing keys{};           // merchants' opened Stripe keys (API-key mode)
  ClientSecretBox secrets;  // client secrets are stored sealed (issue #9)
  // Issue #10: password hashing runs here, never on an io or store thread.
  std::shared_ptr<CpuPool> cpu;
  LoginThrottle login_throttle{};
};

// The platform fee the server hands the core for this merchant: the operator's setting,
// else the default; nothing when the merchant charges with its own keys or on the
// platform's own account (no Connect: no application fee).
FeeSetting effective_fee(const AppContext& ctx, const Merchant& m);
// The publishable key the widget initialises Stripe.js with for this booking.
std::string publishable_key_for(const AppContext& ctx, const BookingRecord& b, const Merchant* m);
// The core's catalog errors as the API's 422 invalid_catalog (every error in details).
ApiError invalid_catalog_error(const slotpay::Errors& errors);
// 403 merchant_unavailable: the operator suspended the merchant.
ApiError merchant_unavailable();

// How far before and after a start instant an occupancy can begin and still collide
// with a booking there: two of the catalog's longest bookings (the candidate's and
// the occupancy's buffers on both sides) plus the longest booking ever stored.
int64_t occupancy_margin_s(const CatalogEntry& catalog, const Merchant& merchant);

// A core error as the API's error value.
ApiError from_core(const slotpay::Error& e);
ApiError internal_error(const std::string& detail_for_log);
// 503 database_unavailable: the database could not be reached; nothing was kept.
ApiError database_unavailable();
// A failed write's error: database_unavailable, or internal_error (logged).
ApiError store_failure(const WriteResult& w);

// Runs fn(); an exception is logged and answered with a generic internal_error, or
// database_unavailable for a StoreUnavailable (the reply must not have been called yet).
void guarded(const Reply& reply, const std::function<void()>& fn);

// Applies `event` to `record` inside a write transaction and stores the record when
// it changed. When the change owes Stripe actions, which the caller then carries out,
// this instance claims the booking for them (config.work_lease_ms).
Transition apply_and_save(AppContext& ctx, BookingTx& tx, const BookingRecord& record,
                          const LifecycleEvent& event, int64_t now_ms);
// Claims `record` for this instance's work from now_ms (a lease, see ServiceConfig).
void claim_for_work(const AppContext& ctx, BookingRecord& record, int64_t now_ms);

struct UpdateResult {
  std::optional<Transition> transition;  // absent: no such booking, or no event for it
  WriteResult write;
};
// The event for the booking as currently stored; nullopt: leave it alone.
using EventFor = std::function<std::optional<LifecycleEvent>(BookingTx&, const BookingRecord&)>;

// One write job: load booking `id`, ask `event_for` what happened, apply it through the
// lifecycle, store the result; `done` runs after the commit (on a store thread).
void update_booking(AppContext& ctx, const std::string& id, EventFor event_for,
                    std::function<void(const UpdateResult&)> done);
// The same for a known event.
void update_booking(AppContext& ctx, const std::string& id, LifecycleEvent event,
                    std::function<void(const UpdateResult&)> done);

}  // namespace slotpay::server
