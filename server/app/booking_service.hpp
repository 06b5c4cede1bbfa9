// The use cases: catalog, availability, create booking (hold + PaymentIntent),
// status, cancel, Stripe webhook events, hold expiry and crash recovery. Every
// price and validation comes from the core (slotpay::run); the store gives
// atomicity; Stripe is reached through StripeClient. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/api_error.hpp"
#include "app/clock.hpp"
#include "app/metrics.hpp"
#include "store/booking_store.hpp"
#include "stripe/stripe_client.hpp"

namespace slotpay::server {

struct ServiceConfig {
  std::string publishable_key;        // returned to the widget (public by design)
  std::string webhook_secret;         // whsec_...; never logged or returned
  int64_t hold_ms = 10 * 60 * 1000;   // default 10 minutes
  int64_t expiry_interval_ms = 2000;  // background pass period
};

class BookingService {
 public:
  BookingService(ServiceConfig config, BookingStore& store, StripeClient& stripe,
                 const Clock& clock, Metrics& metrics);
  ~BookingService();

  std::optional<Merchant> merchant(const std::string& id);

  AppResult catalog(const std::string& merchant_id);
  // query: service, staff, from, to (strings as given).
  AppResult availability(const std::string& merchant_id,
                         const std::map<std::string, std::string>& query);
  AppResult create_booking(const std::string& merchant_id, const nlohmann::json& body);
  AppResult status(const std::string& booking_id, const std::string& token);
  AppResult cancel(const std::string& booking_id, const std::string& token);
  AppResult webhook(const std::string& raw_body, const std::string& signature_header);

  // The merchant a booking belongs to (for CORS on booking routes), or "".
  std::string merchant_of_booking(const std::string& booking_id);

  // One pass of background work: expire holds (capacity returns at once), cancel
  // their PaymentIntents at Stripe, issue pending refunds. Safe to call anytime.
  void run_maintenance();
  // At startup: bookings caught between hold and PaymentIntent by a crash are
  // resolved (the create is re-issued with its stored Idempotency-Key so Stripe
  // replays it, then cancelled), then run_maintenance().
  void recover_after_restart();

  // Background thread running run_maintenance every expiry_interval_ms.
  void start_background();
  void stop_background();

  // Prometheus lines for bookings by state.
  std::string booking_gauges();

 private:
  nlohmann::ordered_json booking_view(const BookingRecord& b, const Merchant* m);
  // Asks Stripe for the PaymentIntent of b (create, replayed by its idempotency key).
  StripeResponse create_payment_intent(const BookingRecord& b);
  void cancel_payment_intent_at_stripe(const BookingRecord& b);
  void issue_refund(const BookingRecord& b);
  AppResult handle_payment_succeeded(const nlohmann::json& event, const nlohmann::json& pi);

  ServiceConfig config_;
  BookingStore& store_;
  StripeClient& stripe_;
  const Clock& clock_;
  Metrics& metrics_;

  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool bg_stop_ = false;
  std::thread bg_thread_;
  std::mutex maintenance_mu_;  // one maintenance pass at a time
};

}  // namespace slotpay::server
