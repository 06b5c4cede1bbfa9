// The store's queries over one SQLite connection: reads for read jobs, reads and
// writes for write jobs (the connection's current transaction is the caller's).
#pragma once

#include "store/booking_row.hpp"
#include "store/booking_store.hpp"
#include "store/sqlite_accounts.hpp"
#include "store/sqlite_connection.hpp"

namespace slotpay::server::sqlite {

// Binds a row value (NULL, integer or text) as parameter i: every table's row helpers
// (bookings, outbox, webhooks) bind their values through this one.
void bind_value(Query& q, int i, const row::Value& v);

class Session final : public BookingTx {
 public:
  explicit Session(Connection& db) : db_(db), accounts_(db) {}

  std::optional<Merchant> merchant(const std::string& id) override;
  std::optional<std::string> catalog_text(const std::string& merchant_id, int64_t version) override;
  std::optional<BookingRecord> booking(const std::string& id) override;
  std::optional<BookingRecord> booking_by_payment_intent(const std::string& pi) override;
  std::vector<Occupancy> occupancies(const std::string& merchant_id, int64_t now_ms, int64_t from_s,
                                     int64_t to_s, const std::string& exclude_id) override;
  std::vector<BookingRecord> bookings_of(const std::string& merchant_id) override;
  std::vector<BookingRecord> bookings_of_mode(const std::string& merchant_id,
                                              const std::string& mode, int64_t limit) override;
  std::vector<BookingRecord> bookings_with_status(BookingStatus status) override;
  std::vector<BookingRecord> bookings_starting(const std::string& merchant_id,
                                               const std::string& mode, int64_t from_s,
                                               int64_t to_s, int64_t after_start_s,
                                               const std::string& after_id, int64_t limit) override;
  std::vector<BookingRecord> bookings_needing_work(int64_t now_ms) override;
  std::map<std::string, int64_t> count_by_status() override;
  int64_t count_events() override;
  AccountTx& accounts() override { return accounts_; }
  void ping() override;
  LiveHolds live_holds(const std::string& merchant_id, int64_t now_ms,
                       const std::string& client_key, const std::string& email) override;
  CouponUses coupon_uses(const std::string& merchant_id, const std::string& code,
                         const std::string& email, int64_t now_ms) override;
  std::optional<DisputeRecord> dispute(const std::string& id) override;
  std::vector<DisputeRecord> disputes_of_merchant(const std::string& merchant_id) override;
  std::optional<RefundRecord> refund(const std::string& id) override;
  std::vector<RefundRecord> refunds_of_booking(const std::string& booking_id) override;
  std::vector<RefundRecord> refunds_of_merchant(const std::string& merchant_id) override;
  // Pay links (issue #11 item 3), in sqlite_pay_links.cpp / pg_pay_links.cpp.
  std::optional<PayLinkRecord> pay_link(const std::string& id) override;
  std::optional<PayLinkRecord> pay_link_by_payment_intent(const std::string& pi) override;
  std::optional<PayLinkRecord> newest_pay_link(const std::string& booking_id) override;
  std::vector<PayLinkRecord> paid_pay_links(const std::string& booking_id) override;
  std::vector<PayLinkRecord> open_pay_links(const std::string& booking_id) override;

  void insert_booking(const BookingRecord& b) override;
  void update_booking(const BookingRecord& b) override;
  void update_booking(const BookingRecord& before, const BookingRecord& after) override;
  bool record_event(const StripeEventRecord& e) override;
  std::vector<BookingRecord> claim_work(int64_t now_ms, const std::string& owner, int64_t until_ms,
                                        int limit) override;
  std::vector<BookingRecord> take_due_reminders(int64_t now_ms, int limit) override;
  void set_charges_enabled(const std::string& stripe_account, bool enabled) override;
  void save_dispute(const DisputeRecord& d) override;  // sqlite_disputes.cpp / pg_disputes.cpp
  void save_refund(const RefundRecord& r) override;    // sqlite_refunds.cpp / pg_refunds.cpp
  void save_pay_link(const PayLinkRecord& l) override;
  int64_t save_merchant(const Merchant& m, const std::string& catalog_json) override;

  // The outbox (issue #12), in sqlite_outbox.cpp / pg_outbox.cpp.
  std::map<std::string, int64_t> count_messages_by_status() override;
  std::vector<OutboxMessage> recent_messages(int limit) override;
  std::optional<OutboxMessage> message(const std::string& id) override;
  void queue_message(const OutboxMessage& m) override;
  std::vector<OutboxMessage> claim_messages(int64_t now_ms, const std::string& owner,
                                            int64_t until_ms, int limit) override;
  bool settle_message(const OutboxMessage& m) override;

  // Merchant webhooks (issue #11 item 7), in sqlite_webhooks.cpp / pg_webhooks.cpp.
  std::vector<HookEndpoint> webhook_endpoints(const std::string& merchant_id) override;
  std::optional<HookEndpoint> webhook_endpoint(const std::string& id) override;
  std::optional<HookDelivery> webhook_delivery(const std::string& id) override;
  std::vector<HookDelivery> webhook_deliveries(const std::string& endpoint_id,
                                               const std::string& after_id, int limit) override;
  std::optional<HookEvent> webhook_event(const std::string& id) override;
  void save_webhook_endpoint(const HookEndpoint& e) override;
  void delete_webhook_endpoint(const std::string& id) override;
  void insert_webhook_event(const HookEvent& e) override;
  void insert_webhook_delivery(const HookDelivery& d) override;
  std::vector<ClaimedHookDelivery> claim_webhook_deliveries(int64_t now_ms,
                                                            const std::string& owner,
                                                            int64_t until_ms, int limit) override;
  bool settle_webhook_delivery(const HookDelivery& d) override;

 private:
  std::vector<RefundRecord> refunds_where(const std::string& where, const std::string& key);
  std::optional<PayLinkRecord> pay_link_where(const std::string& where, const std::string& key);
  // What a merchant's bookings occupy changed (availability answers are stale).
  // Also raises max_booking_s to `length_s` (a booking moved to a longer slot).
  void bump_bookings_version(const std::string& merchant_id, int64_t length_s = 0);
  std::vector<BookingRecord> bookings_where(const std::string& where,
                                            const std::function<void(Query&)>& binder);
  Connection& db_;
  AccountSession accounts_;
};

// Merchant rows with their active side: "SELECT ... FROM merchants m LEFT JOIN
// merchant_stripe s ... " + where (which may use ?1... bound by binder).
std::vector<Merchant> select_merchants(Connection& db, const std::string& where,
                                       const std::function<void(Query&)>& binder);
// A JSON array of strings ("[]" and malformed text give an empty list).
std::vector<std::string> strings_from_json_text(const std::string& text);

}  // namespace slotpay::server::sqlite
