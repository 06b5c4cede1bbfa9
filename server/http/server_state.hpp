// Internal to server.cpp and session.cpp (includes Asio/Beast): the state shared by the
// acceptor and the connections.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/connection_limiter.hpp"
#include "http/server.hpp"

namespace slotpay::server::http {

// One connection as the shutdown sees it. Touched only on the connection's executor
// (a strand): the session sets the fields, shutdown() posts a closer there.
struct SessionControl {
  boost::beast::tcp_stream* stream = nullptr;  // null once the session has ended
  bool idle = false;                           // waiting for a (next) request
};

struct ServerState {
  ServerState(boost::asio::io_context& io, const Router& r, ServerLimits l);

  boost::asio::io_context& ioc;
  const Router& router;
  const ServerLimits limits;
  ConnectionLimiter connections;
  boost::asio::ip::tcp::acceptor acceptor;  // on a strand of its own
  std::atomic<bool> stopping{false};

  uint64_t add_session(boost::asio::any_io_executor ex, std::shared_ptr<SessionControl> control);
  void remove_session(uint64_t id);
  // Closes every idle connection (on its own executor).
  void close_idle_sessions();

 private:
  struct Registered {
    boost::asio::any_io_executor executor;
    std::shared_ptr<SessionControl> control;
  };
  std::mutex mu_;
  uint64_t next_id_ = 0;
  std::unordered_map<uint64_t, Registered> sessions_;
};

// The coroutine serving one accepted connection until it closes.
boost::asio::awaitable<void> run_session(std::shared_ptr<ServerState> state,
                                         boost::asio::ip::tcp::socket socket,
                                         ConnectionLimiter::Ticket ticket, std::string peer);

}  // namespace slotpay::server::http
