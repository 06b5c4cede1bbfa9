// Where merchants, bookings and Stripe events live. One interface so the SQLite
// store (default, one file) can be joined by a PostgreSQL one for several server
// instances. Implementations are thread-safe. Failures of the storage itself
// (disk full, corrupt file) throw StoreError; the HTTP layer turns that into a 500.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace slotpay::server {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Merchant {
  std::string id;
  std::string catalog_json;                  // the core's catalog, as given
  std::string stripe_account;                // acct_...; empty: the platform account itself
  std::vector<std::string> allowed_origins;  // CORS: exact origins ("https://salon.example")
  bool charges_enabled = true;               // from account.updated
  int64_t created_at_ms = 0;
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
  std::string booking_json;  // the core's {"service","staff","start","end","quantity"}
  std::string request_json;  // the normalised request given to validate (incl. customer)
  std::string quote_json;    // the core's quote
  std::string payment_mode;  // "stripe" | "free" | "external" (online charge only for stripe)
  int64_t amount = 0;        // due now, charged through Stripe
  std::string currency;
  int64_t application_fee = 0;
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
  std::string refund_reason;  // "customer_cancel" | "slot_gone"
  std::string refund_id;
  int64_t refunded_amount = 0;  // from Stripe (refund create or charge.refunded)
  bool disputed = false;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct StripeEventRecord {
  std::string id;
  std::string type;
  std::string account;
  std::string object_id;
  int64_t received_at_ms = 0;
};

// The operations available inside one write transaction.
class BookingTx {
 public:
  virtual ~BookingTx() = default;
  // Confirmed bookings plus holds (held/awaiting_payment) not expired at now_ms; when
  // from_day/to_day ("YYYY-MM-DD") are given, only those whose start's local date is
  // in [from_day, to_day].
  virtual std::vector<BookingRecord> live_bookings(const std::string& merchant_id, int64_t now_ms,
                                                   const std::string& from_day = "",
                                                   const std::string& to_day = "") = 0;
  virtual std::optional<BookingRecord> booking(const std::string& id) = 0;
  virtual std::optional<BookingRecord> booking_by_payment_intent(const std::string& pi) = 0;
  virtual void insert_booking(const BookingRecord& b) = 0;
  virtual void update_booking(const BookingRecord& b) = 0;  // every mutable field, by id
  // Records an event id; false when it was recorded before (a duplicate).
  virtual bool record_event(const StripeEventRecord& e) = 0;
  virtual void set_charges_enabled(const std::string& stripe_account, bool enabled) = 0;
};

class BookingStore {
 public:
  virtual ~BookingStore() = default;

  virtual void upsert_merchant(const Merchant& m) = 0;
  virtual std::optional<Merchant> merchant(const std::string& id) = 0;

  // Runs fn in one write transaction (SQLite: BEGIN IMMEDIATE, so a capacity check
  // and the insert that depends on it are atomic even across processes). Commits
  // when fn returns true; rolls back when it returns false or throws (rethrown).
  virtual void transact(const std::function<bool(BookingTx&)>& fn) = 0;

  // Reads outside a write transaction.
  virtual std::optional<BookingRecord> booking(const std::string& id) = 0;
  virtual std::vector<BookingRecord> live_bookings(const std::string& merchant_id, int64_t now_ms,
                                                   const std::string& from_day = "",
                                                   const std::string& to_day = "") = 0;
  virtual std::vector<BookingRecord> bookings_of(const std::string& merchant_id) = 0;
  virtual std::vector<BookingRecord> bookings_with_status(BookingStatus status) = 0;
  // Bookings the background pass must look at: holds past expiry, holds without a
  // PaymentIntent, PaymentIntents to cancel, refunds to issue.
  virtual std::vector<BookingRecord> bookings_needing_work(int64_t now_ms) = 0;
  virtual std::map<std::string, int64_t> count_by_status() = 0;
  virtual int64_t count_events() = 0;
};

}  // namespace slotpay::server
