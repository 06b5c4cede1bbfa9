// One keep-alive HTTP/1.1 connection to the Stripe origin (internal to stripe/; Beast
// stays in the .cpp). It opens itself on the first exchange and serves one exchange at a
// time; ConnectionPool decides who uses it. Each connection has its own strand: every
// operation on its stream runs there, whichever call is using it.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>

#include "stripe/origin.hpp"
#include "stripe/request_format.hpp"
#include "stripe/retry_policy.hpp"

namespace boost::asio::ssl {
class context;
}

namespace slotpay::server {

// What every connection to the origin shares; lives as long as any connection.
struct ConnectionSettings {
  Origin origin;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null for http://
  long connect_timeout_ms = 5000;
  long timeout_ms = 30000;
  size_t max_response_bytes = 4 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;
  std::atomic<uint64_t> opened{0};  // connections established, ever
};

struct ExchangeResult {
  HttpReply reply;  // got_response false: see failure
  TransportFailure failure = TransportFailure::kNone;
  bool reused = false;            // the connection had served an exchange before
  bool response_started = false;  // some byte of the response had arrived
  bool keep_alive = false;        // the connection can serve another exchange
};

class StripeConnection {
 public:
  StripeConnection(boost::asio::io_context& io, std::shared_ptr<ConnectionSettings> settings);
  ~StripeConnection();
  StripeConnection(const StripeConnection&) = delete;
  StripeConnection& operator=(const StripeConnection&) = delete;

  // Opens the connection if needed (connect deadline), then writes `request` and reads the
  // whole response (exchange deadline). Runs on the connection's strand; the awaiting
  // coroutine resumes on its own executor. After a failure the connection is closed.
  // `request` must stay valid until the exchange completes.
  static boost::asio::awaitable<ExchangeResult> exchange(std::shared_ptr<StripeConnection> self,
                                                         const HttpRequest& request);

  // Closes the socket, on the connection's strand (so never beside a stream timer handler
  // that is still draining). Only while no exchange is running (idle or finished).
  static void close(std::shared_ptr<StripeConnection> self);

  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace slotpay::server
