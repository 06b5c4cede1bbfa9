#include "stripe/request_blocking.hpp"

#include <future>
#include <memory>

namespace slotpay::server {

StripeResponse request_blocking(StripeClient& client, const std::string& method,
                                const std::string& path, const nlohmann::ordered_json& params,
                                const StripeRequestOptions& options) {
  // Shared: the callback may run after this frame is gone if the client misbehaves
  // (calls twice); set_value on a satisfied promise throws, so the second call is ignored.
  auto promise = std::make_shared<std::promise<StripeResponse>>();
  std::future<StripeResponse> result = promise->get_future();
  client.request(method, path, params, options, [promise](StripeResponse r) {
    try {
      promise->set_value(std::move(r));
    } catch (const std::future_error&) {
    }
  });
  return result.get();
}

}  // namespace slotpay::server
