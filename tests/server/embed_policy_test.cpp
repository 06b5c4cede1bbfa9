// embed.html's policy (issue #9 item 4): which origins may frame the page, the CSP built
// from them (nothing can be injected into it), the list put into the page.
#include "http/embed_policy.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server::http;

TEST_CASE("frame origins: bare http(s) origins only", "[http][embed]") {
  for (const char* ok :
       {"https://shop.example", "http://127.0.0.1:5173", "https://a-b.c.example:443",
        "https://[::1]:8443", "http://[2001:db8::1]", "https://LOCALHOST"})
    CHECK(is_frame_origin(ok));
  for (const char* bad : {"",
                          "shop.example",
                          "ftp://shop.example",
                          "https://",
                          "https://shop.example/",
                          "https://shop.example/path",
                          "https://*.shop.example",
                          "*",
                          "'self'",
                          "'none'",
                          "https://shop.example:",
                          "https://shop.example:99999",
                          "https://shop.example:8a",
                          "https://user@shop.example",
                          "https://shop..example",
                          "https://-shop.example",
                          "https://shop.example.",
                          "https://[::1",
                          "https://[zz::1]",
                          "https://[]",
                          "javascript:alert(1)",
                          "data:text/html,x",
                          "https://shop.example?x",
                          "https://shop.example#x"})
    CHECK_FALSE(is_frame_origin(bad));
}

TEST_CASE("frame origins: no semicolon, space, comma, quote or control character gets through",
          "[http][embed]") {
  for (const char* bad :
       {"https://shop.example; script-src *", "https://shop.example script-src",
        "https://a.example,https://b.example", "https://shop.example'", "https://shop\".example",
        "https://shop.example\t", "https://shop.example\r\nSet-Cookie: x=1",
        "https://shop.exa<mple", "https://shop.example;", " https://shop.example"})
    CHECK_FALSE(is_frame_origin(bad));
  CHECK_FALSE(is_frame_origin(std::string("https://shop.example\0x", 21)));
}

TEST_CASE("frame ancestors: the valid origins, in order, once each", "[http][embed]") {
  CHECK(frame_ancestors(
            {"https://b.example", "bogus; x", "https://a.example", "https://b.example"}) ==
        std::vector<std::string>{"https://b.example", "https://a.example"});
  CHECK(frame_ancestors({}).empty());
}

TEST_CASE("embed CSP: frame-ancestors from the origins, 'none' without", "[http][embed]") {
  std::string csp = embed_csp({"https://shop.example", "http://127.0.0.1:4000"}, {});
  CHECK(csp.find("; frame-ancestors https://shop.example http://127.0.0.1:4000") !=
        std::string::npos);
  CHECK(csp.substr(csp.size() - 1) == "0");  // the last directive, nothing after it
  CHECK(embed_csp({}, {}).find("frame-ancestors 'none'") != std::string::npos);
  // Only invalid origins: as if none.
  std::string hostile =
      embed_csp({"https://x.example; script-src 'unsafe-inline'", "*", "https://y.example/"}, {});
  CHECK(hostile.find("frame-ancestors 'none'") != std::string::npos);
  // 'unsafe-inline' appears once: style-src's own, never a script source.
  CHECK(hostile.find("style-src 'self' 'unsafe-inline';") != std::string::npos);
  CHECK(hostile.find("'unsafe-inline'") == hostile.rfind("'unsafe-inline'"));
  CHECK(hostile.find("x.example") == std::string::npos);
  CHECK(hostile.find("y.example") == std::string::npos);
}

TEST_CASE("embed CSP: loopback sources only when asked (--demo)", "[http][embed]") {
  std::string prod = embed_csp({"https://shop.example"}, {});
  CHECK(prod.find("127.0.0.1") == std::string::npos);
  CHECK(prod.find("default-src 'none'") == 0);
  CHECK(prod.find("script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com") !=
        std::string::npos);
  CHECK(prod.find("'unsafe-eval'") == std::string::npos);
  std::string demo = embed_csp({"https://shop.example"}, {.loopback_sources = true});
  CHECK(demo.find("script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com "
                  "https://*.js.stripe.com http://127.0.0.1:*;") != std::string::npos);
  CHECK(demo.find("connect-src 'self' https://api.stripe.com http://127.0.0.1:*;") !=
        std::string::npos);
  // Loopback in frame-ancestors comes only from the merchant's own origins.
  CHECK(demo.find("frame-ancestors https://shop.example") != std::string::npos);
}

TEST_CASE("embed page: the marker gets the valid origins, nothing else changes", "[http][embed]") {
  std::string html = std::string("<head>") + std::string(kEmbedParentsMarker) + "</head>";
  CHECK(
      embed_page(html, {"https://a.example", "\"><script>x</script>", "https://b.example:8443"}) ==
      R"(<head><meta name="slotpay-parents" content="https://a.example https://b.example:8443" /></head>)");
  CHECK(embed_page(html, {}) == html);
  CHECK(embed_page("<head></head>", {"https://a.example"}) == "<head></head>");
}
