#include "http/api.hpp"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <future>

#include "app/crypto.hpp"
#include "app/log.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;

void send_json(httplib::Response& res, int status, const ojson& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, ojson::error_handler_t::replace), "application/json");
  res.set_header("Cache-Control", "no-store");
}

void send_error(httplib::Response& res, const ApiError& e) {
  send_json(res, http_status_for(e.code), error_body(e));
}

void send_result(httplib::Response& res, const AppResult& r) {
  if (r.error) return send_error(res, *r.error);
  res.status = r.status;
  res.set_content(r.body_text(), "application/json");
  res.set_header("Cache-Control", "no-store");
}

// cpp-httplib runs handlers on blocking worker threads: they wait for the app's
// asynchronous answer here.
AppResult await_result(const std::function<void(Reply)>& call) {
  auto done = std::make_shared<std::promise<AppResult>>();
  auto answer = done->get_future();
  call([done](AppResult r) { done->set_value(std::move(r)); });
  return answer.get();
}

std::shared_ptr<const Merchant> await_merchant(
    const std::function<void(std::function<void(std::shared_ptr<const Merchant>)>)>& call) {
  auto done = std::make_shared<std::promise<std::shared_ptr<const Merchant>>>();
  auto answer = done->get_future();
  call([done](std::shared_ptr<const Merchant> m) { done->set_value(std::move(m)); });
  return answer.get();
}

bool origin_allowed(const httplib::Request& req, const Merchant* m) {
  std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return true;  // not a browser cross-origin request
  std::string host = req.get_header_value("Host");
  if (origin == "http://" + host || origin == "https://" + host) return true;  // same origin
  if (!m) return false;
  for (const auto& o : m->allowed_origins)
    if (o == origin) return true;
  return false;
}

// Adds CORS headers when the request's Origin is one the merchant allows.
void apply_cors(const httplib::Request& req, httplib::Response& res, const Merchant* m) {
  std::string origin = req.get_header_value("Origin");
  if (origin.empty() || !m) return;
  for (const auto& o : m->allowed_origins) {
    if (o == origin) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      return;
    }
  }
}

void preflight(const httplib::Request& req, httplib::Response& res, const Merchant* m) {
  std::string origin = req.get_header_value("Origin");
  bool ok = false;
  if (m && !origin.empty())
    for (const auto& o : m->allowed_origins) ok = ok || o == origin;
  if (!ok) {
    send_error(res, {"forbidden_origin", "Origin", "this origin is not allowed for the merchant",
                     nullptr});
    return;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
  res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.set_header("Access-Control-Max-Age", "600");
}

std::map<std::string, std::string> query_map(const httplib::Request& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.params) q.emplace(k, v);  // first value wins
  return q;
}

std::string bearer_or_query_token(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return req.get_param_value("token");
}

bool is_json_content(const httplib::Request& req) {
  std::string ct = req.get_header_value("Content-Type");
  return ct.rfind("application/json", 0) == 0;
}

}  // namespace

Api::Api(BookingService& service, Metrics& metrics, const Clock& clock, ApiOptions options)
    : service_(service),
      metrics_(metrics),
      clock_(clock),
      options_(std::move(options)),
      limiter_(options_.booking_rate_per_minute, options_.booking_burst) {}

void Api::install(httplib::Server& svr) {
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  // Times a handler, counts it by route, and turns exceptions into a generic 500.
  auto wrap = [this](std::string route, Handler h) {
    return [this, route, h](const httplib::Request& req, httplib::Response& res) {
      auto t0 = std::chrono::steady_clock::now();
      try {
        h(req, res);
      } catch (const std::exception& e) {
        log_error("unhandled error", {{"route", route}, {"error", e.what()}});
        send_error(res, {"internal_error", "", "internal error", nullptr});
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      metrics_.observe_request(route, req.method, res.status, secs);
      if (request_logging())
        log_info("request", {{"method", req.method},
                             {"route", route},
                             {"status", res.status},
                             {"ms", static_cast<int64_t>(secs * 1000)}});
    };
  };

  svr.set_payload_max_length(options_.max_body_bytes);
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = res.status == 413   ? "payload_too_large"
                       : res.status == 404 ? "not_found"
                       : res.status == 405 ? "method_not_allowed"
                                           : "invalid_request";
    ojson body;
    body["error"]["code"] = code;
    body["error"]["field"] = "";
    body["error"]["message"] = std::string("HTTP ") + std::to_string(res.status);
    res.set_content(body.dump(), "application/json");
  });

  // Readiness: 503 while the database cannot be reached.
  svr.Get("/healthz", wrap("/healthz", [this](const httplib::Request&, httplib::Response& res) {
            std::promise<std::pair<bool, std::string>> checked;
            service_.check_database([&](bool ok, std::string error) {
              checked.set_value({ok, std::move(error)});
            });
            auto [ok, error] = checked.get_future().get();
            if (!ok) {
              log_warn("healthz: database unavailable", {{"error", error}});
              return send_error(
                  res, {"database_unavailable", "", "the database is unreachable", nullptr});
            }
            send_json(res, 200, ojson{{"ok", true}, {"database", "ok"}});
          }));
  svr.Get("/metrics", wrap("/metrics", [this](const httplib::Request&, httplib::Response& res) {
            std::promise<std::string> gauges;
            service_.booking_gauges([&](std::string g) { gauges.set_value(std::move(g)); });
            res.set_content(metrics_.render(gauges.get_future().get()),
                            "text/plain; version=0.0.4");
          }));

  svr.Get(R"(/v1/merchants/([A-Za-z0-9_-]{1,64})/catalog)",
          wrap("/v1/merchants/{id}/catalog",
               [this](const httplib::Request& req, httplib::Response& res) {
                 auto r = await_result(
                     [&](Reply reply) { service_.catalog(req.matches[1], std::move(reply)); });
                 apply_cors(req, res, r.merchant.get());
                 send_result(res, r);
               }));
  svr.Get(R"(/v1/merchants/([A-Za-z0-9_-]{1,64})/availability)",
          wrap("/v1/merchants/{id}/availability",
               [this](const httplib::Request& req, httplib::Response& res) {
                 auto r = await_result([&](Reply reply) {
                   service_.availability(req.matches[1], query_map(req), std::move(reply));
                 });
                 apply_cors(req, res, r.merchant.get());
                 send_result(res, r);
               }));
  svr.Post(
      R"(/v1/merchants/([A-Za-z0-9_-]{1,64})/bookings)",
      wrap("/v1/merchants/{id}/bookings", [this](const httplib::Request& req,
                                                 httplib::Response& res) {
        std::string merchant_id = req.matches[1];
        std::promise<std::pair<std::shared_ptr<const Merchant>, std::optional<ApiError>>> found;
        service_.merchant_checked(merchant_id, [&](auto merchant, auto error) {
          found.set_value({std::move(merchant), std::move(error)});
        });
        auto [m, lookup_error] = found.get_future().get();
        if (lookup_error) return send_error(res, *lookup_error);
        if (!m)
          return send_error(res, {"merchant_not_found", "merchant", "no such merchant", nullptr});
        if (!origin_allowed(req, &*m))
          return send_error(res,
                            {"forbidden_origin", "Origin", "this origin is not allowed", nullptr});
        apply_cors(req, res, &*m);
        if (!limiter_.allow(req.remote_addr + "|" + merchant_id, clock_.now_ms())) {
          res.set_header("Retry-After", "10");
          return send_error(res,
                            {"rate_limited", "", "too many booking attempts, slow down", nullptr});
        }
        if (!is_json_content(req))
          return send_error(res, {"unsupported_media_type", "Content-Type",
                                  "send the booking as application/json", nullptr});
        nlohmann::json body;
        if (auto err = parse_strict_json(req.body, body)) return send_error(res, *err);
        send_result(res, await_result([&](Reply reply) {
                      service_.create_booking(merchant_id, body, std::move(reply));
                    }));
      }));
  svr.Options(
      R"(/v1/merchants/([A-Za-z0-9_-]{1,64})/(catalog|availability|bookings))",
      wrap("OPTIONS /v1/merchants/{id}/*",
           [this](const httplib::Request& req, httplib::Response& res) {
             auto m = await_merchant([&](auto done) { service_.merchant(req.matches[1], done); });
             preflight(req, res, m.get());
           }));

  svr.Get(R"(/v1/bookings/([A-Za-z0-9_]{1,64}))",
          wrap("/v1/bookings/{id}", [this](const httplib::Request& req, httplib::Response& res) {
            std::string id = req.matches[1];
            auto r = await_result([&](Reply reply) {
              service_.status(id, bearer_or_query_token(req), std::move(reply));
            });
            // Not found or not authorised: CORS by the booking's merchant all the same.
            auto m = r.merchant ? r.merchant : await_merchant([&](auto done) {
              service_.merchant_of_booking(id, done);
            });
            apply_cors(req, res, m.get());
            send_result(res, r);
          }));
  svr.Post(
      R"(/v1/bookings/([A-Za-z0-9_]{1,64})/cancel)",
      wrap("/v1/bookings/{id}/cancel", [this](const httplib::Request& req, httplib::Response& res) {
        std::string id = req.matches[1];
        auto m = await_merchant([&](auto done) { service_.merchant_of_booking(id, done); });
        if (!origin_allowed(req, m.get()))
          return send_error(res,
                            {"forbidden_origin", "Origin", "this origin is not allowed", nullptr});
        apply_cors(req, res, m.get());
        send_result(res, await_result([&](Reply reply) {
                      service_.cancel(id, bearer_or_query_token(req), std::move(reply));
                    }));
      }));
  svr.Options(R"(/v1/bookings/([A-Za-z0-9_]{1,64})(/cancel)?)",
              wrap("OPTIONS /v1/bookings/{id}",
                   [this](const httplib::Request& req, httplib::Response& res) {
                     auto m = await_merchant(
                         [&](auto done) { service_.merchant_of_booking(req.matches[1], done); });
                     preflight(req, res, m.get());
                   }));

  svr.Post("/v1/stripe/webhook",
           wrap("/v1/stripe/webhook", [this](const httplib::Request& req, httplib::Response& res) {
             // The raw body, byte for byte: the signature covers it.
             send_result(res, await_result([&](Reply reply) {
                           service_.webhook(req.body, req.get_header_value("Stripe-Signature"),
                                            std::move(reply));
                         }));
           }));

  // Admin: seed/update a merchant, list its bookings. Token auth (ADMIN_TOKEN).
  auto admin_ok = [this](const httplib::Request& req) {
    if (options_.admin_token.empty()) return false;
    std::string auth = req.get_header_value("Authorization");
    std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
    // Equal-length digests make the comparison constant-time in the token's length too.
    return constant_time_equal(sha256_hex(given), sha256_hex(options_.admin_token));
  };
  svr.Put(
      R"(/v1/admin/merchants/([A-Za-z0-9_-]{1,64}))",
      wrap("/v1/admin/merchants/{id}", [this, admin_ok](const httplib::Request& req,
                                                        httplib::Response& res) {
        if (!admin_ok(req))
          return send_error(res, {"unauthorized", "", "admin token required", nullptr});
        nlohmann::json body;
        if (auto err = parse_strict_json(req.body, body)) return send_error(res, *err);
        if (!body.is_object() || !body.contains("catalog") || !body["catalog"].is_object())
          return send_error(res, {"missing_field", "catalog", "catalog object required", nullptr});
        MerchantInput m;
        m.id = req.matches[1];
        m.catalog = body["catalog"];
        m.stripe_account = body.value("stripe_account", "");
        if (body.contains("allowed_origins") && body["allowed_origins"].is_array())
          for (const auto& o : body["allowed_origins"])
            if (o.is_string()) m.allowed_origins.push_back(o.get<std::string>());
        send_result(
            res, await_result([&](Reply reply) { service_.save_merchant(m, std::move(reply)); }));
      }));
  svr.Get(R"(/v1/admin/merchants/([A-Za-z0-9_-]{1,64})/bookings)",
          wrap("/v1/admin/merchants/{id}/bookings",
               [this, admin_ok](const httplib::Request& req, httplib::Response& res) {
                 if (!admin_ok(req))
                   return send_error(res, {"unauthorized", "", "admin token required", nullptr});
                 send_result(res, await_result([&](Reply reply) {
                               service_.admin_bookings(req.matches[1], std::move(reply));
                             }));
               }));

  namespace fs = std::filesystem;
  if (!options_.examples_dir.empty() && fs::is_directory(options_.examples_dir))
    svr.set_mount_point("/examples", options_.examples_dir);
  if (!options_.web_dist_dir.empty() && fs::is_directory(options_.web_dist_dir))
    svr.set_mount_point("/", options_.web_dist_dir);
  // The widget's files (loader, bundle, WASM core) are public, credential-free assets
  // that merchant pages on any origin load with fetch()/import(): like a CDN they are
  // served to every origin. The JSON API keeps its per-merchant CORS allow-list.
  svr.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (req.path.rfind("/examples/", 0) != 0) {
      res.set_header("Access-Control-Allow-Origin", "*");
      res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
    }
  });
}

}  // namespace slotpay::server
