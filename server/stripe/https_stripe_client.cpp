#include "stripe/https_stripe_client.hpp"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "stripe/form_encoding.hpp"

namespace slotpay::server {
namespace {

class HttplibTransport final : public HttpTransport {
 public:
  explicit HttplibTransport(HttplibTransportOptions o) : o_(std::move(o)) {}

  HttpReply send(const HttpRequest& r) override {
    httplib::Client cli(o_.base_url);
    cli.set_connection_timeout(std::chrono::milliseconds(o_.connect_timeout_ms));
    cli.set_read_timeout(std::chrono::milliseconds(o_.read_timeout_ms));
    cli.set_write_timeout(std::chrono::milliseconds(o_.read_timeout_ms));
    cli.set_keep_alive(false);
    httplib::Headers headers;
    for (const auto& [k, v] : r.headers) headers.emplace(k, v);
    httplib::Result res =
        r.method == "GET" ? cli.Get(r.path, headers)
                          : cli.Post(r.path, headers, r.body, "application/x-www-form-urlencoded");
    HttpReply reply;
    if (!res) {
      reply.transport_error = httplib::to_string(res.error());
      return reply;
    }
    reply.got_response = true;
    reply.status = res->status;
    for (const auto& [k, v] : res->headers) {
      std::string lk = k;
      for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[lk] = v;
    }
    reply.body = res->body;
    return reply;
  }

 private:
  HttplibTransportOptions o_;
};

double jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

std::unique_ptr<HttpTransport> make_httplib_transport(const HttplibTransportOptions& options) {
  return std::make_unique<HttplibTransport>(options);
}

// Threads that run blocking exchanges for request(); started on first use.
class HttpsStripeClient::Pool {
 public:
  explicit Pool(int threads) : size_(threads < 1 ? 1 : threads) {}
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
    if (threads_.size() < static_cast<size_t>(size_) && idle_ == 0)
      threads_.emplace_back([this] { loop(); });
    cv_.notify_one();
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      ++idle_;
      cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
      --idle_;
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }
  int size_;
  int idle_ = 0;
  bool stop_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
};

HttpsStripeClient::~HttpsStripeClient() = default;

void HttpsStripeClient::request(const std::string& method, const std::string& path,
                                const nlohmann::ordered_json& params,
                                const StripeRequestOptions& options, StripeCallback done) {
  pool_->post([this, method, path, params, options, done = std::move(done)] {
    done(request_blocking(method, path, params, options));
  });
}

HttpsStripeClient::HttpsStripeClient(HttpsStripeClientOptions options,
                                     std::unique_ptr<HttpTransport> transport, Sleeper sleeper,
                                     Observer observer)
    : options_(std::move(options)),
      transport_(std::move(transport)),
      sleeper_(std::move(sleeper)),
      observer_(std::move(observer)) {
  pool_ = std::make_unique<Pool>(options_.blocking_threads);
  if (!sleeper_)
    sleeper_ = [](long ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

StripeResponse HttpsStripeClient::request_blocking(const std::string& method,
                                                   const std::string& path,
                                                   const nlohmann::ordered_json& params,
                                                   const StripeRequestOptions& opts) {
  HttpRequest req;
  req.method = method;
  req.path = path;
  std::string encoded;
  try {
    encoded = params.is_null() ? std::string() : form_encode(params);
  } catch (const std::exception& e) {
    StripeResponse r;
    r.error = StripeError{"invalid_request_error", "client_encoding", e.what(), "", 0};
    return r;
  }
  if (method == "GET") {
    if (!encoded.empty()) req.path += "?" + encoded;
  } else {
    req.body = encoded;
  }
  req.headers.emplace_back("Authorization", "Bearer " + options_.secret_key);
  req.headers.emplace_back("Stripe-Version", options_.api_version);
  req.headers.emplace_back("User-Agent", "slotpay-server/0.1");
  if (!opts.stripe_account.empty()) req.headers.emplace_back("Stripe-Account", opts.stripe_account);
  // Never on GETs (FACTS.md 3.6).
  if (method == "POST" && !opts.idempotency_key.empty())
    req.headers.emplace_back("Idempotency-Key", opts.idempotency_key);

  StripeResponse out;
  HttpReply reply;
  for (int retries = 0;; ++retries) {
    reply = transport_->send(req);
    out.attempts = retries + 1;
    AttemptOutcome outcome;
    outcome.got_response = reply.got_response;
    outcome.status = reply.status;
    if (auto it = reply.headers.find("stripe-should-retry"); it != reply.headers.end())
      outcome.should_retry = it->second;
    bool success = reply.got_response && reply.status >= 200 && reply.status < 300;
    if (success || !options_.retry.should_retry(retries, outcome)) break;
    sleeper_(options_.retry.backoff_ms(retries, jitter()));
  }

  out.http_status = reply.status;
  if (!reply.got_response) {
    out.error = StripeError{"api_connection_error", "",
                            "could not reach Stripe: " + reply.transport_error, "", 0};
  } else {
    out.body = nlohmann::json::parse(reply.body, nullptr, false);
    if (auto it = reply.headers.find("idempotent-replayed"); it != reply.headers.end())
      out.idempotent_replayed = it->second == "true";
    if (reply.status >= 200 && reply.status < 300 && out.body.is_object()) {
      out.ok = true;
    } else if (out.body.is_object() && out.body.contains("error") &&
               out.body["error"].is_object()) {
      const auto& e = out.body["error"];
      auto str = [&](const char* k) {
        return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : std::string();
      };
      out.error = StripeError{str("type"), str("code"), str("message"), str("param"), reply.status};
      if (out.error.type.empty()) out.error.type = "api_error";
    } else {
      out.error =
          StripeError{"api_error", "",
                      "unexpected response from Stripe (HTTP " + std::to_string(reply.status) + ")",
                      "", reply.status};
    }
  }
  if (observer_) observer_(opts.operation, out.http_status, out.ok, out.attempts);
  return out;
}

}  // namespace slotpay::server
