#include "http/router.hpp"

#include "http/responses.hpp"

namespace slotpay::server::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

bool is_path_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

bool is_path_token(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.'))
      return false;
  return true;
}

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r;
  r.method = std::move(method);
  for (auto s : split_path(pattern)) r.segments.emplace_back(s);
  r.handler = std::move(handler);
  r.options = options;
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  auto segments = split_path(path);
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::vector<std::string> params;
    bool ok = true;
    for (size_t i = 0; ok && i < segments.size(); ++i) {
      if (is_param(r.segments[i])) {
        ok = r.segments[i] == "{token}" ? is_path_token(segments[i]) : is_path_id(segments[i]);
        if (ok) params.emplace_back(segments[i]);
      } else {
        ok = r.segments[i] == segments[i];
      }
    }
    if (!ok) continue;
    if (r.method == wanted) {
      m.kind = Match::Kind::route;
      m.handler = &r.handler;
      m.params = std::move(params);
      m.max_body = r.options.max_body;
      return m;
    }
    bool seen = false;
    for (const auto& a : allowed) seen = seen || a == r.method;
    if (!seen) allowed.push_back(r.method);
  }
  if (!allowed.empty()) {
    m.kind = Match::Kind::method_not_allowed;
    for (const auto& a : allowed) {
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += a;
      if (a == "GET") m.allow += ", HEAD";
    }
    return m;
  }
  if (fallback_ && (method == "GET" || method == "HEAD")) {
    m.kind = Match::Kind::fallback;
    m.handler = &fallback_;
    return m;
  }
  return m;
}

void Router::dispatch(const Match& match, HttpRequest& req, Respond respond) const {
  switch (match.kind) {
    case Match::Kind::route:
    case Match::Kind::fallback:
      req.params = match.params;
      (*match.handler)(req, std::move(respond));
      return;
    case Match::Kind::method_not_allowed: {
      auto res = error_response({"method_not_allowed", "", "method not allowed here", nullptr});
      res.set_header("Allow", match.allow);
      respond(std::move(res));
      return;
    }
    case Match::Kind::not_found:
      respond(error_response({"not_found", "", "no such resource", nullptr}));
      return;
  }
}

}  // namespace slotpay::server::http
