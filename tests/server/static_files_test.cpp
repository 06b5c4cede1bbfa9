// StaticFiles against a temporary folder: variants by Accept-Encoding with Vary, caching
// headers, 304, symlinks that leave the root, mounts, files changing on disk.
#include "http/static_files.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "http/static_policy.hpp"

using namespace slotpay::server::http;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    // The process id too: ctest runs several of these tests at once, and a coarse clock
    // can give two of them the same reading (one then deletes the other's files).
    path = fs::temp_directory_path() /
           ("slotpay-static-" + std::to_string(::getpid()) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << content;
  }
};

HttpResponse get(StaticFiles& files, const std::string& path, HeaderList headers = {}) {
  HttpRequest req;
  req.method = "GET";
  req.path = path;
  req.headers = std::move(headers);
  std::promise<HttpResponse> done;
  files.handle(req, [&done](HttpResponse r) { done.set_value(std::move(r)); });
  auto f = done.get_future();
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return f.get();
}

std::string body(const HttpResponse& r) { return std::string(r.body_view()); }

}  // namespace

TEST_CASE("static files: precompressed variants chosen by Accept-Encoding, with Vary",
          "[http][static]") {
  TempDir dist;
  dist.write("slotpay-widget.0123abcd.js", "plain");
  dist.write("slotpay-widget.0123abcd.js.br", "BROTLI");
  dist.write("slotpay-widget.0123abcd.js.gz", "GZIP");
  dist.write("solo.js", "only identity");
  BlockingPool pool(2);
  StaticFiles files({{"/", dist.path.string(), true}}, pool);

  auto br = get(files, "/slotpay-widget.0123abcd.js", {{"Accept-Encoding", "gzip, br"}});
  CHECK(br.status == 200);
  CHECK(body(br) == "BROTLI");
  CHECK(br.header("Content-Encoding") == "br");
  CHECK(br.header("Vary") == "Accept-Encoding");
  CHECK(br.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(br.header("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(br.header("Access-Control-Allow-Origin") == "*");
  CHECK(br.header("Cross-Origin-Resource-Policy") == "cross-origin");
  CHECK(br.header("X-Content-Type-Options") == "nosniff");

  auto gz = get(files, "/slotpay-widget.0123abcd.js", {{"Accept-Encoding", "gzip"}});
  CHECK(body(gz) == "GZIP");
  CHECK(gz.header("Content-Encoding") == "gzip");
  CHECK(gz.header("Vary") == "Accept-Encoding");

  auto plain = get(files, "/slotpay-widget.0123abcd.js");
  CHECK(body(plain) == "plain");
  CHECK(plain.header("Content-Encoding").empty());
  CHECK(plain.header("Vary") == "Accept-Encoding");  // variants exist: caches must know
  CHECK(plain.header("ETag") != gz.header("ETag"));
  CHECK(gz.header("ETag") != br.header("ETag"));
  CHECK(plain.header("ETag") == make_etag("plain"));

  auto solo = get(files, "/solo.js", {{"Accept-Encoding", "br"}});
  CHECK(body(solo) == "only identity");
  CHECK(solo.header("Vary").empty());
  CHECK(solo.header("Cache-Control") == "public, max-age=300");
}

TEST_CASE("static files: 304 on a matching If-None-Match, per encoding", "[http][static]") {
  TempDir dist;
  dist.write("slotpay-loader.js", "loader");
  dist.write("slotpay-loader.js.gz", "loader-gz");
  BlockingPool pool(1);
  StaticFiles files({{"/", dist.path.string(), true}}, pool);
  auto first = get(files, "/slotpay-loader.js", {{"Accept-Encoding", "gzip"}});
  std::string etag = first.header("ETag");
  REQUIRE(!etag.empty());
  auto again =
      get(files, "/slotpay-loader.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body_view().empty());
  CHECK(again.header("ETag") == etag);
  CHECK(again.header("Cache-Control") == "public, max-age=300");
  CHECK(again.header("Vary") == "Accept-Encoding");
  // The gzip tag does not validate the identity variant.
  auto other = get(files, "/slotpay-loader.js", {{"If-None-Match", etag}});
  CHECK(other.status == 200);
  CHECK(body(other) == "loader");
}

TEST_CASE("static files: nothing outside the root, hidden files, folders", "[http][static]") {
  TempDir tmp;
  tmp.write("secret.txt", "secret");
  tmp.write("dist/index.html", "<p>home</p>");
  tmp.write("dist/.env", "KEY=1");
  tmp.write("dist/sub/index.html", "<p>sub</p>");
  fs::create_symlink(tmp.path / "secret.txt", tmp.path / "dist" / "escape.txt");
  fs::create_directory_symlink(tmp.path, tmp.path / "dist" / "up");
  tmp.write("dist/inside.txt", "inside");
  fs::create_symlink(tmp.path / "dist" / "inside.txt", tmp.path / "dist" / "alias.txt");
  BlockingPool pool(1);
  StaticFiles files({{"/", (tmp.path / "dist").string(), true}}, pool);

  CHECK(get(files, "/escape.txt").status == 404);
  CHECK(get(files, "/up/secret.txt").status == 404);
  CHECK(get(files, "/../secret.txt").status == 404);
  CHECK(get(files, "/.env").status == 404);
  CHECK(get(files, "/sub").status == 404);            // a folder is not a file
  CHECK(body(get(files, "/alias.txt")) == "inside");  // a symlink within the root is fine
  auto home = get(files, "/");
  CHECK(home.status == 200);
  CHECK(body(home) == "<p>home</p>");
  CHECK(home.header("Cache-Control") == "no-cache");
  CHECK(body(get(files, "/sub/")) == "<p>sub</p>");
  auto missing = get(files, "/nope.js");
  CHECK(missing.status == 404);
  CHECK(body(missing).find("\"not_found\"") != std::string::npos);
}

TEST_CASE("static files: mounts by prefix, CORS only where public", "[http][static]") {
  TempDir dist, examples;
  dist.write("a.js", "dist a");
  examples.write("a.js", "examples a");
  BlockingPool pool(1);
  StaticFiles files(
      {{"/", dist.path.string(), true}, {"/examples/", examples.path.string(), false}}, pool);
  auto d = get(files, "/a.js");
  CHECK(body(d) == "dist a");
  CHECK(d.header("Access-Control-Allow-Origin") == "*");
  auto e = get(files, "/examples/a.js");
  CHECK(body(e) == "examples a");
  CHECK(e.header("Access-Control-Allow-Origin").empty());
  CHECK(e.header("Cross-Origin-Resource-Policy").empty());
  CHECK(e.header("X-Content-Type-Options") == "nosniff");
}

TEST_CASE("static files: a changed file is served fresh after revalidation", "[http][static]") {
  TempDir dist;
  dist.write("slotpay-loader.js", "v1");
  BlockingPool pool(1);
  StaticFilesOptions o;
  o.revalidate_ms = 0;
  StaticFiles files({{"/", dist.path.string(), true}}, pool, o);
  CHECK(body(get(files, "/slotpay-loader.js")) == "v1");
  CHECK(files.cached_bytes() == 2);
  dist.write("slotpay-loader.js", "version 2");
  CHECK(body(get(files, "/slotpay-loader.js")) == "version 2");
  CHECK(files.cached_bytes() == 9);
}

TEST_CASE("static files: the cache cap is kept, files past it are still served", "[http][static]") {
  TempDir dist;
  dist.write("a.txt", std::string(600, 'a'));
  dist.write("b.txt", std::string(600, 'b'));
  BlockingPool pool(1);
  StaticFilesOptions o;
  o.max_cache_bytes = 1000;
  o.max_file_bytes = 700;
  StaticFiles files({{"/", dist.path.string(), true}}, pool, o);
  CHECK(body(get(files, "/a.txt")).size() == 600);
  CHECK(body(get(files, "/b.txt")).size() == 600);
  CHECK(files.cached_bytes() == 600);
  dist.write("big.txt", std::string(800, 'x'));
  CHECK(get(files, "/big.txt").status == 404);  // over max_file_bytes
}
