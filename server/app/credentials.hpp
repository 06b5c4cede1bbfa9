// Which key a Stripe call is made with. Bookings of Connect merchants (and of the
// platform itself) use the platform's secret key, with the booking's connected account
// in Stripe-Account; bookings of API-key merchants use that merchant's own secret key and
// no account header. Merchants' keys are opened from the store on first use and kept in
// memory for a minute (so another instance's key change is seen soon). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "store/account_store.hpp"
#include "stripe/stripe_client.hpp"

namespace slotpay::server {

struct AppContext;
struct BookingRecord;

struct MerchantKeys {
  std::string publishable_key;
  std::string secret_key;
  std::string webhook_secret;
};

class KeyRing {
 public:
  explicit KeyRing(int64_t ttl_ms = 60'000) : ttl_ms_(ttl_ms) {}
  std::optional<MerchantKeys> get(const std::string& merchant_id, const std::string& mode,
                                  int64_t now_ms);
  void put(const std::string& merchant_id, const std::string& mode, MerchantKeys keys,
           int64_t now_ms);
  void forget(const std::string& merchant_id);

 private:
  struct Entry {
    MerchantKeys keys;
    int64_t loaded_at_ms = 0;
  };
  int64_t ttl_ms_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

// The side's keys, opened with the master key; nullopt when the side has none, there is
// no master key, or they do not open (logged).
std::optional<MerchantKeys> open_side_keys(const AppContext& ctx, const StripeSide& side);

// The options of a call about a booking (operation and idempotency key as given).
// `done` gets nullopt when the booking was charged with its merchant's keys and those
// cannot be had any more (removed, or no master key); from a store or the caller's
// thread.
void booking_stripe_options(AppContext& ctx, const BookingRecord& b, std::string operation,
                            std::string idempotency_key,
                            std::function<void(std::optional<StripeRequestOptions>)> done);

// The same for a merchant's side of `mode` as it is now (key-mode calls: domains).
void merchant_keys_for(AppContext& ctx, const std::string& merchant_id, const std::string& mode,
                       std::function<void(std::optional<MerchantKeys>)> done);

}  // namespace slotpay::server
