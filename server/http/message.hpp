// The HTTP layer's own request and response, and the Respond callback. Handlers see
// only these: nothing here knows Beast or Asio, so handlers (and their tests) do not.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slotpay::server::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive equality (header names, tokens).
bool iequals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent (methods are case-sensitive)
  std::string target;  // as sent: path and query, still percent-encoded
  std::string path;    // percent-decoded path
  HeaderList query;    // decoded query parameters in order ('+' is a space)
  HeaderList headers;  // in order, names as sent
  std::string body;
  std::string client_address;       // see client_address.hpp
  std::vector<std::string> params;  // path parameters ({id}) by position, set by the router

  // The first header of that name (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The first query parameter of that name, or "" when absent.
  std::string query_value(std::string_view name) const;
};

// A body made piece by piece (a report of any size: issue #11 item 6). The connection asks
// for the next piece only once the previous one is written, so a slow client holds back
// the producer instead of memory filling up. A source answers each call exactly once,
// from any thread: with text, with `done` (the end, text included), or with `failed`
// (the connection is closed without the last chunk, so the client sees the answer was
// cut short instead of taking a partial report for a whole one).
struct BodyPiece {
  std::string text;
  bool done = false;
  bool failed = false;
};
using BodySource = std::function<void(std::function<void(BodyPiece)> answer)>;

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  // A body shared with a cache (static files); used instead of `body` when set.
  std::shared_ptr<const std::string> shared_body;
  // A streamed body (chunked on HTTP/1.1); used instead of `body` when set.
  BodySource stream;

  // Replaces every header of that name (case-insensitive) with one.
  void set_header(std::string_view name, std::string value);
  // The first header of that name, or "".
  std::string header(std::string_view name) const;
  std::string_view body_view() const { return shared_body ? *shared_body : body; }
};

// Answers a request. Call it exactly once, from any thread; it returns at once (the
// answer is written by the connection's own executor). After calling it, a handler
// must not touch the request again.
using Respond = std::function<void(HttpResponse)>;

// A route handler. `request` stays valid until `respond` is called. Handlers run on an
// io thread: they must not block (see app_adapter.hpp for work that does).
using Handler = std::function<void(const HttpRequest& request, Respond respond)>;

}  // namespace slotpay::server::http
