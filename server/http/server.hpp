// The HTTP/1.1 server on Boost.Beast: accepts on one io_context (run by as many threads
// as the caller likes), one coroutine per connection, requests handed to a Router.
// Beast and Asio stay inside http/*.cpp; this header only forward-declares io_context.
//
// Limits are enforced while reading, chunked bodies included: a fresh parser per request
// with its head and body limits set before reading; over a limit the client gets a 4xx
// with the JSON error shape and the connection is closed (after a bounded drain, so the
// answer is not lost to a TCP reset). Deadlines: the whole request head, the body, each
// write, and the idle time between keep-alive requests. Connections are capped in all
// and per client address; a connection over a cap gets a canned 503 and is closed
// without reading anything.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/router.hpp"
#include "http/trusted_proxy.hpp"

namespace boost::asio {
class io_context;
}

namespace slotpay::server::http {

struct ServerState;  // server_state.hpp

struct ServerLimits {
  size_t max_head_bytes = 16 * 1024;              // request line + headers; over it: 431
  std::chrono::milliseconds head_timeout{10000};  // whole head, from its first byte
  std::chrono::milliseconds body_timeout{10000};  // whole body, once the head is read
  // Each whole answer: generous enough for the widget's largest file on a slow phone.
  std::chrono::milliseconds write_timeout{30000};
  std::chrono::milliseconds idle_timeout{30000};  // keep-alive wait for the next request
  size_t max_connections = 10000;
  // Per client address: below max_connections so that one client cannot take every
  // slot, above what one NAT'd office or a load test from one host (512) needs.
  size_t max_connections_per_client = 1024;
  // --trusted-proxy: peers whose X-Forwarded-For / Forwarded name the client (issue #9).
  std::vector<Cidr> trusted_proxies;
};

class HttpServer {
 public:
  // `ioc` and `router` must outlive the server and every connection it opened (destroy
  // the io_context last).
  HttpServer(boost::asio::io_context& ioc, const Router& router, ServerLimits limits = {});
  ~HttpServer();

  // Binds host:port (port 0: any free port) and listens. Returns the port. Throws
  // std::runtime_error when it cannot.
  int listen(const std::string& host, int port);
  // Starts accepting (on the io_context's threads).
  void start();
  // Graceful stop, callable from any thread: no new connections; idle keep-alive
  // connections close now; a request in flight gets its answer, then its connection
  // closes. Returns at once; watch open_connections() to know when all are gone.
  void shutdown();
  size_t open_connections() const;

 private:
  std::shared_ptr<ServerState> state_;
};

}  // namespace slotpay::server::http
