// Stripe sync: carries out the lifecycle's actions at Stripe (PaymentIntent create
// and cancel, refunds) and reports their results back through the lifecycle; the
// background pass (hold expiry, then whatever stored records still owe Stripe) and the
// recovery after a restart. Asynchronous and thread-safe; one action per booking and
// kind runs at a time (a pass never doubles a call a use case already started).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_context.hpp"
#include "app/booking_charges.hpp"
#include "app/refunds.hpp"

namespace slotpay::server {

// Stripe refused this request for good: an answer in 4xx other than 409 (the same
// idempotency key still in progress) and 429 (rate limited). Retrying will not help;
// no answer, 409, 429 and 5xx are transient.
bool stripe_refused_for_good(const StripeResponse& r);

// Stripe's answer to a refund create as the refund.created event would record it; an
// answer with an id but not the whole Refund (never from Stripe itself) as a pending
// refund of what was asked (`part`, made for `origin`), which Stripe's events then correct.
std::optional<RefundEvent> accepted_refund(const StripeResponse& r, const BookingRecord& b,
                                           const RefundPart& part, std::string_view origin);

class StripeSync {
 public:
  explicit StripeSync(AppContext& ctx) : ctx_(ctx) {}
  ~StripeSync();  // drain()

  // Asks Stripe for the PaymentIntent of a held booking (created on the merchant's
  // account with the stored idempotency key, so a replay returns the same intent).
  void create_payment_intent(const BookingRecord& record, StripeCallback done);

  // Carries out `actions` of `record`'s stored transition; `done` (optional) after
  // every one finished, its result stored (VoidPayLinks, best effort with nothing to
  // store, is started and not waited for). Failures are logged; what is still owed
  // stays on the record for the next pass.
  void carry_out(const BookingRecord& record, const std::vector<Action>& actions,
                 std::function<void()> done = {});

  // One background pass: holds past their expiry expire (the seat returns at once),
  // then the actions stored records still owe are started, at most
  // config.max_stripe_actions in flight. `done` once the store part is finished.
  void run_pass(std::function<void()> done = {});
  // At startup: bookings caught between hold and PaymentIntent by a crash are let
  // go (their create is replayed with its key to learn the intent, which is then
  // cancelled), then a pass.
  void recover_after_restart(std::function<void()> done = {});

  // Blocks until no action is in flight (shutdown, tests).
  void drain();
  size_t in_flight();

  // A Stripe call about booking `b`, with its credentials (the platform's key and its
  // connected account, or the merchant's own key).
  void call_for(const BookingRecord& b, const std::string& method, const std::string& path,
                nlohmann::ordered_json params, std::string operation, std::string idempotency_key,
                StripeCallback done);

 private:
  // Marks (booking, kind) busy; false when it already is.
  bool begin(const std::string& key);
  void end(const std::string& key);
  void create_saving_intent(const BookingRecord& record, StripeCallback done);
  void cancel_payment_intent(const BookingRecord& record, std::function<void()> done);
  void cancel_known_payment_intent(const BookingRecord& record, std::function<void()> done);
  void issue_refund(const BookingRecord& record, const IssueRefund& refund,
                    std::function<void()> done);
  struct RefundRun;  // one automatic refund's parts (stripe_sync.cpp)
  void refund_part(std::shared_ptr<RefundRun> run, size_t i);
  void settle_refund(std::shared_ptr<RefundRun> run, std::optional<bool> refused_for_good);
  // Pay links paid after their booking was cancelled, given back (stripe_sync_late.cpp).
  void refund_late_payments(const BookingRecord& record, std::function<void()> done);
  struct LateRefundRun;
  void late_refund(std::shared_ptr<LateRefundRun> run, size_t i);
  void settle_late_refunds(std::shared_ptr<LateRefundRun> run);
  // The open pay links' PaymentIntents of a cancelled booking, cancelled at Stripe.
  void void_pay_links(const BookingRecord& record, std::function<void()> done);
  void void_pay_link(const BookingRecord& b, std::shared_ptr<std::vector<PayLinkRecord>> links,
                     size_t i, std::function<void()> done);
  // Stores a result event; `then` after the commit.
  void settle(const std::string& booking_id, LifecycleEvent event,
              std::function<void(const UpdateResult&)> then);

  AppContext& ctx_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::set<std::string> busy_;
};

}  // namespace slotpay::server
