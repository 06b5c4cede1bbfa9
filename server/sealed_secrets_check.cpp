#include "sealed_secrets_check.hpp"

#include <exception>
#include <future>

#include "app/log.hpp"

namespace slotpay::server {

std::optional<std::string> check_sealed_secrets(BookingStore& store, const SecretBox* box) {
  std::promise<std::optional<StripeSide>> p;
  store.read([&p](StoreReader& r) {
    try {
      p.set_value(r.accounts().any_sealed_side());
    } catch (...) {
      p.set_exception(std::current_exception());
    }
  });
  std::optional<StripeSide> side;
  try {
    side = p.get_future().get();
  } catch (const std::exception& e) {
    return std::string("cannot read the merchants' Stripe sides: ") + e.what();
  }
  if (!side) return std::nullopt;
  if (!box) {
    if (side->mode == "live")
      return std::string(
          "merchants' live Stripe secrets are stored: give the master key (SLOTPAY_MASTER_KEY "
          "or --master-key-file)");
    log_warn(
        "merchants' Stripe secrets are stored but no master key is given: their "
        "merchants cannot take payments");
    return std::nullopt;
  }
  if (!box->open(side->secret_key_sealed,
                 secret_context(side->merchant_id, side->mode, "secret_key")))
    return std::string("the master key does not open the stored merchants' Stripe secrets");
  return std::nullopt;
}

}  // namespace slotpay::server
