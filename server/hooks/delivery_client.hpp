// The HTTP client that POSTs an event to a merchant's endpoint (issue #11 item 7). Beast
// stays in delivery_client.cpp: this header is all the app sees. One connection per
// delivery (endpoints are many and rarely hit twice in a row), on the server's one
// io_context; nothing blocks an io thread. Against request forgery, the host is resolved
// here and only addresses is_public_address() allows are connected to (the check after
// resolution defeats a name that resolves to a private address, DNS rebinding included:
// the address checked is the address connected to), unless loopback is allowed (tests,
// demo) and the address is a loopback one. Redirects are never followed (a 3xx is the
// attempt's answer). The whole attempt has one deadline.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace slotpay::server::hooks {

struct DeliveryRequest {
  std::string url;  // already accepted by parse_endpoint_url
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t timeout_ms = 10000;
  bool allow_loopback = false;  // --allow-loopback-webhooks
};

struct DeliveryResponse {
  int status = 0;               // 0: no answer (see transport_error)
  std::string transport_error;  // "timeout" | "refused" | "forbidden_address" | "tls" | ...
  std::string detail;           // for the log: what went wrong, in words
  std::string body;             // the start of the answer's body (at most 64 KB read)
};

using DeliveryDone = std::function<void(DeliveryResponse)>;

class DeliveryClient {
 public:
  virtual ~DeliveryClient() = default;
  // Returns at once; `done` is called once, on an io thread.
  virtual void post(DeliveryRequest request, DeliveryDone done) = 0;
};

// `ca_file` empty: the system's trust store. Throws when the trust store cannot be read.
std::unique_ptr<DeliveryClient> make_delivery_client(boost::asio::io_context& io,
                                                     const std::string& ca_file);

// The log's excerpt of a response body: at most 1,024 bytes, cut on a UTF-8 character
// boundary, with any byte that is not printable ASCII or part of a valid UTF-8 sequence
// replaced by '?' (so the log is always valid JSON text). Pure.
std::string response_excerpt(const std::string& body);

}  // namespace slotpay::server::hooks
