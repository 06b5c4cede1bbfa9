// Issue #9 item 4: GET /embed.html?merchant=ID, the iframe page, served per merchant.
// The file is web/dist's embed.html (read through the static file cache) with the
// merchant's allowed origins put into it (embed_page) and the whole Content-Security-
// Policy as a header (embed_csp): `frame-ancestors` = those origins, 'none' for an
// unknown or missing merchant (the page can still be opened on its own and says so).
// The static fallback never serves embed.html itself: this route matches it first.
// Issue #13: /dashboard (308 to /dashboard/) and /dashboard/, the merchant dashboard's page
// with headers that forbid framing it.
#include <memory>

#include "http/embed_policy.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"
#include "http/static_policy.hpp"

namespace slotpay::server::http {
namespace {

HttpResponse embed_response(const HttpRequest& req, const std::string& html,
                            const std::vector<std::string>& origins, bool loopback_sources) {
  HttpResponse res;
  std::string csp = embed_csp(origins, {.loopback_sources = loopback_sources});
  res.body = embed_page(html, origins);
  std::string etag = make_etag(res.body + "\n" + csp);
  res.headers = {
      {"Content-Type", "text/html; charset=utf-8"},
      {"Content-Security-Policy", csp},
      {"X-Content-Type-Options", "nosniff"},
      // The merchant's origins can change: revalidated every time (ETag).
      {"Cache-Control", "no-cache"},
      {"ETag", etag},
  };
  std::string inm = req.header("If-None-Match");
  if (!inm.empty() && etag_matches(inm, etag)) {
    res.status = 304;
    res.body.clear();
  }
  return res;
}

// Issue #13: the merchant dashboard's page (web/dist/dashboard/index.html). Its meta CSP
// covers scripts and connections; the headers add what a meta tag cannot: no framing, so
// no other site can put the refund and cancel buttons under a visitor's clicks.
HttpResponse dashboard_response(const HttpRequest& req, const std::string& html) {
  HttpResponse res;
  res.body = html;
  std::string etag = make_etag(res.body);
  res.headers = {
      {"Content-Type", "text/html; charset=utf-8"},
      {"Content-Security-Policy", "frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"Cache-Control", "no-cache"},
      {"ETag", etag},
  };
  std::string inm = req.header("If-None-Match");
  if (!inm.empty() && etag_matches(inm, etag)) {
    res.status = 304;
    res.body.clear();
  }
  return res;
}

}  // namespace

void install_embed_routes(Router& router, ApiContext& ctx, StaticFiles& files) {
  // Issue #13: the dashboard is web/dist/dashboard/index.html, served at /dashboard/ by
  // the static files; /dashboard (no slash) goes there, so its relative URLs resolve.
  router.get("/dashboard", [](const HttpRequest&, Respond r) {
    HttpResponse res;
    res.status = 308;
    res.set_header("Location", "/dashboard/");
    res.set_header("Content-Type", "text/plain; charset=utf-8");
    res.body = "Redirecting to /dashboard/\n";
    r(std::move(res));
  });
  auto dashboard = [&files](const HttpRequest& req, Respond r) {
    files.read("/dashboard/index.html", [&req, r](std::shared_ptr<const std::string> html) {
      respond_guarded(r, [&] {
        if (!html) return r(error_response({"not_found", "", "no such file", nullptr}));
        r(dashboard_response(req, *html));
      });
    });
  };
  router.get("/dashboard/", observed(ctx, "/dashboard/", dashboard));
  router.get("/dashboard/index.html", observed(ctx, "/dashboard/", dashboard));
  router.get(
      "/embed.html",
      observed(ctx, "/embed.html", [&ctx, &files](const HttpRequest& req, Respond r) {
        auto serve = [&ctx, &files, &req, r](std::shared_ptr<const Merchant> m) {
          files.read("/embed.html", [&ctx, &req, r, m](std::shared_ptr<const std::string> html) {
            respond_guarded(r, [&] {
              if (!html) return r(error_response({"not_found", "", "no such file", nullptr}));
              r(embed_response(req, *html, m ? m->allowed_origins : std::vector<std::string>{},
                               ctx.options.embed_loopback_sources));
            });
          });
        };
        std::string merchant = req.query_value("merchant");
        if (!is_path_id(merchant)) return serve(nullptr);
        ctx.service.merchant(merchant, [serve, r](std::shared_ptr<const Merchant> m) {
          respond_guarded(r, [&] { serve(std::move(m)); });
        });
      }));
}

}  // namespace slotpay::server::http
