// Transition helper while the app is still synchronous: waits for an asynchronous
// StripeClient call to finish. Only for callers that are not on the client's io
// threads (waiting there could deadlock: the thread that would finish the call is the
// one waiting). Goes away once the app is asynchronous (issue #8).
#pragma once

#include "stripe/stripe_client.hpp"

namespace slotpay::server {

StripeResponse request_blocking(StripeClient& client, const std::string& method,
                                const std::string& path, const nlohmann::ordered_json& params,
                                const StripeRequestOptions& options);

}  // namespace slotpay::server
