// The listener: bind, accept loop (one coroutine on a strand of its own), the
// connection caps, graceful shutdown. The connections themselves: session.cpp.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>

#include "app/log.hpp"
#include "http/client_address.hpp"
#include "http/errors.hpp"
#include "http/server_state.hpp"

namespace slotpay::server::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

void log_exception(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    log_error("connection failed", {{"error", x.what()}});
  } catch (...) {
    log_error("connection failed", {{"error", "unknown"}});
  }
}

// The whole answer to a connection over a cap, written once without reading anything.
const std::string& busy_response() {
  static const std::string text = [] {
    std::string body =
        error_body({"too_many_connections", "", "too many connections, retry later", nullptr})
            .dump();
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           "Cache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  return text;
}

// A fresh socket's send buffer is empty, so one non-blocking write takes the whole
// (small) answer; nothing waits, nothing is allocated per refused connection.
void refuse(tcp::socket& socket) {
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(busy_response()), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

void on_accepted(const std::shared_ptr<ServerState>& st, tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  std::string peer = normalize_peer_address(remote.address().to_string());
  auto ticket = st->connections.try_acquire(peer);
  if (!ticket) return refuse(socket);
  auto ex = socket.get_executor();
  asio::co_spawn(ex, run_session(st, std::move(socket), std::move(*ticket), std::move(peer)),
                 log_exception);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> st) {
  std::chrono::steady_clock::time_point last_warning{};
  for (;;) {
    auto [ec, socket] = co_await st->acceptor.async_accept(asio::make_strand(st->ioc), use_nothrow);
    if (st->stopping || !st->acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning, and log
      // once a second at most.
      auto now = std::chrono::steady_clock::now();
      if (now - last_warning > std::chrono::seconds(1)) {
        last_warning = now;
        log_warn("accept failed", {{"error", ec.message()}});
      }
      asio::steady_timer pause(st->acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    on_accepted(st, std::move(socket));
  }
}

}  // namespace

ServerState::ServerState(asio::io_context& io, const Router& r, ServerLimits l)
    : ioc(io),
      router(r),
      limits(l),
      connections(l.max_connections, l.max_connections_per_client),
      acceptor(asio::make_strand(io)) {}

uint64_t ServerState::add_session(asio::any_io_executor ex,
                                  std::shared_ptr<SessionControl> control) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t id = ++next_id_;
  sessions_.emplace(id, Registered{std::move(ex), std::move(control)});
  return id;
}

void ServerState::remove_session(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(id);
}

void ServerState::close_idle_sessions() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, s] : sessions_)
    asio::post(s.executor, [control = s.control] {
      if (control->stream && control->idle) control->stream->close();
    });
}

HttpServer::HttpServer(asio::io_context& ioc, const Router& router, ServerLimits limits)
    : state_(std::make_shared<ServerState>(ioc, router, limits)) {}

HttpServer::~HttpServer() = default;

int HttpServer::listen(const std::string& host, int port) {
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(port));
  } else {
    tcp::resolver resolver(state_->ioc);
    auto found = resolver.resolve(host, std::to_string(port), ec);
    if (ec || found.empty()) throw std::runtime_error("cannot resolve " + host);
    endpoint = *found.begin();
  }
  auto& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  return acceptor.local_endpoint().port();
}

void HttpServer::start() {
  asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), log_exception);
}

void HttpServer::shutdown() {
  auto st = state_;
  if (st->stopping.exchange(true)) return;
  asio::post(st->acceptor.get_executor(), [st] {
    boost::system::error_code ec;
    st->acceptor.close(ec);
  });
  st->close_idle_sessions();
}

size_t HttpServer::open_connections() const { return state_->connections.open(); }

}  // namespace slotpay::server::http
