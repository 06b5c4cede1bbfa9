// The router (patterns, ids, HEAD, 404/405, fallback, per-route body limits) and the
// request target parser, without any network.
#include "http/router.hpp"

#include <catch2/catch.hpp>

#include "http/target.hpp"

using namespace slotpay::server::http;

namespace {

Handler named(std::string name, std::string* seen) {
  return [name, seen](const HttpRequest& req, Respond respond) {
    *seen = name;
    for (const auto& p : req.params) *seen += "|" + p;
    respond(HttpResponse{});
  };
}

// Dispatches synchronously and returns the response.
HttpResponse run(const Router& router, const std::string& method, const std::string& path) {
  HttpRequest req;
  req.method = method;
  req.path = path;
  HttpResponse out;
  out.status = -1;
  router.dispatch(router.match(method, path), req, [&out](HttpResponse r) { out = std::move(r); });
  return out;
}

}  // namespace

TEST_CASE("router: literal and {id} segments", "[http][router]") {
  std::string seen;
  Router r;
  r.get("/healthz", named("health", &seen));
  r.get("/v1/merchants/{id}/catalog", named("catalog", &seen));
  r.post("/v1/merchants/{id}/bookings", named("book", &seen));
  r.get("/v1/bookings/{id}", named("status", &seen));

  CHECK(run(r, "GET", "/healthz").status == 200);
  CHECK(seen == "health");
  CHECK(run(r, "GET", "/v1/merchants/m_e2e-1/catalog").status == 200);
  CHECK(seen == "catalog|m_e2e-1");
  CHECK(run(r, "POST", "/v1/merchants/abc/bookings").status == 200);
  CHECK(seen == "book|abc");

  auto m = r.match("GET", "/v1/bookings/bk_123");
  CHECK(m.kind == Router::Match::Kind::route);
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0] == "bk_123");
}

TEST_CASE("router: ids are [A-Za-z0-9_-]{1,64}", "[http][router]") {
  std::string seen;
  Router r;
  r.get("/v1/merchants/{id}/catalog", named("catalog", &seen));
  CHECK(r.match("GET", "/v1/merchants/" + std::string(64, 'a') + "/catalog").kind ==
        Router::Match::Kind::route);
  for (std::string bad : {std::string(65, 'a'), std::string(""), std::string("a.b"),
                          std::string("a b"), std::string("a%2Fb"), std::string("é")})
    CHECK(r.match("GET", "/v1/merchants/" + bad + "/catalog").kind ==
          Router::Match::Kind::not_found);
  CHECK(is_path_id("Az09_-"));
  CHECK_FALSE(is_path_id("a/b"));
}

TEST_CASE("router: a {token} segment takes a signed link token, [A-Za-z0-9_.-]{1,200}",
          "[http][router]") {
  std::string seen;
  Router r;
  r.get("/v1/manage/{token}", named("manage", &seen));
  r.get("/v1/bookings/{id}", named("status", &seen));
  const std::string token = std::string(120, 'a') + "." + std::string(43, 'B');
  auto m = r.match("GET", "/v1/manage/" + token);
  CHECK(m.kind == Router::Match::Kind::route);
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0] == token);
  CHECK(r.match("GET", "/v1/manage/" + std::string(200, 'x')).kind == Router::Match::Kind::route);
  for (std::string bad : {std::string(201, 'a'), std::string("a b"), std::string("a/b"),
                          std::string("a%2Eb"), std::string("é")})
    CHECK(r.match("GET", "/v1/manage/" + bad).kind == Router::Match::Kind::not_found);
  // {id} segments are unchanged: no dots, at most 64.
  CHECK(r.match("GET", "/v1/bookings/a.b").kind == Router::Match::Kind::not_found);
  CHECK(is_path_token("eyJ2MSJ9.abc-_"));
  CHECK_FALSE(is_path_token(""));
}

TEST_CASE("router: trailing slashes, extra segments and prefixes do not match", "[http][router]") {
  std::string seen;
  Router r;
  r.get("/healthz", named("health", &seen));
  for (const char* p : {"/healthz/", "/healthz/x", "//healthz", "/health", "/", ""})
    CHECK(r.match("GET", p).kind == Router::Match::Kind::not_found);
}

TEST_CASE("router: HEAD matches GET routes", "[http][router]") {
  std::string seen;
  Router r;
  r.get("/healthz", named("health", &seen));
  CHECK(run(r, "HEAD", "/healthz").status == 200);
  CHECK(seen == "health");
}

TEST_CASE("router: 405 with Allow when the path exists for other methods", "[http][router]") {
  std::string seen;
  Router r;
  r.get("/v1/merchants/{id}/catalog", named("catalog", &seen));
  r.options("/v1/merchants/{id}/catalog", named("pre", &seen));
  auto m = r.match("DELETE", "/v1/merchants/x/catalog");
  CHECK(m.kind == Router::Match::Kind::method_not_allowed);
  CHECK(m.allow == "GET, HEAD, OPTIONS");
  auto res = run(r, "DELETE", "/v1/merchants/x/catalog");
  CHECK(res.status == 405);
  CHECK(res.header("Allow") == "GET, HEAD, OPTIONS");
  CHECK(res.body.find("\"code\":\"method_not_allowed\"") != std::string::npos);
  CHECK(seen.empty());
}

TEST_CASE("router: 404 in the JSON error shape, the fallback takes GET and HEAD only",
          "[http][router]") {
  std::string seen;
  Router r;
  r.get("/healthz", named("health", &seen));
  auto res = run(r, "GET", "/nothing");
  CHECK(res.status == 404);
  CHECK(res.body == R"({"error":{"code":"not_found","field":"","message":"no such resource"}})");
  CHECK(res.header("Content-Type") == "application/json");

  r.set_fallback(named("files", &seen));
  CHECK(run(r, "GET", "/slotpay-loader.js").status == 200);
  CHECK(seen == "files");
  seen.clear();
  CHECK(run(r, "HEAD", "/x").status == 200);
  CHECK(seen == "files");
  CHECK(run(r, "POST", "/slotpay-loader.js").status == 404);
  CHECK(r.match("GET", "/healthz").kind == Router::Match::Kind::route);  // routes first
}

TEST_CASE("router: per-route body limits", "[http][router]") {
  std::string seen;
  Router r;
  r.post("/v1/stripe/webhook", named("hook", &seen), RouteOptions{512 * 1024});
  r.post("/v1/merchants/{id}/bookings", named("book", &seen));
  CHECK(r.match("POST", "/v1/stripe/webhook").max_body == 512 * 1024);
  CHECK(r.match("POST", "/v1/merchants/a/bookings").max_body == kDefaultMaxBody);
  CHECK(r.match("POST", "/nowhere").max_body == kDefaultMaxBody);
}

TEST_CASE("request target: path and query decoded", "[http][target]") {
  auto t = parse_target("/v1/merchants/m%5Fe2e/availability?service=cut&from=2026-03-08&x=a+b%2B");
  REQUIRE(t);
  CHECK(t->path == "/v1/merchants/m_e2e/availability");
  REQUIRE(t->query.size() == 3);
  CHECK(t->query[0] == std::pair<std::string, std::string>{"service", "cut"});
  CHECK(t->query[2].second == "a b+");

  auto bare = parse_target("/x?flag&=v&&k=");
  REQUIRE(bare);
  REQUIRE(bare->query.size() == 3);
  CHECK(bare->query[0].first == "flag");
  CHECK(bare->query[0].second.empty());
  CHECK(bare->query[1].first.empty());

  CHECK(parse_target("/a+b")->path == "/a+b");  // '+' is a space only in queries
  CHECK(parse_target("/p?q=|{x}")->query[0].second == "|{x}");
  CHECK(parse_target("/p#frag")->path == "/p");
}

TEST_CASE("request target: refused forms", "[http][target]") {
  CHECK_FALSE(parse_target(""));
  CHECK_FALSE(parse_target("*"));
  CHECK_FALSE(parse_target("http://example.com/x"));
  CHECK_FALSE(parse_target("/%"));
  CHECK_FALSE(parse_target("/%4"));
  CHECK_FALSE(parse_target("/%zz"));
  CHECK_FALSE(parse_target("/x?a=%g0"));
  CHECK(percent_decode("%41%62", false) == "Ab");
  CHECK(percent_decode("%2e%2E", false) == "..");
}

TEST_CASE("headers are found case-insensitively, set_header replaces", "[http]") {
  HttpRequest req;
  req.headers = {{"content-type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}};
  CHECK(req.header("Content-Type") == "application/json");
  CHECK(req.header("X-A") == "1");
  CHECK(req.header("missing").empty());
  CHECK_FALSE(req.has_header("missing"));
  HttpResponse res;
  res.headers = {{"vary", "Origin"}};
  res.set_header("Vary", "Accept-Encoding");
  REQUIRE(res.headers.size() == 1);
  CHECK(res.header("VARY") == "Accept-Encoding");
}
