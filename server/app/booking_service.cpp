#include "app/booking_service.hpp"

#include "app/calendar_feed.hpp"
#include "app/crypto.hpp"
#include "app/log.hpp"

namespace slotpay::server {

BookingService::BookingService(ServiceConfig config, BookingStore& store, StripeClient& stripe,
                               const Clock& clock, Metrics& metrics)
    : ctx_{config, store, stripe, clock, metrics, CatalogCache{},
           AvailabilityCache{config.availability_cache_ms}, MerchantCache{config.merchant_cache_ms},
           KeyRing{}, ClientSecretBox{config.at_rest_key},
           // A few waiting hashes at most: a flood of sign-ins is refused, not queued.
           std::make_shared<CpuPool>(config.cpu_threads, 32), LoginThrottle{}},
      sync_(ctx_) {
  if (ctx_.config.instance_id.empty()) ctx_.config.instance_id = "inst_" + random_hex(8);
}

BookingService::~BookingService() {
  stop_background();
  drain();
}

std::shared_ptr<void> BookingService::in_flight_token() {
  {
    std::lock_guard<std::mutex> lock(calls_mu_);
    ++calls_in_flight_;
  }
  return std::shared_ptr<void>(nullptr, [this](void*) {
    std::lock_guard<std::mutex> lock(calls_mu_);
    if (--calls_in_flight_ == 0) calls_cv_.notify_all();
  });
}

Reply BookingService::tracked(Reply reply) {
  return
      [reply = std::move(reply), token = in_flight_token()](AppResult r) { reply(std::move(r)); };
}

void BookingService::wait_use_cases() {
  std::unique_lock<std::mutex> lock(calls_mu_);
  calls_cv_.wait(lock, [&] { return calls_in_flight_ == 0; });
}

void BookingService::authenticate(const AuthInput& in, AuthDone done) {
  authenticate_use_case(ctx_, in,
                        [done = std::move(done), token = in_flight_token()](
                            std::optional<Principal> who, std::optional<ApiError> error) {
                          done(std::move(who), std::move(error));
                        });
}

void BookingService::catalog(const std::string& merchant_id, Reply reply) {
  catalog_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::availability(const std::string& merchant_id,
                                  const std::map<std::string, std::string>& query, Reply reply) {
  availability_use_case(ctx_, merchant_id, query, tracked(std::move(reply)));
}

void BookingService::create_booking(const std::string& merchant_id, const nlohmann::json& body,
                                    Reply reply, const std::string& client_key) {
  create_booking_use_case(ctx_, sync_, merchant_id, body, client_key, tracked(std::move(reply)));
}

void BookingService::quote(const std::string& merchant_id, const nlohmann::json& body,
                           Reply reply) {
  quote_use_case(ctx_, merchant_id, body, tracked(std::move(reply)));
}

void BookingService::status(const std::string& booking_id, const std::string& token, Reply reply) {
  status_use_case(ctx_, booking_id, token, tracked(std::move(reply)));
}

void BookingService::cancel(const std::string& booking_id, const std::string& token, Reply reply) {
  cancel_use_case(ctx_, sync_, booking_id, token, tracked(std::move(reply)));
}

void BookingService::extend_hold(const std::string& booking_id, const std::string& token,
                                 Reply reply) {
  extend_hold_use_case(ctx_, booking_id, token, tracked(std::move(reply)));
}

void BookingService::webhook(const std::string& raw_body, const std::string& signature_header,
                             Reply reply) {
  webhook_use_case(ctx_, sync_, raw_body, signature_header, tracked(std::move(reply)));
}

void BookingService::manage_view(const std::string& token, Reply reply) {
  manage_view_use_case(ctx_, token, tracked(std::move(reply)));
}

void BookingService::manage_availability(const std::string& token,
                                         const std::map<std::string, std::string>& query,
                                         Reply reply) {
  manage_availability_use_case(ctx_, token, query, tracked(std::move(reply)));
}

void BookingService::manage_ics(const std::string& token, Reply reply) {
  manage_ics_use_case(ctx_, token, tracked(std::move(reply)));
}

void BookingService::manage_cancel(const std::string& token, Reply reply) {
  manage_cancel_use_case(ctx_, sync_, token, tracked(std::move(reply)));
}

void BookingService::manage_reschedule(const std::string& token, const nlohmann::json& body,
                                       Reply reply) {
  manage_reschedule_use_case(ctx_, token, body, tracked(std::move(reply)));
}

void BookingService::merchant_refund(const BookingScope& scope,
                                     const MerchantRefundRequest& request, Reply reply) {
  merchant_refund_use_case(ctx_, sync_, scope, request, tracked(std::move(reply)));
}

void BookingService::merchant_close(const BookingScope& scope, MerchantClosing kind, Reply reply) {
  merchant_close_use_case(ctx_, sync_, scope, kind, tracked(std::move(reply)));
}

void BookingService::confirm_booking(const std::string& token, Reply reply) {
  confirm_booking_use_case(ctx_, token, tracked(std::move(reply)));
}

void BookingService::save_merchant(const MerchantInput& input, Reply reply) {
  save_merchant_use_case(ctx_, input, tracked(std::move(reply)));
}

void BookingService::feed(const std::string& token, Reply reply) {
  feed_use_case(ctx_, token, tracked(std::move(reply)));
}

void BookingService::feed_urls(const std::string& merchant_id, Reply reply) {
  feed_urls_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::admin_bookings(const std::string& merchant_id, Reply reply) {
  admin_bookings_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::admin_merchants(Reply reply) {
  admin_merchants_use_case(ctx_, tracked(std::move(reply)));
}

void BookingService::admin_merchant_settings(const std::string& merchant_id,
                                             const OperatorSettings& settings, Reply reply) {
  admin_merchant_settings_use_case(ctx_, merchant_id, settings, tracked(std::move(reply)));
}

void BookingService::merchant(const std::string& id,
                              std::function<void(std::shared_ptr<const Merchant>)> done) {
  merchant_lookup(ctx_, id, std::move(done));
}

void BookingService::merchant_checked(const std::string& id, CheckedMerchantDone done) {
  merchant_lookup_checked(ctx_, id, std::move(done));
}

void BookingService::merchant_of_booking(
    const std::string& booking_id, std::function<void(std::shared_ptr<const Merchant>)> done) {
  merchant_of_booking_lookup(ctx_, booking_id, std::move(done));
}

void BookingService::booking_gauges(std::function<void(std::string)> done) {
  slotpay::server::booking_gauges(ctx_, std::move(done));
}

void BookingService::outbox_messages(int limit,
                                     std::function<void(std::vector<OutboxMessage>, bool)> done) {
  ctx_.store.read([limit, done = std::move(done)](StoreReader& r) {
    std::vector<OutboxMessage> messages;
    bool ok = true;
    try {
      messages = r.recent_messages(limit);
    } catch (const std::exception& e) {
      ok = false;
      log_warn("outbox read failed", {{"error", e.what()}});
    }
    done(std::move(messages), ok);
  });
}

void BookingService::outbox_message(const std::string& id,
                                    std::function<void(std::optional<OutboxMessage>, bool)> done) {
  ctx_.store.read([id, done = std::move(done)](StoreReader& r) {
    std::optional<OutboxMessage> m;
    bool ok = true;
    try {
      m = r.message(id);
    } catch (const std::exception& e) {
      ok = false;
      log_warn("outbox read failed", {{"error", e.what()}});
    }
    done(std::move(m), ok);
  });
}

void BookingService::queue_bounce_notice(BookingTx& tx, const OutboxMessage& failed) {
  slotpay::server::queue_bounce_notice(ctx_, tx, failed, ctx_.clock.now_ms());
}

void BookingService::check_database(std::function<void(bool, std::string)> done) {
  const int64_t now = ctx_.clock.now_ms();
  {
    std::lock_guard<std::mutex> lock(health_mu_);
    // A fresh result, or one check already on its way: the last answer serves (so a
    // burst of probes costs one round trip, not one each).
    if (health_checked_ms_ >= 0 && (now - health_checked_ms_ < 1000 || health_checking_))
      return done(health_ok_, health_error_);
    health_checking_ = true;
  }
  ctx_.store.read([this, now, done](StoreReader& r) {
    bool ok = true;
    std::string error;
    try {
      r.ping();
    } catch (const std::exception& e) {
      ok = false;
      error = e.what();
      log_warn("database check failed", {{"error", error}});
    }
    {
      std::lock_guard<std::mutex> lock(health_mu_);
      health_checking_ = false;
      health_checked_ms_ = now;
      health_ok_ = ok;
      health_error_ = error;
    }
    done(ok, error);
  });
}

void BookingService::run_maintenance(std::function<void()> done) {
  sync_.run_pass(std::move(done));
}

void BookingService::recover_after_restart(std::function<void()> done) {
  sync_.recover_after_restart(std::move(done));
}

void BookingService::drain() {
  // A use case may hand Stripe work to the sync just before it answers: use cases first.
  wait_use_cases();
  sync_.drain();
}

void BookingService::start_background() {
  bg_thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(bg_mu_);
    while (!bg_stop_) {
      auto next = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(ctx_.config.expiry_interval_ms);
      if (bg_cv_.wait_until(lock, next, [&] { return bg_stop_; })) break;
      if (pass_running_) continue;  // a slow store: never two passes at once
      pass_running_ = true;
      lock.unlock();
      sync_.run_pass([this] {
        std::lock_guard<std::mutex> l(bg_mu_);
        pass_running_ = false;
        bg_cv_.notify_all();
      });
      lock.lock();
    }
    // Wait for the last pass's store part: its callback touches this object.
    bg_cv_.wait(lock, [&] { return !pass_running_; });
  });
}

void BookingService::stop_background() {
  {
    std::lock_guard<std::mutex> lock(bg_mu_);
    bg_stop_ = true;
  }
  bg_cv_.notify_all();
  if (bg_thread_.joinable()) bg_thread_.join();
}

}  // namespace slotpay::server
