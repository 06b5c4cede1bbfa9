#include "store/sqlite_schema.hpp"

#include <iterator>

namespace slotpay::server::sqlite {
namespace {

const char* const kMigrations[] = {
    // 1: merchants, bookings (as JSON text), Stripe events.
    R"sql(
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  catalog_json TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  charges_enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  status TEXT NOT NULL,
  booking_json TEXT NOT NULL,
  request_json TEXT NOT NULL,
  quote_json TEXT NOT NULL,
  payment_mode TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  application_fee INTEGER NOT NULL,
  hold_expires_at INTEGER NOT NULL,
  access_token_hash TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '',
  payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '',
  pi_cancel_pending INTEGER NOT NULL DEFAULT 0,
  paid_amount INTEGER NOT NULL DEFAULT 0,
  refund_pending INTEGER NOT NULL DEFAULT 0,
  refund_amount INTEGER NOT NULL DEFAULT 0,
  refund_application_fee INTEGER NOT NULL DEFAULT 0,
  refund_reason TEXT NOT NULL DEFAULT '',
  refund_id TEXT NOT NULL DEFAULT '',
  refunded_amount INTEGER NOT NULL DEFAULT 0,
  disputed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX bookings_live ON bookings(merchant_id, status, hold_expires_at);
CREATE INDEX bookings_pi ON bookings(payment_intent_id);
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  account TEXT NOT NULL,
  object_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
)sql",
    // 2: the local start date of each booking, indexed.
    R"sql(
ALTER TABLE bookings ADD COLUMN start_day TEXT NOT NULL DEFAULT '';
UPDATE bookings SET start_day = COALESCE(substr(json_extract(booking_json, '$.start'), 1, 10), '');
CREATE INDEX bookings_day ON bookings(merchant_id, start_day);
)sql",
    // 3: catalog versions, and bookings as typed columns.
    // - Each merchant's catalog text moves to catalog_versions (merchant, version); the
    //   merchant row points at its current version. A booking keeps the version it was
    //   priced with. Existing merchants get version 1 = their current catalog (which
    //   catalog older bookings were priced with is not known; this one is the closest).
    // - Bookings: what was booked (service, staff, start/end as Unix seconds, the local
    //   start date, quantity, add-ons, coupon), the customer and the quote's amounts as
    //   columns, read from the old JSON columns. The quote's lines stay one JSON text
    //   column: they are shown back to the customer, never queried or summed.
    R"sql(
CREATE TABLE catalog_versions (
  merchant_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  catalog_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, version)
);
INSERT INTO catalog_versions (merchant_id, version, catalog_json, created_at)
  SELECT id, 1, catalog_json, created_at FROM merchants;
ALTER TABLE merchants ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE merchants DROP COLUMN catalog_json;

CREATE TABLE bookings_v3 (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  status TEXT NOT NULL,
  catalog_version INTEGER NOT NULL,
  service TEXT NOT NULL,
  staff TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  start_day TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  addons TEXT NOT NULL DEFAULT '[]',
  coupon TEXT NOT NULL DEFAULT '',
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  customer_phone TEXT,
  currency TEXT NOT NULL,
  payment_mode TEXT NOT NULL,
  quote_payment TEXT NOT NULL,
  subtotal INTEGER NOT NULL,
  discount INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  tip INTEGER NOT NULL,
  total INTEGER NOT NULL,
  due_now INTEGER NOT NULL,
  due_later INTEGER NOT NULL,
  application_fee INTEGER NOT NULL,
  min_charge INTEGER,
  min_charge_ok INTEGER,
  min_charge_adjusted INTEGER,
  quote_lines TEXT NOT NULL DEFAULT '[]',
  amount INTEGER NOT NULL,
  hold_expires_at INTEGER NOT NULL,
  access_token_hash TEXT NOT NULL,
  stripe_account TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '',
  payment_intent_id TEXT NOT NULL DEFAULT '',
  client_secret TEXT NOT NULL DEFAULT '',
  pi_cancel_pending INTEGER NOT NULL DEFAULT 0,
  paid_amount INTEGER NOT NULL DEFAULT 0,
  refund_pending INTEGER NOT NULL DEFAULT 0,
  refund_amount INTEGER NOT NULL DEFAULT 0,
  refund_application_fee INTEGER NOT NULL DEFAULT 0,
  refund_reason TEXT NOT NULL DEFAULT '',
  refund_id TEXT NOT NULL DEFAULT '',
  refunded_amount INTEGER NOT NULL DEFAULT 0,
  disputed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO bookings_v3
SELECT id, merchant_id, status, 1,
  COALESCE(json_extract(booking_json, '$.service'), ''),
  COALESCE(json_extract(booking_json, '$.staff'), ''),
  COALESCE(CAST(strftime('%s', json_extract(booking_json, '$.start')) AS INTEGER), 0),
  COALESCE(CAST(strftime('%s', json_extract(booking_json, '$.end')) AS INTEGER), 0),
  start_day,
  COALESCE(json_extract(booking_json, '$.quantity'), 1),
  COALESCE(json_extract(request_json, '$.addons'), '[]'),
  COALESCE(json_extract(request_json, '$.coupon'), ''),
  COALESCE(json_extract(request_json, '$.customer.name'), ''),
  COALESCE(json_extract(request_json, '$.customer.email'), ''),
  json_extract(request_json, '$.customer.phone'),
  currency, payment_mode,
  COALESCE(json_extract(quote_json, '$.payment'), payment_mode),
  COALESCE(json_extract(quote_json, '$.subtotal'), 0),
  COALESCE(json_extract(quote_json, '$.discount'), 0),
  COALESCE(json_extract(quote_json, '$.tax'), 0),
  COALESCE(json_extract(quote_json, '$.tip'), 0),
  COALESCE(json_extract(quote_json, '$.total'), 0),
  COALESCE(json_extract(quote_json, '$.due_now'), 0),
  COALESCE(json_extract(quote_json, '$.due_later'), 0),
  application_fee,
  json_extract(quote_json, '$.min_charge.amount'),
  json_extract(quote_json, '$.min_charge.ok'),
  json_extract(quote_json, '$.min_charge.adjusted'),
  COALESCE(json_extract(quote_json, '$.lines'), '[]'),
  amount, hold_expires_at, access_token_hash, stripe_account, idempotency_key,
  payment_intent_id, client_secret, pi_cancel_pending, paid_amount, refund_pending,
  refund_amount, refund_application_fee, refund_reason, refund_id, refunded_amount, disputed,
  created_at, updated_at
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_v3 RENAME TO bookings;
-- Availability and validation read a merchant's bookings by a range of starts.
CREATE INDEX bookings_start ON bookings(merchant_id, start_at);
CREATE INDEX bookings_pi ON bookings(payment_intent_id);
-- The background pass: holds by expiry, and bookings owing Stripe an action.
CREATE INDEX bookings_holds ON bookings(hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment');
CREATE INDEX bookings_owing ON bookings(id) WHERE pi_cancel_pending = 1 OR refund_pending = 1;
CREATE INDEX bookings_status ON bookings(status);
-- What availability answers depend on: bumped with every change of what bookings occupy.
ALTER TABLE merchants ADD COLUMN bookings_version INTEGER NOT NULL DEFAULT 0;
-- The longest booking stored: how far back an occupancy can reach into a range.
ALTER TABLE merchants ADD COLUMN max_booking_s INTEGER NOT NULL DEFAULT 0;
UPDATE merchants SET max_booking_s = COALESCE(
  (SELECT MAX(end_at - start_at) FROM bookings WHERE merchant_id = merchants.id), 0);
)sql",
    // 4 (issue #9): who asked for each booking, for the caps on live holds per client;
    // live holds by merchant and coupon uses by merchant and code, indexed.
    R"sql(
ALTER TABLE bookings ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
CREATE INDEX bookings_live_holds ON bookings(merchant_id, hold_expires_at)
  WHERE status IN ('held', 'awaiting_payment');
CREATE INDEX bookings_coupon ON bookings(merchant_id, coupon COLLATE NOCASE) WHERE coupon != '';
)sql",
    // 5: work claims (several server instances on one database): who carries out
    // what a booking owes Stripe, until when. Held bookings by claim: a lapsed one is a
    // PaymentIntent create its instance never finished.
    R"sql(
ALTER TABLE bookings ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_held ON bookings(claimed_until) WHERE status = 'held';
)sql",
    // 6 (issue #11): disputes and refunds of bookings' payments, one row per Stripe
    // dispute or refund, beside the booking (neither changes what the booking occupies).
    R"sql(
CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  charge TEXT NOT NULL DEFAULT '',
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  evidence_due_by INTEGER NOT NULL DEFAULT 0,
  funds_withdrawn INTEGER NOT NULL DEFAULT 0,
  funds_reinstated INTEGER NOT NULL DEFAULT 0,
  last_event_created INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX disputes_booking ON disputes(booking_id);
-- Refunds (issue #11 item 1), one row per Stripe refund: a booking's refunded amount is
-- the sum of those that did not fail.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  last_event_created INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX refunds_booking ON refunds(booking_id);
)sql",
    // 7 (issue #12): the outbox. One row per email, written in the transaction of the
    // booking change that caused it; the worker claims due rows (a lease, as for work
    // claims), sends, and stores the outcome. Due rows by next attempt, indexed.
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
  attempts INTEGER NOT NULL DEFAULT 0,
  queued_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  send_before INTEGER NOT NULL DEFAULT 0,
  last_code INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_booking ON outbox(booking_id);
CREATE INDEX outbox_queued_at ON outbox(queued_at);
)sql",
    // 8: merchants' accounts (issue #10).
    // - merchants: the catalog's name, the operator's status and platform fee (taken
    //   from the current catalog's platform_fee, which merchants no longer set), the
    //   active mode ('' until the server adopts such rows into its key's mode).
    // - merchant_stripe: each merchant's Stripe side per mode (Connect account status,
    //   or its own keys, sealed); the old stripe_account/charges_enabled columns move
    //   there as a 'platform' side.
    // - users, sessions (by the hash of their id), API keys (by hash), payment method
    //   domains; bookings carry their mode and whether the merchant's own keys charged
    //   them.
    R"sql(
ALTER TABLE merchants ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE merchants ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE merchants ADD COLUMN mode TEXT NOT NULL DEFAULT '';
ALTER TABLE merchants ADD COLUMN fee_bps INTEGER;
ALTER TABLE merchants ADD COLUMN fee_fixed INTEGER;
UPDATE merchants SET
  name = COALESCE((SELECT json_extract(v.catalog_json, '$.merchant.name') FROM catalog_versions v
                   WHERE v.merchant_id = merchants.id AND v.version = merchants.catalog_version), ''),
  fee_bps = (SELECT CASE WHEN json_type(v.catalog_json, '$.merchant.platform_fee') IS NULL THEN NULL
                    ELSE COALESCE(json_extract(v.catalog_json, '$.merchant.platform_fee.rate_bps'), 0) END
             FROM catalog_versions v
             WHERE v.merchant_id = merchants.id AND v.version = merchants.catalog_version),
  fee_fixed = (SELECT CASE WHEN json_type(v.catalog_json, '$.merchant.platform_fee') IS NULL THEN NULL
                      ELSE COALESCE(json_extract(v.catalog_json, '$.merchant.platform_fee.fixed'), 0) END
               FROM catalog_versions v
               WHERE v.merchant_id = merchants.id AND v.version = merchants.catalog_version);

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
  status_at INTEGER NOT NULL DEFAULT 0,
  publishable_key TEXT NOT NULL DEFAULT '',
  secret_key_sealed TEXT NOT NULL DEFAULT '',
  webhook_secret_sealed TEXT NOT NULL DEFAULT '',
  secret_key_hint TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, mode)
);
CREATE INDEX merchant_stripe_account ON merchant_stripe(stripe_account) WHERE stripe_account != '';
INSERT INTO merchant_stripe (merchant_id, mode, connection, stripe_account, charges_enabled,
                             details_submitted, updated_at)
  SELECT id, '', 'platform', stripe_account, charges_enabled, charges_enabled, created_at
  FROM merchants;
ALTER TABLE merchants DROP COLUMN stripe_account;
ALTER TABLE merchants DROP COLUMN charges_enabled;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);
CREATE INDEX users_merchant ON users(merchant_id);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
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
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER NOT NULL DEFAULT 0
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
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, mode, domain)
);
ALTER TABLE bookings ADD COLUMN mode TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN merchant_keys INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_mode ON bookings(merchant_id, mode, created_at);
)sql",
    // 9 (issue #9): a free or external-payment booking waits for the customer's email
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
    // 10 (issue #12): when each booking's reminder email is due (0: none is), and the
    // bookings with one due, indexed for the background pass.
    R"sql(
ALTER TABLE bookings ADD COLUMN remind_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_reminders ON bookings(remind_at) WHERE remind_at > 0;
)sql",
    // 11 (issue #11 item 7): merchant webhooks: endpoints (the signing secret sealed with the
    // master key), the events bookings caused, one delivery per (event, endpoint) with
    // its attempts and last answer. seq orders an endpoint's deliveries.
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
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints(merchant_id, created_at);
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  type TEXT NOT NULL,
  booking_id TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
  merchant_id TEXT NOT NULL,
  manual INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_outcome TEXT NOT NULL DEFAULT '',
  last_response TEXT NOT NULL DEFAULT '',
  last_attempt_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_until INTEGER NOT NULL DEFAULT 0
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
    // 13 (issue #12 items 3 and 2): how many times the customer moved each booking (its
    // .ics SEQUENCE), and the customer's own time zone as the widget sent it ('' unknown).
    R"sql(
ALTER TABLE bookings ADD COLUMN reschedule_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN customer_zone TEXT NOT NULL DEFAULT '';
)sql",
    // 14 (issue #11 item 4, charge after the service): whether the quote charges what is
    // due later off-session, the Stripe Customer made for the booking and its saved card.
    R"sql(
ALTER TABLE bookings ADD COLUMN charge_later INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN stripe_customer TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN saved_payment_method TEXT NOT NULL DEFAULT '';
)sql",
    // 15 (issue #12 item 2): the language the widget spoke, for the customer's emails.
    R"sql(
ALTER TABLE bookings ADD COLUMN customer_locale TEXT NOT NULL DEFAULT '';
)sql",
    // 16 (issue #11, refunds across a booking's charges): the PaymentIntent each refund
    // gives back and who asked for it ('' on older rows: the booking's own PaymentIntent).
    R"sql(
ALTER TABLE refunds ADD COLUMN payment_intent_id TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN origin TEXT NOT NULL DEFAULT '';
)sql",
    // 17 (issue #11, a pay link paid after its booking was cancelled): the link is marked
    // late (not one of the booking's charges) and the booking owes it back; the owing
    // index covers that work too.
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
  {
    auto t = db.query(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (t.step() && t.i64(0) == 0) return 0;
  }
  auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.step();
  return static_cast<int>(q.i64(0));
}

void migrate(Connection& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at INTEGER NOT NULL)");
  // Tables are rebuilt (bookings in 3): foreign keys are checked once at the end of
  // each migration instead of while rows move. The pragma only works outside a
  // transaction.
  db.exec("PRAGMA foreign_keys=OFF");
  for (int v = schema_version(db) + 1; v <= latest_schema_version(); ++v) {
    db.exec("BEGIN IMMEDIATE");
    try {
      // Re-check under the write lock: another process may have migrated.
      if (schema_version(db) >= v) {
        db.exec("COMMIT");
        continue;
      }
      db.exec(kMigrations[v - 1]);
      {
        auto fk = db.query("PRAGMA foreign_key_check");
        if (fk.step()) throw StoreError("migration " + std::to_string(v) + " broke a reference");
      }
      {
        auto q = db.query(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, "
            "strftime('%s','now'))");
        q.bind(1, int64_t{v}).step();
      }
      db.exec("COMMIT");
    } catch (...) {
      try {
        db.exec("ROLLBACK");
      } catch (...) {
      }
      db.exec("PRAGMA foreign_keys=ON");
      throw;
    }
  }
  db.exec("PRAGMA foreign_keys=ON");
}

}  // namespace slotpay::server::sqlite
