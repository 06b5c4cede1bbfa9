// Static file decisions: safe paths, Accept-Encoding choice, hashed names and caching,
// ETag / If-None-Match, content types.
#include "http/static_policy.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server::http;

TEST_CASE("static paths: traversal and hidden files refused", "[http][static]") {
  CHECK(safe_relative_path("slotpay-loader.js") == "slotpay-loader.js");
  CHECK(safe_relative_path("a/b/c.wasm") == "a/b/c.wasm");
  CHECK(safe_relative_path("") == "index.html");
  CHECK(safe_relative_path("docs/") == "docs/index.html");
  for (const char* bad : {"../etc/passwd", "a/../../b", "a/./b", "./a", "..", "a//b", ".env",
                          "a/.git/config", "a\\..\\b", "c:/x"})
    CHECK_FALSE(safe_relative_path(bad));
  CHECK_FALSE(safe_relative_path(std::string("a\0b", 3)));
}

TEST_CASE("Accept-Encoding: br, else gzip, else identity", "[http][static]") {
  CHECK(choose_encoding("gzip, deflate, br, zstd", true, true) == Encoding::br);
  CHECK(choose_encoding("gzip, deflate, br", false, true) == Encoding::gzip);
  CHECK(choose_encoding("gzip, deflate, br", true, false) == Encoding::br);
  CHECK(choose_encoding("gzip, deflate", true, true) == Encoding::gzip);
  CHECK(choose_encoding("deflate", true, true) == Encoding::identity);
  CHECK(choose_encoding("", true, true) == Encoding::identity);
  CHECK(choose_encoding("br", false, false) == Encoding::identity);
  CHECK(choose_encoding("BR;Q=1.0, GZIP", true, true) == Encoding::br);
  CHECK(choose_encoding("x-gzip", false, true) == Encoding::gzip);
}

TEST_CASE("Accept-Encoding: q values, q=0 refuses, * covers the rest", "[http][static]") {
  CHECK(choose_encoding("br;q=0, gzip", true, true) == Encoding::gzip);
  CHECK(choose_encoding("br;q=0.000, gzip;q=0", true, true) == Encoding::identity);
  CHECK(choose_encoding("br;q=0.5, gzip;q=0.8", true, true) == Encoding::gzip);
  CHECK(choose_encoding("gzip;q=0.5, identity;q=0.9", true, true) == Encoding::identity);
  CHECK(choose_encoding("*", true, true) == Encoding::br);
  CHECK(choose_encoding("*;q=0, gzip", true, true) == Encoding::gzip);
  CHECK(choose_encoding("gzip;q=0, *", true, true) == Encoding::br);
  // Nothing acceptable: identity anyway.
  CHECK(choose_encoding("identity;q=0", false, false) == Encoding::identity);
  // Malformed q: the element is ignored.
  CHECK(choose_encoding("br;q=2, gzip", true, true) == Encoding::gzip);
  CHECK(choose_encoding("br;q=abc", true, true) == Encoding::identity);
  CHECK(choose_encoding("br;q=0.1234", true, false) == Encoding::identity);
}

TEST_CASE("content-hashed names", "[http][static]") {
  CHECK(is_content_hashed("slotpay-widget.3f9a1c2b.js"));
  CHECK(is_content_hashed("assets/core.0123ABCDef.wasm"));
  CHECK(is_content_hashed("slotpay-widget.3f9a1c2b.js.map"));
  CHECK_FALSE(is_content_hashed("slotpay-loader.js"));
  CHECK_FALSE(is_content_hashed("widget.3f9a1c2.js"));     // 7 digits
  CHECK_FALSE(is_content_hashed("widget.3f9a1c2g.js"));    // not hex
  CHECK_FALSE(is_content_hashed("3f9a1c2b3f9a1c2b.js"));   // the name itself, no hash segment
  CHECK_FALSE(is_content_hashed("widget.js.3f9a1c2b"));    // the extension is not a hash
  CHECK_FALSE(is_content_hashed("deadbeef12/loader.js"));  // folders do not count
}

TEST_CASE("Cache-Control: immutable for hashed, no-cache for HTML, 5 minutes else",
          "[http][static]") {
  CHECK(cache_control_for("slotpay-widget.3f9a1c2b.js") == "public, max-age=31536000, immutable");
  CHECK(cache_control_for("slotpay-loader.js") == "public, max-age=300");
  CHECK(cache_control_for("embed.html") == "no-cache");
  CHECK(cache_control_for("index.HTM") == "no-cache");
  CHECK(cache_control_for("embed.0123abcd.html") == "public, max-age=31536000, immutable");
}

TEST_CASE("ETag and If-None-Match", "[http][static]") {
  std::string e = make_etag("hello");
  CHECK(e.size() == 34);
  CHECK(e.front() == '"');
  CHECK(e.back() == '"');
  CHECK(e == make_etag("hello"));
  CHECK(e != make_etag("hello!"));
  CHECK(etag_matches(e, e));
  CHECK(etag_matches("*", e));
  CHECK(etag_matches("\"other\", " + e, e));
  CHECK(etag_matches("W/" + e, e));  // weak comparison for If-None-Match
  CHECK_FALSE(etag_matches("\"other\"", e));
  CHECK_FALSE(etag_matches("", e));
  CHECK_FALSE(etag_matches(e.substr(1, 32), e));  // unquoted is another tag
}

TEST_CASE("Content-Type by extension", "[http][static]") {
  CHECK(content_type_for("core.wasm") == "application/wasm");
  CHECK(content_type_for("x.mjs") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("slotpay-loader.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("a.CSS") == "text/css; charset=utf-8");
  CHECK(content_type_for("m.json") == "application/json");
  CHECK(content_type_for("README") == "application/octet-stream");
  CHECK(content_type_for("x.js.br") == "application/octet-stream");
}
