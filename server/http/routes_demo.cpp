// Issue #12, demo only: GET /demo/outbox (the list), /demo/outbox/{id} (the message's
// HTML body, as the customer's mail client would show it) and /demo/outbox/{id}/source
// (the message as sent, text/plain). Installed only with --demo; the bodies are the
// templates' output (every supplied text escaped) and are served with a sandboxing CSP.
#include "http/demo_outbox.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace slotpay::server::http {
namespace {

constexpr int kListed = 200;

HttpResponse page(std::string body, const char* type) {
  HttpResponse res;
  res.body = std::move(body);
  res.set_header("Content-Type", type);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox "
                 "allow-popups allow-popups-to-escape-sandbox");
  return res;
}

HttpResponse unavailable() {
  return error_response({"database_unavailable", "", "the database is unreachable", nullptr});
}

HttpResponse not_found() { return error_response({"not_found", "", "no such message", nullptr}); }

}  // namespace

void install_demo_routes(Router& router, ApiContext& ctx) {
  router.get("/demo/outbox", observed(ctx, "/demo/outbox", [&ctx](const HttpRequest&, Respond r) {
               ctx.service.outbox_messages(kListed, [r](std::vector<OutboxMessage> m, bool ok) {
                 respond_guarded(r, [&] {
                   if (!ok) return r(unavailable());
                   r(page(outbox_list_page(m), "text/html; charset=utf-8"));
                 });
               });
             }));
  router.get("/demo/outbox/{id}",
             observed(ctx, "/demo/outbox/{id}", [&ctx](const HttpRequest& req, Respond r) {
               ctx.service.outbox_message(req.params[0], [r](auto m, bool ok) {
                 respond_guarded(r, [&] {
                   if (!ok) return r(unavailable());
                   auto html = m ? html_body_of(m->data) : std::nullopt;
                   if (!html) return r(not_found());
                   r(page(std::move(*html), "text/html; charset=utf-8"));
                 });
               });
             }));
  router.get("/demo/outbox/{id}/source",
             observed(ctx, "/demo/outbox/{id}/source", [&ctx](const HttpRequest& req, Respond r) {
               ctx.service.outbox_message(req.params[0], [r](auto m, bool ok) {
                 respond_guarded(r, [&] {
                   if (!ok) return r(unavailable());
                   if (!m) return r(not_found());
                   r(page(std::move(m->data), "text/plain; charset=utf-8"));
                 });
               });
             }));
}

}  // namespace slotpay::server::http
