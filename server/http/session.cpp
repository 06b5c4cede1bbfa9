// One connection: read a request under the limits, route it, wait for the handler's
// Respond (from any thread), write the answer; again while keep-alive lasts.
//
// Reading happens in steps so that each limit applies before any memory is spent on
// what it refuses: wait for the first byte (idle or head deadline), read the head (a
// fresh parser, head limit 16 KB), check it (target, Content-Encoding, route, declared
// length), then read the body with the route's own limit (chunked or not).
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <mutex>
#include <optional>

#include "app/log.hpp"
#include "http/client_address.hpp"
#include "http/responses.hpp"
#include "http/server_state.hpp"
#include "http/target.hpp"

namespace slotpay::server::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

// Read buffer cap: a whole head must fit (the parser needs it contiguous), plus room
// for the start of a body or a pipelined request. Bodies do not accumulate here.
constexpr size_t kBufferSlack = 16 * 1024;
// After refusing a request: stop sending (the client sees FIN and, if honest, stops
// too), then read and drop what it still sends, for at most this long and this much,
// then close. Closing with unread data sends a reset, which can make the client lose
// the answer; the kernel may already hold megabytes of its data, hence the byte cap is
// generous (dropping costs no memory).
constexpr size_t kLingerBytes = 64u << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);

// The bridge from Respond (any thread, at most once) to the awaiting coroutine (its own
// strand). Should every copy of Respond die without being called, the request gets a
// 500 rather than a connection that hangs forever.
template <class CompletionHandler>
class RespondState {
 public:
  explicit RespondState(CompletionHandler h) : handler_(std::move(h)) {}
  ~RespondState() {
    if (handler_)
      finish(std::move(*handler_),
             error_response({"internal_error", "", "internal error", nullptr}));
  }
  void complete(HttpResponse res) {
    std::optional<CompletionHandler> h;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!handler_) return;
      h.emplace(std::move(*handler_));
      handler_.reset();
    }
    finish(std::move(*h), std::move(res));
  }

 private:
  static void finish(CompletionHandler h, HttpResponse res) {
    auto ex = asio::get_associated_executor(h);
    asio::post(
        ex, [h = std::move(h), res = std::move(res)]() mutable { std::move(h)(std::move(res)); });
  }
  std::mutex mu_;
  std::optional<CompletionHandler> handler_;
};

// Calls the router's handler for `match` and waits for its answer.
asio::awaitable<HttpResponse> handle(const Router& router, const Router::Match& match,
                                     HttpRequest& req) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(HttpResponse)>(
      [&router, &match, &req](auto handler) {
        using State = RespondState<decltype(handler)>;
        auto state = std::make_shared<State>(std::move(handler));
        Respond respond = [state](HttpResponse res) { state->complete(std::move(res)); };
        try {
          router.dispatch(match, req, respond);
        } catch (const std::exception& e) {
          log_error("unhandled error", {{"path", req.path}, {"error", e.what()}});
          respond(error_response({"internal_error", "", "internal error", nullptr}));
        }
      },
      asio::use_awaitable);
}

asio::awaitable<error_code> write_response(beast::tcp_stream& stream, const HttpResponse& res,
                                           unsigned version, bool head_only, bool keep_alive,
                                           std::chrono::milliseconds timeout) {
  bhttp::response<bhttp::span_body<const char>> out;
  out.version(version);
  out.result(static_cast<unsigned>(res.status));
  for (const auto& [name, value] : res.headers) out.insert(name, value);
  std::string_view body = res.body_view();
  if (head_only) {
    out.content_length(body.size());
  } else {
    out.body() = {body.data(), body.size()};
    out.prepare_payload();
  }
  out.keep_alive(keep_alive);
  stream.expires_after(timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, out, use_nothrow);
  co_return ec;
}

// The bridge from a BodySource's answer (any thread, once) to the writing coroutine, as
// RespondState is for Respond: a source that drops its callback unanswered gives a
// failed piece rather than a connection that hangs.
template <class CompletionHandler>
class PieceState {
 public:
  explicit PieceState(CompletionHandler h) : handler_(std::move(h)) {}
  ~PieceState() {
    if (handler_) finish(std::move(*handler_), BodyPiece{"", false, true});
  }
  void complete(BodyPiece piece) {
    std::optional<CompletionHandler> h;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!handler_) return;
      h.emplace(std::move(*handler_));
      handler_.reset();
    }
    finish(std::move(*h), std::move(piece));
  }

 private:
  static void finish(CompletionHandler h, BodyPiece piece) {
    auto ex = asio::get_associated_executor(h);
    asio::post(ex, [h = std::move(h), piece = std::move(piece)]() mutable {
      std::move(h)(std::move(piece));
    });
  }
  std::mutex mu_;
  std::optional<CompletionHandler> handler_;
};

asio::awaitable<BodyPiece> next_piece(const BodySource& source) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(BodyPiece)>(
      [&source](auto handler) {
        using State = PieceState<decltype(handler)>;
        auto state = std::make_shared<State>(std::move(handler));
        try {
          source([state](BodyPiece piece) { state->complete(std::move(piece)); });
        } catch (const std::exception& e) {
          log_error("streamed body failed", {{"error", e.what()}});
          state->complete(BodyPiece{"", false, true});
        }
      },
      asio::use_awaitable);
}

// A streamed answer: the head, then each piece as a chunk (HTTP/1.1) or as raw bytes
// closed by the end of the connection (HTTP/1.0, which has no chunks). An error (the
// client gone, or the source failed) ends the connection.
asio::awaitable<error_code> write_streamed(beast::tcp_stream& stream, const HttpResponse& res,
                                           unsigned version, bool head_only, bool& keep_alive,
                                           std::chrono::milliseconds timeout) {
  const bool chunked = version >= 11;
  if (!chunked) keep_alive = false;
  bhttp::response<bhttp::empty_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(res.status));
  for (const auto& [name, value] : res.headers) out.insert(name, value);
  if (chunked) out.chunked(true);
  out.keep_alive(keep_alive);
  bhttp::response_serializer<bhttp::empty_body> head{out};
  stream.expires_after(timeout);
  auto [ec, n] = co_await bhttp::async_write_header(stream, head, use_nothrow);
  if (ec || head_only) co_return ec;
  for (;;) {
    BodyPiece piece = co_await next_piece(res.stream);
    if (piece.failed) co_return asio::error::make_error_code(asio::error::connection_aborted);
    if (!piece.text.empty()) {
      stream.expires_after(timeout);
      error_code wec;
      if (chunked) {
        auto [e, w] = co_await asio::async_write(
            stream, bhttp::make_chunk(asio::buffer(piece.text)), use_nothrow);
        wec = e;
      } else {
        auto [e, w] = co_await asio::async_write(stream, asio::buffer(piece.text), use_nothrow);
        wec = e;
      }
      if (wec) co_return wec;
    }
    if (piece.done) break;
  }
  if (!chunked) co_return error_code{};
  stream.expires_after(timeout);
  auto [lec, ln] = co_await asio::async_write(stream, bhttp::make_chunk_last(), use_nothrow);
  co_return lec;
}

// Close without losing the last answer: stop sending, drop what the client still
// sends for a bounded time and amount, then close.
asio::awaitable<void> linger_and_close(beast::tcp_stream& stream) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTime);
  std::array<char, 4096> scratch;
  size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_nothrow);
    ec = rec;
    drained += n;
  }
  stream.close();
}

// Answers a request refused before its handler (a limit, a malformed request) and
// closes the connection.
asio::awaitable<void> refuse(beast::tcp_stream& stream, const ServerLimits& limits,
                             unsigned version, const ApiError& error) {
  HttpResponse res = error_response(error);
  co_await write_response(stream, res, version ? version : 11, false, false, limits.write_timeout);
  co_await linger_and_close(stream);
}

ApiError head_too_large() {
  return {"header_too_large", "", "the request head is over 16 KB", nullptr};
}
ApiError body_too_large() {
  return {"payload_too_large", "", "the request body is too large", nullptr};
}
ApiError malformed(const char* message) { return {"invalid_request", "", message, nullptr}; }

bool is_disconnect(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor ||
         ec == beast::error::timeout;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// What refuses a request once its head is read, before any byte of its body.
std::optional<ApiError> check_head(const bhttp::request<bhttp::string_body>& head,
                                   boost::optional<std::uint64_t> declared_length, bool target_ok,
                                   const Router::Match& match) {
  if (!target_ok) return malformed("malformed request target");
  std::string_view encoding = trim(head[bhttp::field::content_encoding]);
  if (!encoding.empty() && !iequals(encoding, "identity"))
    return ApiError{"unsupported_content_encoding", "Content-Encoding",
                    "compressed request bodies are not accepted; send identity", nullptr};
  if (declared_length && *declared_length > match.max_body) return body_too_large();
  return std::nullopt;
}

}  // namespace

asio::awaitable<void> run_session(std::shared_ptr<ServerState> st, tcp::socket socket,
                                  ConnectionLimiter::Ticket ticket, std::string peer) {
  (void)ticket;  // held for the connection's lifetime
  const ServerLimits& limits = st->limits;
  beast::tcp_stream stream(std::move(socket));
  auto control = std::make_shared<SessionControl>();
  control->stream = &stream;
  struct Registration {
    ServerState& st;
    std::shared_ptr<SessionControl> control;
    uint64_t id;
    ~Registration() {
      control->stream = nullptr;
      st.remove_session(id);
    }
  } registration{*st, control, st->add_session(stream.get_executor(), control)};

  beast::flat_buffer buffer(limits.max_head_bytes + kBufferSlack);
  bool first = true;
  for (;;) {
    // 1. The start of a request. A new connection has head_timeout for its whole first
    // head; between keep-alive requests the wait is idle_timeout, then head_timeout.
    if (buffer.size() == 0) {
      control->idle = true;
      if (st->stopping) co_return;
      stream.expires_after(first ? limits.head_timeout : limits.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(1024), use_nothrow);
      control->idle = false;
      if (ec) co_return;
      buffer.commit(n);
      if (!first) stream.expires_after(limits.head_timeout);
    } else {
      stream.expires_after(limits.head_timeout);  // pipelined
    }
    first = false;

    // 2. The head. (Refusals are decided first and awaited after: GCC 12 mishandles
    // temporaries inside co_await expressions.)
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_head_bytes));
    // The body limit depends on the route, known once the head is read: none until then
    // (Beast would otherwise judge Content-Length against its own default).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    std::optional<ApiError> refusal;
    {
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_nothrow);
      if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
        refusal = head_too_large();
      else if (ec && is_disconnect(ec))
        co_return;
      else if (ec)
        refusal = malformed("malformed HTTP request");
    }
    if (refusal) {
      co_await refuse(stream, limits, 11, *refusal);
      co_return;
    }
    auto& head = parser.get();
    unsigned version = head.version();
    std::string method(head.method_string());
    std::string raw_target(head.target());
    auto target = parse_target(raw_target);
    Router::Match match;
    if (target) match = st->router.match(method, target->path);
    refusal = check_head(head, parser.content_length(), target.has_value(), match);
    if (refusal) {
      co_await refuse(stream, limits, version, *refusal);
      co_return;
    }

    // 3. The body, with the route's limit.
    if (!parser.is_done()) {
      parser.body_limit(match.max_body);
      if (iequals(trim(head[bhttp::field::expect]), "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
        stream.expires_after(limits.write_timeout);
        auto [ec, n] = co_await bhttp::async_write(stream, go_on, use_nothrow);
        if (ec) co_return;
      }
      stream.expires_after(limits.body_timeout);
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, use_nothrow);
      if (ec == bhttp::error::body_limit)
        refusal = body_too_large();
      else if (ec && is_disconnect(ec))
        co_return;
      else if (ec)
        refusal = malformed("malformed HTTP request");
    }
    if (refusal) {
      co_await refuse(stream, limits, version, *refusal);
      co_return;
    }
    stream.expires_never();  // the handler may take its time; the connection waits

    // 4. The handler.
    HttpRequest req;
    req.method = std::move(method);
    req.target = std::move(raw_target);
    req.path = std::move(target->path);
    req.query = std::move(target->query);
    req.headers.reserve(16);
    for (const auto& field : head)
      req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    req.client_address = client_address(peer, req.headers, limits.trusted_proxies);
    bool keep_alive = head.keep_alive();
    req.body = std::move(head.body());
    HttpResponse res = co_await handle(st->router, match, req);

    // 5. The answer.
    keep_alive = keep_alive && !st->stopping;
    error_code ec;
    if (res.stream)
      ec = co_await write_streamed(stream, res, version, req.method == "HEAD", keep_alive,
                                   limits.write_timeout);
    else
      ec = co_await write_response(stream, res, version, req.method == "HEAD", keep_alive,
                                   limits.write_timeout);
    if (ec) co_return;
    if (!keep_alive) {
      error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

}  // namespace slotpay::server::http
