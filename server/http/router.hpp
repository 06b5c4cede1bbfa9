// Maps (method, decoded path) to a handler. Patterns are literal segments and `{name}`
// segments; a `{name}` matches an id: [A-Za-z0-9_-]{1,64}; the segment `{token}` matches
// a signed link token (issue #12): [A-Za-z0-9_.-]{1,200}. HEAD matches GET routes (the
// connection drops the body). A path that some route matches with another method gets
// 405 with Allow; GET/HEAD on no route go to the fallback (static files), if any; the
// rest is 404. Matching is pure and thread-safe once routes are added (add routes
// before serving).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace slotpay::server::http {

// The default request body cap; a route may allow more (the Stripe webhook).
inline constexpr size_t kDefaultMaxBody = 64 * 1024;

struct RouteOptions {
  size_t max_body = kDefaultMaxBody;  // over it: 413 payload_too_large, read no further
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler h, RouteOptions o = {}) {
    add("GET", std::move(pattern), std::move(h), o);
  }
  void post(std::string pattern, Handler h, RouteOptions o = {}) {
    add("POST", std::move(pattern), std::move(h), o);
  }
  void put(std::string pattern, Handler h, RouteOptions o = {}) {
    add("PUT", std::move(pattern), std::move(h), o);
  }
  void options(std::string pattern, Handler h, RouteOptions o = {}) {
    add("OPTIONS", std::move(pattern), std::move(h), o);
  }
  // GET and HEAD requests no route matches (static files).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  struct Match {
    enum class Kind { route, fallback, not_found, method_not_allowed };
    Kind kind = Kind::not_found;
    const Handler* handler = nullptr;  // route or fallback
    std::vector<std::string> params;   // for a route
    size_t max_body = kDefaultMaxBody;
    std::string allow;  // for method_not_allowed: "GET, OPTIONS"
  };
  Match match(std::string_view method, std::string_view path) const;

  // Calls the matched handler with req.params set, or answers 404/405 itself.
  void dispatch(const Match& match, HttpRequest& req, Respond respond) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{...}" marks a parameter
    Handler handler;
    RouteOptions options;
  };
  std::vector<Route> routes_;
  Handler fallback_;
};

// True when s matches [A-Za-z0-9_-]{1,64}.
bool is_path_id(std::string_view s);
// A signed link token as a path segment: [A-Za-z0-9_.-]{1,200}.
bool is_path_token(std::string_view s);

}  // namespace slotpay::server::http
