// Where merchants, their catalog versions, bookings and Stripe events live. One
// interface, two stores: SQLite (the default, one file, one server process) and
// PostgreSQL (several server instances on one database; store/postgres/).
//
// The store is asynchronous and owns its threads: read() and write() queue a job and
// return at once; the job runs later on one of the store's threads (never on the
// caller's, so never on a network thread). Jobs must not block on other store jobs.
// Failures of the storage itself (disk full, corrupt file) are StoreError exceptions
// inside a job; write() reports them to `done`. A database that cannot be reached
// (PostgreSQL down or restarting, a statement past its timeout) is a StoreUnavailable.
//
// Several processes may write at once (PostgreSQL), so a write transaction locks what
// it decides on, until it ends:
//   - merchant() and occupancies() lock the merchant's capacity: two transactions
//     checking the same merchant's free seats run one after the other, the second
//     seeing the first's insert (PostgreSQL: the merchants row, FOR UPDATE; SQLite:
//     its one writer already runs jobs one at a time);
//   - booking() and booking_by_payment_intent() lock the booking row, so a record
//     read, changed and written back is never a lost update;
//   - claim_work() takes only rows nobody else holds (FOR UPDATE SKIP LOCKED).
// Locks are taken booking rows first, then the merchant row, so they never deadlock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/availability.hpp"
#include "slotpay/booking.hpp"
#include "slotpay/quote.hpp"
#include "store/account_store.hpp"
#include "store/dispute_record.hpp"
#include "store/pay_link_record.hpp"
#include "store/refund_record.hpp"
#include "store/webhook_record.hpp"

namespace slotpay::server {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database cannot be reached or did not answer in time: nothing of the job was
// kept. Transient: the same job may succeed once the database is back.
class StoreUnavailable : public StoreError {
 public:
  using StoreError::StoreError;
};

struct Merchant {
  std::string id;
  // The current catalog's version (1, 2, ...); its text is in catalog_versions. A
  // catalog cache compares this number with the version it parsed.
  int64_t catalog_version = 0;
  // The active side (mode) of the merchant's Stripe setup (account_store.hpp):
  std::string stripe_account;  // acct_...; empty: the platform account itself (or API keys)
  std::vector<std::string> allowed_origins;  // CORS: exact origins ("https://salon.example")
  // Online payments possible now: the side's charges_enabled, not deauthorized, and
  // connected at all (computed by the store from the side).
  bool charges_enabled = true;
  int64_t created_at_ms = 0;
  std::string name;                     // the catalog's merchant.name, as last saved
  std::string status = "active";        // "active" | "suspended" (by the operator)
  std::string mode;                     // the active side: "test" | "live"
  std::string connection = "platform";  // the active side's connection (StripeSide)
  std::string publishable_key;          // API-key mode: the merchant's own pk_
  // The operator's platform fee for this merchant; nullopt: the server's default.
  std::optional<int64_t> fee_bps;
  std::optional<int64_t> fee_fixed;
  // Bumped in the transaction that changes what any of the merchant's bookings
  // occupies (a booking inserted, its state, slot or hold changed): an availability
  // answer computed at one bookings_version is valid for that version only.
  int64_t bookings_version = 0;
  // The longest booking ever stored (end - start, seconds): how far before a range of
  // starts an occupancy can begin and still reach into it.
  int64_t max_booking_s = 0;
};

// Booking states. They only move forward:
//   held -> awaiting_payment -> confirmed | expired | payment_failed -> cancelled
//   pending_confirmation -> confirmed | expired -> cancelled
// (a late payment_intent.succeeded may still confirm an expired/payment_failed
// booking if its slot is free, else it is refunded automatically). A booking with
// nothing to pay online waits in pending_confirmation, holding its seats until
// hold_expires_at, for the customer to follow the link emailed to them (issue #9),
// unless its merchant accepts unconfirmed bookings.
enum class BookingStatus {
  kHeld,
  kAwaitingPayment,
  kConfirmed,
  kExpired,
  kPaymentFailed,
  kCancelled,
  kPendingConfirmation,
  // Issue #11 item 2, set by the merchant after the start: the service took place, or the
  // customer did not come (the policy's no-show fee kept). Both keep the seats they held.
  kCompleted,
  kNoShow,
};
// Every state, in declaration order (metrics, parsing).
inline constexpr BookingStatus kAllBookingStatuses[] = {BookingStatus::kHeld,
                                                        BookingStatus::kAwaitingPayment,
                                                        BookingStatus::kConfirmed,
                                                        BookingStatus::kExpired,
                                                        BookingStatus::kPaymentFailed,
                                                        BookingStatus::kCancelled,
                                                        BookingStatus::kPendingConfirmation,
                                                        BookingStatus::kCompleted,
                                                        BookingStatus::kNoShow};
const char* to_string(BookingStatus s);
std::optional<BookingStatus> booking_status_from(const std::string& s);

struct BookingRecord {
  std::string id;
  std::string merchant_id;
  BookingStatus status = BookingStatus::kHeld;
  // The catalog version the booking was validated and priced with: its cancellation
  // policy and zone are the ones that apply, whatever the merchant saves later.
  int64_t catalog_version = 0;

  // What is booked, as the core's validation assigned it (staff resolved from "any").
  Occupancy slot;
  std::string start_day;  // local date of slot.start in the merchant's zone, "YYYY-MM-DD"
  std::vector<std::string> addons;
  std::string coupon;  // as given; empty when none
  Customer customer;

  Quote quote;               // the core's quote at booking time
  std::string payment_mode;  // "stripe" | "free" | "external" | "pay_at_venue"
  int64_t amount = 0;        // charged through Stripe now (0 unless online)

  int64_t hold_expires_at_ms = 0;  // 0 for bookings confirmed at once
  std::string access_token_hash;   // sha256 hex of the customer's token
  std::string stripe_account;      // the merchant's account at booking time
  std::string idempotency_key;     // for the PaymentIntent create, stored before the call
  std::string payment_intent_id;
  std::string client_secret;
  bool pi_cancel_pending = false;  // the PaymentIntent must be cancelled at Stripe
  int64_t paid_amount = 0;         // from payment_intent.succeeded
  bool refund_pending = false;     // a refund was decided and not yet accepted by Stripe
  int64_t refund_amount = 0;       // decided refund
  bool refund_application_fee = false;
  std::string refund_reason;  // "customer_cancel" | "slot_gone" | "cancelled_before_payment"
  std::string refund_id;
  int64_t refunded_amount = 0;  // from Stripe (refund create or charge.refunded)
  // A pay link was paid after the booking was cancelled (its page was open meanwhile):
  // that payment is owed back, in full, on its own charge (pay links marked `late`;
  // app/booking_charges.hpp late_refunds_owed). Kept apart from the cancellation's own
  // refund (refund_pending and the fields above), which stays as it was decided.
  bool late_refund_pending = false;
  bool disputed = false;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::string mode;            // "test" | "live": the merchant's side when booked
  bool merchant_keys = false;  // charged with the merchant's own API keys (no Connect)
  // Who asked for it (the HTTP layer's client key: an IPv4 address or an IPv6 /64), for
  // the caps on live holds per client (issue #9). Empty for bookings made before.
  std::string client_key;
  // Issue #12: when the customer's reminder email is due (app/reminders.hpp); 0 when
  // none is (reminders off, booked inside the reminder window, or already queued).
  int64_t remind_at_ms = 0;
  // Issue #11 item 4, charge after the service (quote.charge_later): the Stripe Customer
  // made for this booking on its account, and the card saved on it (the PaymentIntent's or
  // SetupIntent's payment method, from their success webhook). Empty until known.
  std::string stripe_customer;
  std::string saved_payment_method;
  // Issue #12 item 3: how many times the customer moved the booking (app/reschedule.hpp);
  // its .ics SEQUENCE (0 as booked, +1 per move, +1 more for the cancellation).
  int64_t reschedule_count = 0;
  // Issue #12 item 2: the customer's IANA zone as the widget sent it and the core knows
  // it ("" when unknown): emails show the time in it beside the merchant's.
  std::string customer_zone;
  // Issue #12 item 2: the language the widget spoke to the customer, as the tag of the
  // mail table that serves it ("en", "pt-BR"...; "" when not sent): the customer's
  // emails are written in it.
  std::string customer_locale;

  // The work claim: the server instance carrying out what the booking owes Stripe
  // (its PaymentIntent create while `held`, a cancel or a refund), until when. Another
  // instance takes the work over only once the claim has lapsed (its holder died).
  std::string claimed_by;
  int64_t claimed_until_ms = 0;

  std::string_view currency() const { return quote.currency.code; }  // "usd"
};

struct StripeEventRecord {
  std::string id;
  std::string type;
  std::string account;
  std::string object_id;
  int64_t received_at_ms = 0;
};

// Live holds (held/awaiting_payment/pending_confirmation, not expired at now) of one merchant: in
// all, of one client key, of one customer email (case-insensitive).
struct LiveHolds {
  int64_t merchant = 0;
  int64_t client = 0;
  int64_t email = 0;
};

// Bookings of one merchant that used one coupon code (case-insensitive) and still count:
// confirmed ones and live holds (cancelled, expired and failed ones give their use back).
struct CouponUses {
  int64_t total = 0;
  int64_t by_email = 0;  // of them, those of one customer email (case-insensitive)
};

// One email in the outbox (issue #12), written in the transaction of the booking change
// that caused it and sent later by the outbox worker. `data` is the built message (CRLF
// lines), so what is sent is exactly what was decided at that commit.
enum class OutboxStatus { kQueued, kSent, kFailed, kDropped };
const char* to_string(OutboxStatus s);
std::optional<OutboxStatus> outbox_status_from(const std::string& s);

struct OutboxMessage {
  std::string id;  // "msg_...": one row per message, never sent twice
  std::string booking_id;
  std::string merchant_id;
  std::string kind;  // Email::kind: "booking_confirmed", "merchant_copy_new", ...
  bool to_merchant = false;
  std::string message_id;  // the Message-ID header
  std::string envelope_from;
  std::vector<std::string> recipients;
  std::string subject;  // for the demo page and logs (never parsed back out of `data`)
  std::string data;
  OutboxStatus status = OutboxStatus::kQueued;
  int64_t attempts = 0;
  int64_t queued_at_ms = 0;
  int64_t next_attempt_at_ms = 0;
  int64_t send_before_ms = 0;  // 0: no deadline
  int64_t last_code = 0;       // the SMTP reply of the last attempt (0: none)
  std::string last_error;
  // The worker sending it, until when (a lease, as for bookings' work claims).
  std::string claimed_by;
  int64_t claimed_until_ms = 0;
};

// Reads. Bookings are read by an indexed range of start instants.
class StoreReader {
 public:
  virtual ~StoreReader() = default;
  virtual std::optional<Merchant> merchant(const std::string& id) = 0;
  // The catalog text of (merchant, version), as saved.
  virtual std::optional<std::string> catalog_text(const std::string& merchant_id,
                                                  int64_t version) = 0;
  virtual std::optional<BookingRecord> booking(const std::string& id) = 0;
  virtual std::optional<BookingRecord> booking_by_payment_intent(const std::string& pi) = 0;
  // What occupies the merchant's resources: confirmed bookings plus holds
  // (held/awaiting_payment/pending_confirmation) not expired at now_ms, whose start is in [from_s,
  // to_s) (Unix seconds), except the booking `exclude_id`. Bookings with the same service, staff,
  // start and end come as one occupancy of their summed quantity.
  virtual std::vector<Occupancy> occupancies(const std::string& merchant_id, int64_t now_ms,
                                             int64_t from_s, int64_t to_s,
                                             const std::string& exclude_id = "") = 0;
  virtual std::vector<BookingRecord> bookings_of(const std::string& merchant_id) = 0;
  // The merchant's bookings of one mode, newest first, at most `limit`.
  virtual std::vector<BookingRecord> bookings_of_mode(const std::string& merchant_id,
                                                      const std::string& mode, int64_t limit) = 0;
  virtual std::vector<BookingRecord> bookings_with_status(BookingStatus status) = 0;
  // The report's pages (issue #11 item 6): the merchant's bookings starting in
  // [from_s, to_s), of `mode` ("" = both), ordered by (start, id), after the keyset
  // cursor (after_start_s, after_id): the first page passes (from_s - 1, "").
  virtual std::vector<BookingRecord> bookings_starting(const std::string& merchant_id,
                                                       const std::string& mode, int64_t from_s,
                                                       int64_t to_s, int64_t after_start_s,
                                                       const std::string& after_id,
                                                       int64_t limit) = 0;
  // Bookings the background pass must look at: holds past expiry, PaymentIntents to
  // cancel, refunds to issue (whoever holds their claim).
  virtual std::vector<BookingRecord> bookings_needing_work(int64_t now_ms) = 0;
  virtual std::map<std::string, int64_t> count_by_status() = 0;
  virtual int64_t count_events() = 0;
  // Users, sessions, API keys, Stripe sides (account_store.hpp), in the same snapshot.
  virtual AccountReader& accounts() = 0;
  // One round trip to the database (readiness checks); StoreUnavailable when it fails.
  virtual void ping() = 0;
  // Issue #9: the counts the hold caps and the coupon redemption caps are decided on
  // (inside the booking's write transaction).
  virtual LiveHolds live_holds(const std::string& merchant_id, int64_t now_ms,
                               const std::string& client_key, const std::string& email) = 0;
  virtual CouponUses coupon_uses(const std::string& merchant_id, const std::string& code,
                                 const std::string& email, int64_t now_ms) = 0;
  // Issue #11: disputes on bookings' payments (dispute_record.hpp).
  virtual std::optional<DisputeRecord> dispute(const std::string& id) = 0;
  virtual std::vector<DisputeRecord> disputes_of_merchant(const std::string& merchant_id) = 0;
  // Issue #11: refunds of bookings' payments (refund_record.hpp).
  virtual std::optional<RefundRecord> refund(const std::string& id) = 0;
  virtual std::vector<RefundRecord> refunds_of_booking(const std::string& booking_id) = 0;
  virtual std::vector<RefundRecord> refunds_of_merchant(const std::string& merchant_id) = 0;
  // Issue #11 item 3: pay links (pay_link_record.hpp), by id, by the PaymentIntent paying
  // them (webhooks), and a booking's newest one.
  virtual std::optional<PayLinkRecord> pay_link(const std::string& id) = 0;
  virtual std::optional<PayLinkRecord> pay_link_by_payment_intent(const std::string& pi) = 0;
  virtual std::optional<PayLinkRecord> newest_pay_link(const std::string& booking_id) = 0;
  // A booking's paid links, oldest payment first: each is a charge of its own, which its
  // refunds must be made on (app/booking_charges.hpp).
  virtual std::vector<PayLinkRecord> paid_pay_links(const std::string& booking_id) = 0;
  // A booking's open links whose page asked for a PaymentIntent, oldest first: what a
  // cancel voids at Stripe (lifecycle VoidPayLinks).
  virtual std::vector<PayLinkRecord> open_pay_links(const std::string& booking_id) = 0;
  // Issue #12: outbox messages by status (metrics), and the newest `limit` messages
  // (the demo's outbox page; `data` included).
  virtual std::map<std::string, int64_t> count_messages_by_status() = 0;
  virtual std::vector<OutboxMessage> recent_messages(int limit) = 0;
  virtual std::optional<OutboxMessage> message(const std::string& id) = 0;
  // Issue #11 item 7: merchant webhooks (webhook_record.hpp). A merchant's endpoints,
  // oldest first; one endpoint; one delivery (with its event's type); an endpoint's
  // deliveries newest first, after the delivery `after_id` ("" = from the newest).
  virtual std::vector<HookEndpoint> webhook_endpoints(const std::string& merchant_id) = 0;
  virtual std::optional<HookEndpoint> webhook_endpoint(const std::string& id) = 0;
  virtual std::optional<HookDelivery> webhook_delivery(const std::string& id) = 0;
  virtual std::vector<HookDelivery> webhook_deliveries(const std::string& endpoint_id,
                                                       const std::string& after_id, int limit) = 0;
  virtual std::optional<HookEvent> webhook_event(const std::string& id) = 0;
};

// Reads and writes inside one write transaction. Reads see the transaction's own
// writes (and those of jobs batched before it).
class BookingTx : public StoreReader {
 public:
  virtual void insert_booking(const BookingRecord& b) = 0;
  virtual void update_booking(const BookingRecord& b) = 0;  // every mutable field, by id
  // Writes the fields in which `after` differs from `before` (the stored row), by id.
  virtual void update_booking(const BookingRecord& before, const BookingRecord& after) = 0;
  // Records an event id; false when it was recorded before (a duplicate), also by a
  // concurrent transaction that commits first.
  virtual bool record_event(const StripeEventRecord& e) = 0;
  // Claims up to `limit` bookings that need work at now_ms, for `owner` until
  // until_ms, and returns them as claimed, ordered by merchant then id:
  //   - holds past their expiry, and bookings owing Stripe an action, whose claim has
  //     lapsed or is `owner`'s own;
  //   - bookings still `held` whose claim has lapsed: the instance creating their
  //     PaymentIntent stopped before it finished (`owner`'s own live claims there are
  //     creates in flight, left alone).
  // Rows locked by another transaction are skipped, not waited for.
  virtual std::vector<BookingRecord> claim_work(int64_t now_ms, const std::string& owner,
                                                int64_t until_ms, int limit) = 0;
  // Issue #12: takes up to `limit` bookings whose reminder is due (0 < remind_at <= now_ms),
  // oldest first, and clears their remind_at in this transaction, so each reminder is
  // decided once (app/reminders.hpp judges the status and queues the email in the same
  // transaction). Returned as they are after the clear. Rows locked by another
  // transaction are skipped (PostgreSQL).
  virtual std::vector<BookingRecord> take_due_reminders(int64_t now_ms, int limit) = 0;
  // Sets charges_enabled on every side using this connected account.
  virtual void set_charges_enabled(const std::string& stripe_account, bool enabled) = 0;
  // Creates or replaces the dispute's row (by id).
  virtual void save_dispute(const DisputeRecord& d) = 0;
  // Creates or replaces the refund's row (by id).
  virtual void save_refund(const RefundRecord& r) = 0;
  // Creates a pay link, or updates its status, intent and paid time (by id).
  virtual void save_pay_link(const PayLinkRecord& l) = 0;
  // The operator's save (admin PUT, --seed-merchant): creates or updates a merchant
  // (origins, name; created_at kept) with `catalog_json` as its catalog: a new version
  // when the text differs from the current version's, else the same version. Its side of
  // mode m.mode: a non-empty m.stripe_account makes it a "platform" side on that account
  // (charges_enabled kept when the account is unchanged, else m.charges_enabled); an
  // empty one creates a "platform" side on the platform's own account only when the
  // merchant has no side of that mode yet. A new merchant's active mode is m.mode.
  // Returns the merchant's catalog version after the save.
  virtual int64_t save_merchant(const Merchant& m, const std::string& catalog_json) = 0;
  // The same, writing: in this transaction.
  AccountTx& accounts() override = 0;

  // Issue #12, the outbox. Queues a message (its id is new).
  virtual void queue_message(const OutboxMessage& m) = 0;
  // Claims up to `limit` queued messages due at now_ms (next_attempt_at <= now) whose
  // claim has lapsed, for `owner` until until_ms, oldest first. Rows locked by another
  // transaction are skipped (PostgreSQL: FOR UPDATE SKIP LOCKED), so no two workers
  // ever hold the same message.
  virtual std::vector<OutboxMessage> claim_messages(int64_t now_ms, const std::string& owner,
                                                    int64_t until_ms, int limit) = 0;
  // Stores an attempt's outcome: status, attempts, next_attempt_at, last_code,
  // last_error, and releases the claim; only while `m.claimed_by` still holds it (false
  // otherwise: the lease lapsed and another worker took the message over).
  virtual bool settle_message(const OutboxMessage& m) = 0;

  // Issue #11 item 7, merchant webhooks. Creates or replaces an endpoint (by id).
  virtual void save_webhook_endpoint(const HookEndpoint& e) = 0;
  // Deletes an endpoint and its deliveries (its events stay: other endpoints' too).
  virtual void delete_webhook_endpoint(const std::string& id) = 0;
  virtual void insert_webhook_event(const HookEvent& e) = 0;
  // A new delivery (its seq is assigned here, after every earlier one).
  virtual void insert_webhook_delivery(const HookDelivery& d) = 0;
  // Claims up to `limit` pending deliveries due at now_ms whose claim has lapsed, of
  // enabled endpoints, for `owner` until until_ms, in seq order. Per endpoint, a
  // delivery is claimed only when no earlier non-manual delivery of that endpoint is
  // still pending (events go out in order; a resend is never waited for). Rows locked
  // by another transaction are skipped.
  virtual std::vector<ClaimedHookDelivery> claim_webhook_deliveries(int64_t now_ms,
                                                                    const std::string& owner,
                                                                    int64_t until_ms,
                                                                    int limit) = 0;
  // Stores an attempt's outcome (state, attempts, next_at, last_*) and releases the
  // claim, only while `d.claimed_by` still holds it (false otherwise).
  virtual bool settle_webhook_delivery(const HookDelivery& d) = 0;
};

struct WriteResult {
  bool committed = false;    // the job returned true and its transaction committed
  std::string error;         // the job threw or the commit failed (for logs); empty otherwise
  bool unavailable = false;  // error is a StoreUnavailable: the database was not reachable
};

class BookingStore {
 public:
  using ReadJob = std::function<void(StoreReader&)>;
  // Returns true to commit, false to roll back what it wrote.
  using WriteJob = std::function<bool(BookingTx&)>;
  using WriteDone = std::function<void(const WriteResult&)>;

  virtual ~BookingStore() = default;
  // Runs `job` on a read connection, in one read transaction (all it reads comes from
  // one snapshot: the last commit when it started). The job always runs, once: when
  // the database cannot be reached, each read it makes throws StoreUnavailable. An
  // exception escaping the job is logged and swallowed: a job that must answer someone
  // catches its own.
  virtual void read(ReadJob job) = 0;
  // Runs `job` in a write transaction (a capacity check and the insert that depends on
  // it are atomic: see the locks above). `done` is called once, after the
  // transaction's commit or rollback, or when the database cannot be reached (the job
  // then may not have run), on a store callback thread (not the writer). SQLite runs
  // jobs one at a time and may share one commit among several (each in its own
  // savepoint, seeing the ones before it); PostgreSQL runs one transaction per job, on
  // several connections at once.
  virtual void write(WriteJob job, WriteDone done) = 0;
  // Stops taking jobs, finishes the queued ones and joins the threads. Idempotent.
  virtual void shutdown() = 0;
};

// UnavailableReader's accounts(): every call throws StoreUnavailable.
class UnavailableAccounts final : public AccountReader {
 public:
  explicit UnavailableAccounts(std::string why) : why_(std::move(why)) {}
  std::optional<UserRecord> user(const std::string&) override { fail(); }
  std::optional<UserRecord> user_by_email(const std::string&) override { fail(); }
  std::vector<UserRecord> users_of(const std::string&) override { fail(); }
  std::optional<SessionRecord> session(const std::string&) override { fail(); }
  std::optional<ApiKeyRecord> api_key_by_hash(const std::string&) override { fail(); }
  std::vector<ApiKeyRecord> api_keys_of(const std::string&) override { fail(); }
  std::optional<StripeSide> stripe_side(const std::string&, const std::string&) override { fail(); }
  std::vector<StripeSide> stripe_sides(const std::string&) override { fail(); }
  std::vector<StripeSide> sides_by_account(const std::string&) override { fail(); }
  std::optional<StripeSide> any_sealed_side() override { fail(); }
  std::vector<PaymentDomainRecord> payment_domains(const std::string&,
                                                   const std::string&) override {
    fail();
  }
  std::vector<Merchant> merchants() override { fail(); }

 private:
  [[noreturn]] void fail() const { throw StoreUnavailable(why_); }
  std::string why_;
};

// What a read job gets when the database cannot be reached: every read throws
// StoreUnavailable(why), so the job still runs once and answers (503) instead of
// leaving its caller waiting.
class UnavailableReader final : public StoreReader {
 public:
  explicit UnavailableReader(std::string why) : why_(std::move(why)) {}
  std::optional<Merchant> merchant(const std::string&) override { fail(); }
  std::optional<std::string> catalog_text(const std::string&, int64_t) override { fail(); }
  std::optional<BookingRecord> booking(const std::string&) override { fail(); }
  std::optional<BookingRecord> booking_by_payment_intent(const std::string&) override { fail(); }
  std::vector<Occupancy> occupancies(const std::string&, int64_t, int64_t, int64_t,
                                     const std::string&) override {
    fail();
  }
  std::vector<BookingRecord> bookings_of(const std::string&) override { fail(); }
  std::vector<BookingRecord> bookings_of_mode(const std::string&, const std::string&,
                                              int64_t) override {
    fail();
  }
  std::vector<BookingRecord> bookings_with_status(BookingStatus) override { fail(); }
  std::vector<BookingRecord> bookings_starting(const std::string&, const std::string&, int64_t,
                                               int64_t, int64_t, const std::string&,
                                               int64_t) override {
    fail();
  }
  std::vector<BookingRecord> bookings_needing_work(int64_t) override { fail(); }
  std::map<std::string, int64_t> count_by_status() override { fail(); }
  int64_t count_events() override { fail(); }
  void ping() override { fail(); }
  AccountReader& accounts() override { return accounts_; }
  LiveHolds live_holds(const std::string&, int64_t, const std::string&,
                       const std::string&) override {
    fail();
  }
  CouponUses coupon_uses(const std::string&, const std::string&, const std::string&,
                         int64_t) override {
    fail();
  }
  std::optional<DisputeRecord> dispute(const std::string&) override { fail(); }
  std::vector<DisputeRecord> disputes_of_merchant(const std::string&) override { fail(); }
  std::optional<RefundRecord> refund(const std::string&) override { fail(); }
  std::vector<RefundRecord> refunds_of_booking(const std::string&) override { fail(); }
  std::vector<RefundRecord> refunds_of_merchant(const std::string&) override { fail(); }
  std::optional<PayLinkRecord> pay_link(const std::string&) override { fail(); }
  std::optional<PayLinkRecord> pay_link_by_payment_intent(const std::string&) override { fail(); }
  std::optional<PayLinkRecord> newest_pay_link(const std::string&) override { fail(); }
  std::vector<PayLinkRecord> paid_pay_links(const std::string&) override { fail(); }
  std::vector<PayLinkRecord> open_pay_links(const std::string&) override { fail(); }
  std::map<std::string, int64_t> count_messages_by_status() override { fail(); }
  std::vector<OutboxMessage> recent_messages(int) override { fail(); }
  std::optional<OutboxMessage> message(const std::string&) override { fail(); }
  std::vector<HookEndpoint> webhook_endpoints(const std::string&) override { fail(); }
  std::optional<HookEndpoint> webhook_endpoint(const std::string&) override { fail(); }
  std::optional<HookDelivery> webhook_delivery(const std::string&) override { fail(); }
  std::vector<HookDelivery> webhook_deliveries(const std::string&, const std::string&,
                                               int) override {
    fail();
  }
  std::optional<HookEvent> webhook_event(const std::string&) override { fail(); }

 private:
  [[noreturn]] void fail() const { throw StoreUnavailable(why_); }
  std::string why_;
  UnavailableAccounts accounts_{why_};
};

// Blocking helpers for startup, tools and tests (never call them from a store thread
// or from a network thread).
void read_now(BookingStore& store, const std::function<void(StoreReader&)>& job);
WriteResult write_now(BookingStore& store, const std::function<bool(BookingTx&)>& job);

}  // namespace slotpay::server
