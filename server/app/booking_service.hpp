// The app's face for the HTTP layer and main(): the use cases (use_cases.hpp) over
// one context, the Stripe sync and the background pass. Asynchronous: every method
// returns at once and answers through its callback, exactly once, from a store or
// Stripe-client thread (never blocking the caller). Thread-safe. No Asio, no Beast.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/api_error.hpp"
#include "app/app_context.hpp"
#include "app/merchant_auth.hpp"
#include "app/stripe_connect.hpp"
#include "app/stripe_sync.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {

class BookingService {
 public:
  BookingService(ServiceConfig config, BookingStore& store, StripeClient& stripe,
                 const Clock& clock, Metrics& metrics);
  ~BookingService();  // stop_background(), then waits for Stripe actions in flight

  void catalog(const std::string& merchant_id, Reply reply);
  // query: service, staff, from, to (strings as given).
  void availability(const std::string& merchant_id, const std::map<std::string, std::string>& query,
                    Reply reply);
  // `client_key`: who asked (for the caps on live holds per client).
  void create_booking(const std::string& merchant_id, const nlohmann::json& body, Reply reply,
                      const std::string& client_key = "");
  void quote(const std::string& merchant_id, const nlohmann::json& body, Reply reply);
  void status(const std::string& booking_id, const std::string& token, Reply reply);
  void cancel(const std::string& booking_id, const std::string& token, Reply reply);
  void extend_hold(const std::string& booking_id, const std::string& token, Reply reply);
  void webhook(const std::string& raw_body, const std::string& signature_header, Reply reply);

  // Issue #12: the server's public base URL for the manage links in emails. Call before
  // serving (main sets it once the listening port is known); not thread-safe after.
  void set_public_url(std::string url) { ctx_.config.mail.public_url = std::move(url); }
  // That URL (Connect's return and refresh URLs, the merchants' webhook URLs).
  const std::string& public_url() const { return ctx_.config.mail.public_url; }
  // Issue #12, the manage link (the token is the credential).
  void manage_view(const std::string& token, Reply reply);
  void manage_availability(const std::string& token,
                           const std::map<std::string, std::string>& query, Reply reply);
  void manage_ics(const std::string& token, Reply reply);
  void manage_cancel(const std::string& token, Reply reply);
  void manage_reschedule(const std::string& token, const nlohmann::json& body, Reply reply);
  // Issue #9: the email confirmation link of a free or external-payment booking.
  void confirm_booking(const std::string& token, Reply reply);

  // Issue #11: the merchant's money operations on one of its bookings.
  void merchant_refund(const BookingScope& scope, const MerchantRefundRequest& request,
                       Reply reply);
  void merchant_close(const BookingScope& scope, MerchantClosing kind, Reply reply);
  // Issue #11 item 3 (pay_by_link.hpp; booking_service_pay.cpp): phone bookings, pay
  // links and the pay page's API.
  void phone_booking(const BookingScope& scope, const nlohmann::json& body, Reply reply);
  void pay_link(const BookingScope& scope, bool send_email, Reply reply);
  void pay_view(const std::string& token, Reply reply);
  void pay_intent(const std::string& token, Reply reply);

  // Admin: create or update a merchant (its catalog validated by the core first).
  void save_merchant(const MerchantInput& input, Reply reply);
  void admin_bookings(const std::string& merchant_id, Reply reply);
  // Issue #12, the calendar feeds: the feed of a token, and (operator) each feed's URL.
  void feed(const std::string& token, Reply reply);
  void feed_urls(const std::string& merchant_id, Reply reply);
  void admin_merchants(Reply reply);
  void admin_merchant_settings(const std::string& merchant_id, const OperatorSettings& settings,
                               Reply reply);

  // The merchant's Stripe connection (issue #10 items 2, 3, 5; stripe_connect.hpp);
  // defined in booking_service_connect.cpp.
  void stripe_connect(const ConnectRequest& req, Reply reply);
  void stripe_return(const std::string& merchant_id, Reply reply);
  void stripe_status(const std::string& merchant_id, const std::string& webhook_url, Reply reply);
  void stripe_dashboard_link(const std::string& merchant_id, Reply reply);
  void stripe_keys_save(const KeysRequest& req, Reply reply);
  void stripe_keys_delete(const std::string& merchant_id, const std::string& mode, Reply reply);
  void payment_domains(const std::string& merchant_id, Reply reply);
  void sync_payment_domains(const std::string& merchant_id, const std::string& server_origin,
                            Reply reply);
  // /v1/stripe/webhook/{merchant}: verified with that merchant's own webhook secrets.
  void merchant_webhook(const std::string& merchant_id, const std::string& raw_body,
                        const std::string& signature_header, Reply reply);
  // The merchant API (issue #10): who calls (app/merchant_auth.hpp).
  void authenticate(const AuthInput& in, AuthDone done);
  // The merchant API's use cases (merchant_accounts.hpp, merchant_catalog.hpp) take the
  // context itself; the HTTP layer wraps their replies in tracked() so drain() waits.
  AppContext& context() { return ctx_; }
  Reply tracked(Reply reply);
  // Counts a call in flight until every copy of the returned token is gone (the
  // use case's reply has been called and dropped).
  std::shared_ptr<void> in_flight_token();

  // The merchant (nullptr when unknown), for CORS before a use case runs.
  void merchant(const std::string& id, std::function<void(std::shared_ptr<const Merchant>)> done);
  // The same, with database_unavailable told apart from an unknown merchant.
  void merchant_checked(const std::string& id, CheckedMerchantDone done);
  // The merchant a booking belongs to (nullptr when unknown).
  void merchant_of_booking(const std::string& booking_id,
                           std::function<void(std::shared_ptr<const Merchant>)> done);
  // Prometheus lines for bookings by state.
  void booking_gauges(std::function<void(std::string)> done);
  // Readiness: one round trip to the database, `done(true, "")` or false and why. A
  // result less than a second old is reused, so that /healthz under load (or attack)
  // costs the database one query a second.
  void check_database(std::function<void(bool ok, std::string error)> done);
  // Issue #12: the newest outbox messages (the demo's outbox page), and one by id;
  // `ok` false when the database could not be read.
  void outbox_messages(int limit, std::function<void(std::vector<OutboxMessage>, bool ok)> done);
  void outbox_message(const std::string& id,
                      std::function<void(std::optional<OutboxMessage>, bool ok)> done);
  // For the outbox worker: queues the merchant's bounce notice in the transaction that
  // records a customer's message failed for good.
  void queue_bounce_notice(BookingTx& tx, const OutboxMessage& failed);

  // This instance's name in work claims (config.instance_id, or the one made at start).
  const std::string& instance_id() const { return ctx_.config.instance_id; }

  // One background pass now (hold expiry, then what records owe Stripe); `done` after
  // its store part.
  void run_maintenance(std::function<void()> done = {});
  // At startup, before serving: interrupted holds are let go, then a pass.
  void recover_after_restart(std::function<void()> done = {});
  // A thread that starts a pass every expiry_interval_ms (the next one only after the
  // previous one's store part finished).
  void start_background();
  void stop_background();
  // Blocks until every use case started has answered and the Stripe actions in flight
  // have finished (shutdown, tests). The store and the Stripe client must still run.
  void drain();

 private:
  void wait_use_cases();

  std::mutex calls_mu_;
  std::condition_variable calls_cv_;
  size_t calls_in_flight_ = 0;

  AppContext ctx_;
  StripeSync sync_;

  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool bg_stop_ = false;
  bool pass_running_ = false;
  std::thread bg_thread_;

  std::mutex health_mu_;
  int64_t health_checked_ms_ = -1;
  bool health_ok_ = false;
  bool health_checking_ = false;  // a check's store read is queued or running
  std::string health_error_;
};

}  // namespace slotpay::server
