#include "store/postgres/pg_schema.hpp"

#include <iterator>

namespace slotpay::server::pg {
namespace {

// pg_advisory_lock key for migrations: "slotpay" + 1, any fixed number no other
// advisory lock of ours uses.
constexpr const char* kMigrationLock = "7310767297360001";

// Migrations 1 and 2 are empty here: no PostgreSQL database predates version 3 (the
// PostgreSQL store came after it), so 3 creates at once what SQLite reached by 1-3.
// From 4 on, each number is the same change in both stores.
const char* const kMigrations[] = {
    // 1: (SQLite: merchants, bookings as JSON text, Stripe events)
    "",
    // 2: (SQLite: the local start date of each booking)
    "",
    // 3: catalog versions, bookings as typed columns (as SQLite's 3 leaves them).
    // Integers are BIGINT (instants in ms), flags 0/1 as in SQLite, so one row codec
    // (store/booking_row.hpp) serves both stores.
    R"sql(
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  stripe_account TEXT NOT NULL DEFAULT '',
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  charges_enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  catalog_version BIGINT NOT NULL DEFAULT 1,
  bookings_version BIGINT NOT NULL DEFAULT 0,
  max_booking_s BIGINT NOT NULL DEFAULT 0
);
-- account.updated finds merchants by their connected account.
CREATE INDEX merchants_account ON merchants(stripe_account);
CREATE TABLE catalog_versions (
  merchant_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  catalog_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (merchant_id, version)
);
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  status TEXT NOT NULL,
  catalog_version BIGINT NOT NULL,
  service TEXT NOT NULL,
  staff TEXT NOT NULL,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  start_day TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  addons TEXT NOT NULL DEFAULT '[]',
  coupon TEXT NOT NULL DEFAULT '',
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  customer_phone TEXT,
  currency TEXT NOT NULL,
  payment_mode TEXT NOT NULL,
  quote_payment TEXT NOT NULL,
  subtotal BIGINT NOT NULL,
  discount BIGINT NOT NULL,
  tax BIGINT NOT NULL,
  tip BIGINT NOT NULL,
  total BIGINT NOT NULL,
  due_now BIGINT NOT NULL,
  due_later BIGINT NOT NULL,
  application_fee BIGINT NOT NULL,
  min_charge BIGINT,
  min_charge_ok INTEGER,
  min_charge_adjusted INTEGER,
  quote_lines TEXT NOT NULL DEFAULT '[]',
  amount BIGINT NOT NULL,
  hold_expires_at BIGINT NOT NULL,
  access_token_hash TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '',
  payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '',
  pi_cancel_pending INTEGER NOT NULL DEFAULT 0,
  paid_amount BIGINT NOT NULL DEFAULT 0,
  refund_pending INTEGER NOT NULL DEFAULT 0,
  refund_amount BIGINT NOT NULL DEFAULT 0,
  refund_application_fee INTEGER NOT NULL DEFAULT 0,
  refund_reason TEXT NOT NULL DEFAULT '',
  refund_id TEXT NOT NULL DEFAULT '',
  refunded_amount BIGINT NOT NULL DEFAULT 0,
  disputed INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX bookings_start ON bookings(merchant_id, start_at);
CREATE INDEX bookings_pi ON bookings(payment_intent_id);
CREATE INDEX bookings_holds ON bookings(hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment');
CREATE INDEX bookings_owing ON bookings(id) WHERE pi_cancel_pending = 1 OR refund_pending = 1;
CREATE INDEX bookings_status ON bookings(status);
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  account TEXT NOT NULL,
  object_id TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
)sql",
    // 4 (issue #9, as SQLite's 4): who asked for each booking (the caps on live holds
    // per client); live holds by merchant and coupon uses by merchant and code (case-
    // insensitive: lower(), where SQLite has COLLATE NOCASE), indexed.
    R"sql(
ALTER TABLE bookings ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
CREATE INDEX bookings_live_holds ON bookings(merchant_id, hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment');
CREATE INDEX bookings_coupon ON bookings(merchant_id, lower(coupon)) WHERE coupon <> '';
)sql",
    // 5: work claims (booking_store.hpp: BookingRecord::claimed_by/claimed_until).
    R"sql(
ALTER TABLE bookings ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '',
  ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
CREATE INDEX bookings_held ON bookings(claimed_until) WHERE status = 'held';
)sql",
    // 6 (issue #11, as SQLite's 6): disputes and refunds of bookings' payments.
    R"sql(
CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  charge TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  evidence_due_by BIGINT NOT NULL DEFAULT 0,
  funds_withdrawn INTEGER NOT NULL DEFAULT 0,
  funds_reinstated INTEGER NOT NULL DEFAULT 0,
  last_event_created BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX disputes_booking ON disputes(booking_id);
-- Refunds (issue #11 item 1), one row per Stripe refund: a booking's refunded amount is
-- the sum of those that did not fail.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  last_event_created BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX refunds_booking ON refunds(booking_id);
)sql",
    // 7 (issue #12, as SQLite's 7): the outbox; claimed with FOR UPDATE SKIP LOCKED.
    R"sql(
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  merchant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  to_merchant INTEGER NOT NULL DEFAULT 0,
  message_id TEXT NOT NULL,
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  queued_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  send_before BIGINT NOT NULL DEFAULT 0,
  last_code BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_booking ON outbox(booking_id);
CREATE INDEX outbox_queued_at ON outbox(queued_at);
)sql",
    // 8 (issue #10, as SQLite's 8): merchants' accounts. The merchant's name, status,
    // active mode and the operator's fee (taken from the current catalog's platform_fee,
    // which merchants no longer set); each merchant's Stripe side per mode (its old
    // stripe_account/charges_enabled move there as a 'platform' side); users, sessions
    // (by hash), API keys (by hash), payment method domains; bookings' mode.
    R"sql(
ALTER TABLE merchants ADD COLUMN name TEXT NOT NULL DEFAULT '',
  ADD COLUMN status TEXT NOT NULL DEFAULT 'active',
  ADD COLUMN mode TEXT NOT NULL DEFAULT '',
  ADD COLUMN fee_bps BIGINT,
  ADD COLUMN fee_fixed BIGINT;
UPDATE merchants m SET
  name = COALESCE(v.catalog_json::jsonb #>> '{merchant,name}', ''),
  fee_bps = CASE WHEN v.catalog_json::jsonb #> '{merchant,platform_fee}' IS NULL THEN NULL
            ELSE COALESCE((v.catalog_json::jsonb #>> '{merchant,platform_fee,rate_bps}')::bigint, 0) END,
  fee_fixed = CASE WHEN v.catalog_json::jsonb #> '{merchant,platform_fee}' IS NULL THEN NULL
              ELSE COALESCE((v.catalog_json::jsonb #>> '{merchant,platform_fee,fixed}')::bigint, 0) END
  FROM catalog_versions v
  WHERE v.merchant_id = m.id AND v.version = m.catalog_version;

CREATE TABLE merchant_stripe (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  mode TEXT NOT NULL,
  connection TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  dashboard TEXT NOT NULL DEFAULT '',
  charges_enabled INTEGER NOT NULL DEFAULT 0,
  details_submitted INTEGER NOT NULL DEFAULT 0,
  payouts_enabled INTEGER NOT NULL DEFAULT 0,
  deauthorized INTEGER NOT NULL DEFAULT 0,
  currently_due TEXT NOT NULL DEFAULT '[]',
  disabled_reason TEXT NOT NULL DEFAULT '',
  status_at BIGINT NOT NULL DEFAULT 0,
  publishable_key TEXT NOT NULL DEFAULT '',
  secret_key_sealed TEXT NOT NULL DEFAULT '',
  webhook_secret_sealed TEXT NOT NULL DEFAULT '',
  secret_key_hint TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (merchant_id, mode)
);
CREATE INDEX merchant_stripe_account ON merchant_stripe(stripe_account) WHERE stripe_account <> '';
INSERT INTO merchant_stripe (merchant_id, mode, connection, stripe_account, charges_enabled,
                             details_submitted, updated_at)
  SELECT id, '', 'platform', stripe_account, charges_enabled, charges_enabled, created_at
  FROM merchants;
ALTER TABLE merchants DROP COLUMN stripe_account, DROP COLUMN charges_enabled;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_merchant ON users(merchant_id);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  mode TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_merchant ON api_keys(merchant_id);
CREATE TABLE payment_method_domains (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  mode TEXT NOT NULL,
  domain TEXT NOT NULL,
  stripe_id TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'pending',
  apple_pay TEXT NOT NULL DEFAULT '',
  google_pay TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  registered_on TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (merchant_id, mode, domain)
);
ALTER TABLE bookings ADD COLUMN mode TEXT NOT NULL DEFAULT '',
  ADD COLUMN merchant_keys INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_mode ON bookings(merchant_id, mode, created_at);
)sql",
    // 9 (issue #9, as SQLite's 9): a free or external-payment booking waits for the customer's
    // email
    // confirmation (pending_confirmation) and holds its seats until then, like a hold
    // waiting for its payment: the partial indexes of live holds take in the new state.
    R"sql(
DROP INDEX bookings_holds;
CREATE INDEX bookings_holds ON bookings(hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment', 'pending_confirmation');
DROP INDEX bookings_live_holds;
CREATE INDEX bookings_live_holds ON bookings(merchant_id, hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment', 'pending_confirmation');
)sql",
    // 10 (issue #12, as SQLite's 10): when each booking's reminder email is due (0: none
    // is), and the bookings with one due, indexed for the background pass.
    R"sql(
ALTER TABLE bookings ADD COLUMN remind_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX bookings_reminders ON bookings(remind_at) WHERE remind_at > 0;
)sql",
    // 11 (issue #11 item 7, as SQLite's 11): merchant webhooks: endpoints (the signing
    // secret sealed with the master key), the events bookings caused, one delivery per
    // (event, endpoint) with its attempts and last answer. seq orders an endpoint's
    // deliveries.
    R"sql(
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  url TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '[]',
  secret_sealed TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT NOT NULL DEFAULT '',
  failed_events INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints(merchant_id, created_at);
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  type TEXT NOT NULL,
  booking_id TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE webhook_deliveries (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
  merchant_id TEXT NOT NULL,
  manual INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  last_status BIGINT NOT NULL DEFAULT 0,
  last_outcome TEXT NOT NULL DEFAULT '',
  last_response TEXT NOT NULL DEFAULT '',
  last_attempt_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE state = 'pending';
)sql",
    // 12 (issue #11 item 3): pay-by-link links, one row per link; a booking's newest one
    // is the one in force, its PaymentIntent found by the webhook.
    R"sql(
CREATE TABLE pay_links (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  merchant_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  application_fee BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  idempotency_key TEXT NOT NULL DEFAULT '',
  payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  paid_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX pay_links_booking ON pay_links(booking_id, created_at);
CREATE INDEX pay_links_payment_intent ON pay_links(payment_intent_id);
)sql",
    // 13 (issue #12 items 3 and 2, as SQLite's 13): how many times the customer moved each
    // booking (its .ics SEQUENCE), and the customer's own time zone as the widget sent it
    // ('' unknown).
    R"sql(
ALTER TABLE bookings ADD COLUMN reschedule_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN customer_zone TEXT NOT NULL DEFAULT '';
)sql",
    // 14 (issue #11 item 4, charge after the service): whether the quote charges what is
    // due later off-session, the Stripe Customer made for the booking and its saved card.
    R"sql(
ALTER TABLE bookings ADD COLUMN charge_later INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN stripe_customer TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN saved_payment_method TEXT NOT NULL DEFAULT '';
)sql",
    // 15 (issue #12 item 2, as SQLite's 15): the language the widget spoke, for the
    // customer's emails.
    R"sql(
ALTER TABLE bookings ADD COLUMN customer_locale TEXT NOT NULL DEFAULT '';
)sql",
    // 16 (issue #11, as SQLite's 16): the PaymentIntent each refund gives back and who
    // asked for it ('' on older rows: the booking's own PaymentIntent).
    R"sql(
ALTER TABLE refunds ADD COLUMN payment_intent_id TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN origin TEXT NOT NULL DEFAULT '';
)sql",
    // 17 (as SQLite's 17): a pay link paid after its booking was cancelled is marked late
    // and owed back; the owing index covers that work too.
    R"sql(
ALTER TABLE pay_links ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN late_refund_pending INTEGER NOT NULL DEFAULT 0;
DROP INDEX bookings_owing;
CREATE INDEX bookings_owing ON bookings(id)
  WHERE pi_cancel_pending = 1 OR refund_pending = 1 OR late_refund_pending = 1;
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(std::size(kMigrations)); }

int schema_version(Connection& db) {
  auto exists = db.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (exists.text(0, 0) != "t") return 0;
  auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return static_cast<int>(q.i64(0, 0));
}

int migrate(Connection& db) {
  // Session-level: held across the migrations' own transactions, released below (or
  // by the server when this connection dies).
  db.exec(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
  try {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at BIGINT NOT NULL)");
    // Under the lock: another instance may have migrated while this one waited.
    for (int v = schema_version(db) + 1; v <= latest_schema_version(); ++v) {
      db.exec("BEGIN");
      try {
        if (*kMigrations[v - 1]) db.exec(kMigrations[v - 1]);
        db.query(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, "
            "extract(epoch FROM now())::bigint)",
            Params().add(int64_t{v}));
        db.commit();
      } catch (const StoreUnavailable&) {
        throw;
      } catch (const StoreError& e) {
        try {
          db.exec("ROLLBACK");
        } catch (...) {
        }
        throw StoreError("migration " + std::to_string(v) + " failed: " + e.what());
      }
    }
  } catch (...) {
    try {
      db.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
    } catch (...) {
    }
    throw;
  }
  db.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
  return schema_version(db);
}

}  // namespace slotpay::server::pg
