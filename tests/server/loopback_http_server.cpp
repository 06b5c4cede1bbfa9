#include "loopback_http_server.hpp"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace slotpay::server::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
constexpr auto kAwait = net::as_tuple(net::use_awaitable);

struct LoopbackHttpServer::Impl {
  Script script;
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::unique_ptr<ssl::context> tls;
  std::thread thread;
  int port = 0;

  mutable std::mutex mu;
  std::vector<SeenRequest> seen;
  int accepted = 0;
  int open_now = 0;
  int max_open = 0;

  template <class Stream>
  net::awaitable<void> serve(Stream& stream, tcp::socket& raw, int connection, std::string sni) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, kAwait);
      if (ec) co_return;
      const auto& req = parser.get();
      SeenRequest s;
      s.connection = connection;
      s.tls_server_name = sni;
      s.method = std::string(req.method_string());
      s.target = std::string(req.target());
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        s.headers[name] = std::string(f.value());
      }
      s.body = req.body();
      int index;
      {
        std::lock_guard<std::mutex> lock(mu);
        index = static_cast<int>(seen.size());
        seen.push_back(s);
      }
      ScriptedAnswer a = script(s, index);
      if (a.delay_ms > 0) {
        net::steady_timer t(co_await net::this_coro::executor);
        t.expires_after(std::chrono::milliseconds(a.delay_ms));
        co_await t.async_wait(kAwait);
      }
      using Kind = ScriptedAnswer::Kind;
      if (a.kind == Kind::kNeverAnswer) {
        // Wait for the client to give up (its read of the next request fails).
        http::request_parser<http::string_body> next;
        co_await http::async_read(stream, buffer, next, kAwait);
        co_return;
      }
      if (a.kind == Kind::kCloseWithoutAnswer) co_return;  // the caller closes
      http::response<http::string_body> res{static_cast<http::status>(a.status), 11};
      res.set(http::field::content_type, "application/json");
      for (const auto& [k, v] : a.headers) res.set(k, v);
      res.body() = a.body;
      res.keep_alive(true);
      res.prepare_payload();
      if (a.kind == Kind::kResetMidResponse) {
        http::response_serializer<http::string_body> sr{res};
        sr.split(true);
        co_await http::async_write_header(stream, sr, kAwait);
        std::string part = a.body.substr(0, a.body.size() / 2);
        co_await net::async_write(stream, net::buffer(part), kAwait);
        struct linger lg {
          1, 0
        };  // close() sends RST
        setsockopt(raw.native_handle(), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        co_return;
      }
      auto [wec, wn] = co_await http::async_write(stream, res, kAwait);
      if (wec || a.close_after) co_return;
    }
  }

  net::awaitable<void> session(tcp::socket socket) {
    int connection;
    {
      std::lock_guard<std::mutex> lock(mu);
      connection = ++accepted;
      max_open = std::max(max_open, ++open_now);
    }
    if (tls) {
      beast::ssl_stream<tcp::socket&> stream(socket, *tls);
      auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kAwait);
      if (!ec) {
        const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        co_await serve(stream, socket, connection, sni ? sni : "");
      }
    } else {
      co_await serve(socket, socket, connection, "");
    }
    beast::error_code ignored;
    socket.close(ignored);
    std::lock_guard<std::mutex> lock(mu);
    --open_now;
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kAwait);
      if (ec) co_return;
      socket.set_option(tcp::no_delay(true));
      net::co_spawn(io, session(std::move(socket)), net::detached);
    }
  }
};

LoopbackHttpServer::LoopbackHttpServer(Script script, std::optional<TlsFiles> tls)
    : impl_(std::make_shared<Impl>()) {
  impl_->script = std::move(script);
  if (tls) {
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tls->cert_chain_file);
    impl_->tls->use_private_key_file(tls->key_file, ssl::context::pem);
  }
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(1024);
  impl_->port = impl_->acceptor.local_endpoint().port();
  net::co_spawn(impl_->io, impl_->accept_loop(), net::detached);
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  impl_->io.stop();
  impl_->thread.join();
}

int LoopbackHttpServer::port() const { return impl_->port; }

std::string LoopbackHttpServer::base_url(const std::string& host) const {
  return std::string(impl_->tls ? "https://" : "http://") + host + ":" +
         std::to_string(impl_->port);
}

std::vector<SeenRequest> LoopbackHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->seen;
}

int LoopbackHttpServer::connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->accepted;
}

int LoopbackHttpServer::max_concurrent_connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->max_open;
}

namespace {

void run(const std::string& command) {
  std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

}  // namespace

TestPki::TestPki() {
  std::string templ = (std::filesystem::temp_directory_path() / "slotpay-pki-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = templ;
  ca_file_ = dir_ + "/ca.pem";
  run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj '/CN=Slotpay throwaway test CA' -keyout " +
      dir_ + "/ca.key -out " + ca_file_ +
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
}

TestPki::~TestPki() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

TlsFiles TestPki::issue(const std::string& name, const std::vector<std::string>& sans) {
  std::string base = dir_ + "/" + name;
  std::string san;
  for (const auto& s : sans) san += (san.empty() ? "" : ",") + s;
  {
    std::ofstream ext(base + ".ext");
    ext << "subjectAltName=" << san << "\nbasicConstraints=CA:FALSE\n"
        << "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
  }
  run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj '/CN=" + name +
      "' -keyout " + base + ".key -out " + base + ".csr");
  run("openssl x509 -req -days 2 -in " + base + ".csr -CA " + ca_file_ + " -CAkey " + dir_ +
      "/ca.key -CAcreateserial -extfile " + base + ".ext -out " + base + ".pem");
  return TlsFiles{base + ".pem", base + ".key"};
}

}  // namespace slotpay::server::testing
