// Where merchants, their catalog versions, bookings and Stripe events live. One
// interface so the SQLite store (default, one file) can be joined by a PostgreSQL one
// for several server instances.
//
// The store is asynchronous and owns its threads: read() and write() queue a job and
// return at once; the job runs later on one of the store's threads (never on the
// caller's, so never on a network thread). Jobs must not block on other store jobs.
// Failures of the storage itself (disk full, corrupt file) are StoreError exceptions
// inside a job; write() reports them to `done`.
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

namespace slotpay::server {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
// (a late payment_intent.succeeded may still confirm an expired/payment_failed
// booking if its slot is free, else it is refunded automatically).
enum class BookingStatus {
  kHeld,
  kAwaitingPayment,
  kConfirmed,
  kExpired,
  kPaymentFailed,
  kCancelled
};
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
  bool disputed = false;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::string mode;            // "test" | "live": the merchant's side when booked
  bool merchant_keys = false;  // charged with the merchant's own API keys (no Connect)
  // Who asked for it (the HTTP layer's client key: an IPv4 address or an IPv6 /64), for
  // the caps on live holds per client (issue #9). Empty for bookings made before.
  std::string client_key;

  std::string_view currency() const { return quote.currency.code; }  // "usd"
};

struct StripeEventRecord {
  std::string id;
  std::string type;
  std::string account;
  std::string object_id;
  int64_t received_at_ms = 0;
};

// Live holds (held/awaiting_payment, not expired at now) of one merchant: in all, of one
// client key, of one customer email (case-insensitive).
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
  // (held/awaiting_payment) not expired at now_ms, whose start is in [from_s, to_s)
  // (Unix seconds), except the booking `exclude_id`. Bookings with the same service,
  // staff, start and end come as one occupancy of their summed quantity.
  virtual std::vector<Occupancy> occupancies(const std::string& merchant_id, int64_t now_ms,
                                             int64_t from_s, int64_t to_s,
                                             const std::string& exclude_id = "") = 0;
  virtual std::vector<BookingRecord> bookings_of(const std::string& merchant_id) = 0;
  // The merchant's bookings of one mode, newest first, at most `limit`.
  virtual std::vector<BookingRecord> bookings_of_mode(const std::string& merchant_id,
                                                      const std::string& mode, int64_t limit) = 0;
  virtual std::vector<BookingRecord> bookings_with_status(BookingStatus status) = 0;
  // Bookings the background pass must look at: holds past expiry, PaymentIntents to
  // cancel, refunds to issue.
  virtual std::vector<BookingRecord> bookings_needing_work(int64_t now_ms) = 0;
  virtual std::map<std::string, int64_t> count_by_status() = 0;
  virtual int64_t count_events() = 0;
  // Users, sessions, API keys, Stripe sides (account_store.hpp), in the same snapshot.
  virtual AccountReader& accounts() = 0;
  // Issue #9: the counts the hold caps and the coupon redemption caps are decided on
  // (inside the booking's write transaction).
  virtual LiveHolds live_holds(const std::string& merchant_id, int64_t now_ms,
                               const std::string& client_key, const std::string& email) = 0;
  virtual CouponUses coupon_uses(const std::string& merchant_id, const std::string& code,
                                 const std::string& email, int64_t now_ms) = 0;
};

// Reads and writes inside one write transaction. Reads see the transaction's own
// writes (and those of jobs batched before it).
class BookingTx : public StoreReader {
 public:
  virtual void insert_booking(const BookingRecord& b) = 0;
  virtual void update_booking(const BookingRecord& b) = 0;  // every mutable field, by id
  // Writes the fields in which `after` differs from `before` (the stored row), by id.
  virtual void update_booking(const BookingRecord& before, const BookingRecord& after) = 0;
  // Records an event id; false when it was recorded before (a duplicate).
  virtual bool record_event(const StripeEventRecord& e) = 0;
  // Sets charges_enabled on every side using this connected account.
  virtual void set_charges_enabled(const std::string& stripe_account, bool enabled) = 0;
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
};

struct WriteResult {
  bool committed = false;  // the job returned true and its transaction committed
  std::string error;       // the job threw or the commit failed (for logs); empty otherwise
};

class BookingStore {
 public:
  using ReadJob = std::function<void(StoreReader&)>;
  // Returns true to commit, false to roll back what it wrote.
  using WriteJob = std::function<bool(BookingTx&)>;
  using WriteDone = std::function<void(const WriteResult&)>;

  virtual ~BookingStore() = default;
  // Runs `job` on a read connection, in one read transaction (all it reads comes from
  // one snapshot: the last commit when it started). An exception escaping the job is
  // logged and swallowed: a job that must answer someone catches its own.
  virtual void read(ReadJob job) = 0;
  // Runs `job` in a write transaction, one at a time (a capacity check and the insert
  // that depends on it are atomic). `done` is called after the transaction's commit or
  // rollback, on a store callback thread (not the writer). Capacity decisions stay atomic even when
  // several jobs share one commit: each runs in its own savepoint, seeing the ones before it.
  virtual void write(WriteJob job, WriteDone done) = 0;
  // Stops taking jobs, finishes the queued ones and joins the threads. Idempotent.
  virtual void shutdown() = 0;
};

// Blocking helpers for startup, tools and tests (never call them from a store thread
// or from a network thread).
void read_now(BookingStore& store, const std::function<void(StoreReader&)>& job);
WriteResult write_now(BookingStore& store, const std::function<bool(BookingTx&)>& job);

}  // namespace slotpay::server
