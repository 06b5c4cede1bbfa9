// The use cases end to end through BookingService, with a fake StripeClient and a
// temporary SQLite file: create -> hold -> PaymentIntent; Stripe failures give the seat
// back; cancel with refund (by the booking's catalog version); webhook outcomes; hold
// expiry and recovery after restart; catalogs refused at save with the core's errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <random>

#include "app/booking_service.hpp"
#include "store/sqlite_store.hpp"
#include "stripe/webhook_signature.hpp"

using namespace slotpay::server;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kWhsec = "whsec_unit_test_secret";
constexpr const char* kAccount = "acct_1Unit";
// 2026-11-30T12:00:00-05:00 (a Monday in New York).
constexpr int64_t kNowMs = 1'796'058'000'000;
constexpr const char* kStart = "2026-12-01T10:00:00-05:00";

std::string temp_db() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("slotpay-app-test-" + std::to_string(rd()));
  fs::create_directories(dir);
  return (dir / "t.db").string();
}

json catalog(int64_t free_until_min = 1440, int64_t late_fee_bps = 5000) {
  json c = json::parse(R"({
    "merchant": {"id": "m1", "name": "Unit Studio", "timezone": "America/New_York",
                 "currency": "usd", "platform_fee": {"rate_bps": 500, "fixed": 30},
                 "min_charge_policy": "raise_to_minimum"},
    "schedule": {"weekly": {"mon": [["08:00","20:00"]], "tue": [["08:00","20:00"]],
                            "wed": [["08:00","20:00"]], "thu": [["08:00","20:00"]],
                            "fri": [["08:00","20:00"]], "sat": [["08:00","20:00"]],
                            "sun": [["08:00","20:00"]]},
                 "overrides": {}, "slot_interval_min": 15, "min_notice_min": 60,
                 "max_advance_days": 90},
    "staff": [{"id": "ana", "name": "Ana", "services": ["cut", "trio", "consult"]}],
    "services": [
      {"id": "cut", "name": "Haircut", "duration_min": 45, "price": 4500, "capacity": 1,
       "buffer_after_min": 15, "payment": "stripe", "deposit": {"rate_bps": 2000},
       "tax": {"rate_bps": 825, "inclusive": false}},
      {"id": "trio", "name": "Small group", "duration_min": 60, "price": 3000, "capacity": 3,
       "payment": "stripe"},
      {"id": "consult", "name": "Free consultation", "duration_min": 15, "price": 0,
       "payment": "free"}],
    "coupons": []})");
  c["services"][0]["cancellation"] = {{"free_until_min", free_until_min},
                                      {"fee", {{"rate_bps", late_fee_bps}}}};
  return c;
}

StripeResponse ok(json body) {
  StripeResponse r;
  r.ok = true;
  r.http_status = 200;
  r.body = std::move(body);
  r.attempts = 1;
  return r;
}

StripeResponse failed(int status, const std::string& type) {
  StripeResponse r;
  r.http_status = status;
  r.error = StripeError{type, "", "scripted failure", "", status};
  r.attempts = 1;
  return r;
}

// A StripeClient that answers at once (or on release()), like Stripe would: the same
// idempotency key gives the same PaymentIntent.
class FakeStripe final : public StripeClient {
 public:
  struct Call {
    std::string method, path;
    ojson params;
    StripeRequestOptions options;
  };
  // Answers the next calls whose path starts with `prefix` (in order), instead of the
  // default answers.
  void script(const std::string& prefix, StripeResponse r) {
    std::lock_guard<std::mutex> lock(mu_);
    scripted_[prefix].push_back(std::move(r));
  }
  void request(const std::string& method, const std::string& path, const ojson& params,
               const StripeRequestOptions& options, StripeCallback done) override {
    StripeResponse r;
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back({method, path, params, options});
      r = answer(path, params, options);
    }
    done(std::move(r));
  }
  std::vector<Call> calls(const std::string& path_prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Call> out;
    for (const auto& c : calls_)
      if (c.path.rfind(path_prefix, 0) == 0) out.push_back(c);
    return out;
  }

 private:
  StripeResponse answer(const std::string& path, const ojson& params,
                        const StripeRequestOptions& o) {
    for (auto& [prefix, queue] : scripted_) {
      if (path.rfind(prefix, 0) == 0 && !queue.empty()) {
        StripeResponse r = queue.front();
        queue.erase(queue.begin());
        return r;
      }
    }
    if (path == "/v1/payment_intents") {
      auto& id = intents_[o.idempotency_key];
      if (id.empty()) id = "pi_" + std::to_string(intents_.size());
      return ok({{"id", id}, {"client_secret", id + "_secret_x"}, {"amount", params["amount"]}});
    }
    if (path == "/v1/refunds")
      return ok({{"id", "re_" + std::to_string(++refunds_)}, {"amount", params["amount"]}});
    return ok({{"id", path}, {"status", "canceled"}});  // cancels
  }

  std::mutex mu_;
  std::vector<Call> calls_;
  std::map<std::string, std::vector<StripeResponse>> scripted_;
  std::map<std::string, std::string> intents_;  // idempotency key -> id
  int refunds_ = 0;
};

class FakeClock final : public Clock {
 public:
  int64_t now_ms() const override { return now.load(); }
  std::atomic<int64_t> now{kNowMs};
};

std::string why(const AppResult& r) {
  return r.error ? r.error->code + " (" + r.error->field + "): " + r.error->message : "ok";
}

struct App {
  std::string db = temp_db();
  SqliteStore store{db};
  FakeStripe stripe;
  FakeClock clock;
  Metrics metrics;
  BookingService service;

  explicit App(const ServiceConfig& c = config()) : service(c, store, stripe, clock, metrics) {
    REQUIRE_FALSE(save(catalog()).error);
  }
  static ServiceConfig config() {
    ServiceConfig c;
    c.publishable_key = "pk_test_unit";
    c.webhook_secret = kWhsec;
    c.hold_ms = 10 * 60 * 1000;
    c.hold_caps = HoldCaps{0, 0, 0};  // one customer books many times here (caps: own test)
    return c;
  }

  AppResult call(const std::function<void(Reply)>& f) {
    auto p = std::make_shared<std::promise<AppResult>>();
    auto fut = p->get_future();
    f([p](AppResult r) { p->set_value(std::move(r)); });
    // No Catch2 assertion here: tests call this from several threads at once.
    if (fut.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      throw std::runtime_error("no answer within 10 s");
    AppResult r = fut.get();
    // Answers written as JSON text are read back (strictly) so that tests see one shape.
    if (!r.raw_body.empty()) r.body = nlohmann::ordered_json::parse(r.raw_body);
    return r;
  }
  AppResult save(const json& cat) {
    return call([&](Reply r) { service.save_merchant({"m1", cat, kAccount, {}}, r); });
  }
  AppResult book(const std::string& service_id, const std::string& start = kStart) {
    json body = {{"service", service_id},
                 {"start", start},
                 {"customer", {{"name", "Jo Doe"}, {"email", "jo@example.com"}}},
                 {"amount", 1}};
    return call([&](Reply r) { service.create_booking("m1", body, r); });
  }
  AppResult status(const AppResult& created) {
    return call([&](Reply r) {
      service.status(created.body["booking"]["id"].get<std::string>(),
                     created.body["access_token"].get<std::string>(), r);
    });
  }
  std::string state(const AppResult& created) {
    return status(created).body["booking"]["status"].get<std::string>();
  }
  AppResult cancel(const AppResult& created) {
    return call([&](Reply r) {
      service.cancel(created.body["booking"]["id"].get<std::string>(),
                     created.body["access_token"].get<std::string>(), r);
    });
  }
  AppResult availability(const std::string& service_id) {
    std::map<std::string, std::string> q = {
        {"service", service_id}, {"from", "2026-12-01"}, {"to", "2026-12-02"}};
    return call([&](Reply r) { service.availability("m1", q, r); });
  }
  int64_t remaining_at(const std::string& service_id, const std::string& start) {
    auto r = availability(service_id);
    INFO(why(r));
    REQUIRE_FALSE(r.error);
    json body = json::parse(r.raw_body);
    for (const auto& s : body["slots"])
      if (s["start"] == start) return s["remaining"].get<int64_t>();
    return 0;
  }
  // A signed delivery of a Stripe event about `created`'s PaymentIntent.
  AppResult webhook(const std::string& type, const AppResult& created, json overrides = {},
                    const std::string& event_id = "") {
    const auto& b = created.body["booking"];
    json obj = {{"id", b["payment"]["payment_intent"]},
                {"object", "payment_intent"},
                {"amount", b["amount"]},
                {"amount_received", b["amount"]},
                {"currency", "usd"},
                {"metadata", {{"booking_id", b["id"]}}}};
    if (type.rfind("charge.", 0) == 0)
      obj = {{"id", "ch_1"}, {"payment_intent", b["payment"]["payment_intent"]}};
    if (overrides.is_object()) obj.merge_patch(overrides);  // (a null patch would replace all)
    static int seq = 0;
    json event = {{"id", event_id.empty() ? "evt_" + std::to_string(++seq) : event_id},
                  {"type", type},
                  {"account", kAccount},
                  {"livemode", false},
                  {"data", {{"object", obj}}}};
    std::string body = event.dump();
    std::string sig = sign_stripe_payload(body, kWhsec, clock.now_ms() / 1000);
    return call([&](Reply r) { service.webhook(body, sig, r); });
  }
  void maintenance() {
    std::promise<void> p;
    service.run_maintenance([&] { p.set_value(); });
    p.get_future().get();
    service.drain();
  }
};

}  // namespace

TEST_CASE("create: hold, then a PaymentIntent on the merchant's account", "[app]") {
  App a;
  auto r = a.book("cut");
  REQUIRE_FALSE(r.error);
  CHECK(r.status == 201);
  const auto& b = r.body["booking"];
  CHECK(b["status"] == "awaiting_payment");
  CHECK(b["booking"]["start"] == kStart);
  CHECK(b["booking"]["staff"] == "ana");
  CHECK(b["booking"]["end"] == "2026-12-01T10:45:00-05:00");
  CHECK(b["customer"]["name"] == "Jo Doe");
  // The server's quote (20% deposit of 4500 + 8.25% tax), not the 1 the client sent.
  CHECK(b["quote"]["total"] == 4871);
  CHECK(b["amount"] == b["quote"]["due_now"]);
  CHECK(b["payment"]["client_secret"].get<std::string>().rfind("pi_", 0) == 0);
  CHECK(b["payment"]["stripe_account"] == kAccount);
  REQUIRE(r.merchant);
  CHECK(r.merchant->id == "m1");
  auto calls = a.stripe.calls("/v1/payment_intents");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].options.stripe_account == kAccount);
  CHECK(calls[0].options.idempotency_key == "booking_" + b["id"].get<std::string>() + "_create_pi");
  CHECK(calls[0].params["amount"] == b["amount"]);
  CHECK(calls[0].params["application_fee_amount"] == b["quote"]["application_fee"]);
  CHECK(a.state(r) == "awaiting_payment");
}

TEST_CASE("create: free services confirm at once, capacity is never oversold", "[app]") {
  App a;
  auto free = a.book("consult", "2026-12-01T11:00:00-05:00");
  REQUIRE_FALSE(free.error);
  CHECK(free.body["booking"]["status"] == "confirmed");
  CHECK_FALSE(free.body["booking"].contains("payment"));
  CHECK(a.stripe.calls("/v1/payment_intents").empty());
  REQUIRE_FALSE(a.book("cut").error);
  auto taken = a.book("cut");
  REQUIRE(taken.error);
  CHECK(taken.error->code == "slot_unavailable");
  // Concurrent creates for a class of 3: exactly 3 holds.
  std::vector<std::future<AppResult>> all;
  for (int i = 0; i < 12; ++i)
    all.push_back(std::async(std::launch::async,
                             [&] { return a.book("trio", "2026-12-01T14:00:00-05:00"); }));
  int created = 0;
  for (auto& f : all) created += f.get().error ? 0 : 1;
  CHECK(created == 3);
  CHECK(a.remaining_at("trio", "2026-12-01T14:00:00-05:00") == 0);
}

TEST_CASE("create: invalid requests get every error from the core", "[app]") {
  App a;
  json body = {{"service", "cut"},
               {"start", "2026-12-01T10:07:00-05:00"},
               {"customer", {{"name", "Jo"}, {"email", "not-an-email"}}}};
  auto r = a.call([&](Reply reply) { a.service.create_booking("m1", body, reply); });
  REQUIRE(r.error);
  REQUIRE(r.error->details.is_array());
  CHECK(r.error->details.size() >= 2);
  std::set<std::string> codes;
  for (const auto& e : r.error->details) codes.insert(e["code"].get<std::string>());
  CHECK(codes.count("invalid_email"));
  CHECK(codes.count("off_grid"));
  auto unknown = a.call([&](Reply reply) {
    a.service.create_booking("m1", json{{"service", "cut"}, {"admin", true}}, reply);
  });
  CHECK(unknown.error->code == "unknown_field");
}

TEST_CASE("create: Stripe failing gives the seat back", "[app]") {
  App a;
  a.stripe.script("/v1/payment_intents", failed(500, "api_error"));
  auto r = a.book("cut");
  REQUIRE(r.error);
  CHECK(r.error->code == "stripe_unavailable");
  a.stripe.script("/v1/payment_intents", failed(400, "invalid_request_error"));
  auto refused = a.book("cut");
  REQUIRE(refused.error);
  CHECK(refused.error->code == "stripe_error");
  CHECK(a.remaining_at("cut", kStart) == 1);
  auto again = a.book("cut");
  REQUIRE_FALSE(again.error);
  CHECK(again.body["booking"]["status"] == "awaiting_payment");
}

TEST_CASE("Stripe refused for good: 4xx except 409 and 429", "[app]") {
  CHECK(stripe_refused_for_good(failed(400, "invalid_request_error")));
  CHECK(stripe_refused_for_good(failed(402, "card_error")));
  CHECK(stripe_refused_for_good(failed(404, "invalid_request_error")));
  CHECK_FALSE(stripe_refused_for_good(failed(409, "idempotency_error")));
  CHECK_FALSE(stripe_refused_for_good(failed(429, "rate_limit_error")));
  CHECK_FALSE(stripe_refused_for_good(failed(500, "api_error")));
  CHECK_FALSE(stripe_refused_for_good(failed(0, "api_connection_error")));
  CHECK_FALSE(stripe_refused_for_good(ok({{"id", "x"}})));
}

TEST_CASE("webhook: paid -> confirmed, duplicates change nothing", "[app]") {
  App a;
  auto r = a.book("cut");
  auto w = a.webhook("payment_intent.succeeded", r, {}, "evt_dup");
  INFO(why(w));
  REQUIRE_FALSE(w.error);
  CHECK(w.body["action"] == "confirmed");
  CHECK(a.state(r) == "confirmed");
  auto again = a.webhook("payment_intent.succeeded", r, {}, "evt_dup");
  CHECK(again.body["duplicate"] == true);
  CHECK(again.body["action"] == "none");
  auto stale = a.webhook("payment_intent.payment_failed", r);
  CHECK(stale.body["action"] == "recorded");
  CHECK(a.state(r) == "confirmed");
  CHECK(a.status(r).body["booking"]["payment"].contains("client_secret") == false);
}

TEST_CASE("webhook: mismatches are recorded and ignored, bad signatures refused", "[app]") {
  App a;
  auto r = a.book("cut");
  CHECK(a.webhook("payment_intent.succeeded", r, {{"amount", 1}}).body["action"] ==
        "amount_mismatch");
  CHECK(a.webhook("payment_intent.succeeded", r, {{"currency", "eur"}}).body["action"] ==
        "amount_mismatch");
  // Another PaymentIntent naming the booking in its metadata: bound to nothing (issue #9).
  CHECK(a.webhook("payment_intent.succeeded", r, {{"id", "pi_other"}}).body["action"] ==
        "ignored_no_booking");
  CHECK(a.state(r) == "awaiting_payment");
  std::string body = R"({"id":"evt_x","type":"payment_intent.succeeded","data":{"object":{}}})";
  auto forged = a.call([&](Reply reply) {
    a.service.webhook(body, sign_stripe_payload(body, "whsec_other", kNowMs / 1000), reply);
  });
  REQUIRE(forged.error);
  CHECK(forged.error->code == "invalid_signature");
}

TEST_CASE("webhook: another account's event is ignored", "[app]") {
  App a;
  auto r = a.book("cut");
  const auto& b = r.body["booking"];
  json event = {{"id", "evt_acct"},
                {"type", "payment_intent.succeeded"},
                {"account", "acct_someone_else"},
                {"livemode", false},
                {"data",
                 {{"object",
                   {{"id", b["payment"]["payment_intent"]},
                    {"amount", b["amount"]},
                    {"currency", "usd"},
                    {"metadata", {{"booking_id", b["id"]}}}}}}}};
  std::string body = event.dump();
  auto w = a.call([&](Reply reply) {
    a.service.webhook(body, sign_stripe_payload(body, kWhsec, kNowMs / 1000), reply);
  });
  CHECK(w.body["action"] == "ignored_account");
  CHECK(a.state(r) == "awaiting_payment");
}

TEST_CASE("webhook: paid after the hold lapsed: confirmed late if free, else refunded", "[app]") {
  App a;
  auto late_free = a.book("cut");
  auto late_taken = a.book("cut", "2026-12-01T15:00:00-05:00");
  a.clock.now += 11 * 60 * 1000;  // both holds lapse
  a.maintenance();
  CHECK(a.state(late_free) == "expired");
  CHECK(a.stripe.calls("/v1/payment_intents/pi_").size() == 2);  // both intents cancelled
  auto someone_else = a.book("cut", "2026-12-01T15:00:00-05:00");
  REQUIRE_FALSE(someone_else.error);

  auto w1 = a.webhook("payment_intent.succeeded", late_free);
  CHECK(w1.body["action"] == "confirmed_late");
  CHECK(a.state(late_free) == "confirmed");

  auto w2 = a.webhook("payment_intent.succeeded", late_taken);
  CHECK(w2.body["action"] == "refund_slot_gone");
  a.service.drain();
  auto s = a.status(late_taken).body["booking"];
  CHECK(s["status"] == "expired");
  CHECK(s["refunded_amount"] == s["amount"]);
  auto refunds = a.stripe.calls("/v1/refunds");
  REQUIRE(refunds.size() == 1);
  CHECK(refunds[0].params["amount"] == s["amount"]);
  CHECK(refunds[0].params["refund_application_fee"] == true);
  CHECK(refunds[0].options.idempotency_key == "booking_" + s["id"].get<std::string>() + "_refund");
}

TEST_CASE("webhook: payment_failed releases the seat, dispute and refunds recorded", "[app]") {
  App a;
  auto r = a.book("cut");
  CHECK(a.webhook("payment_intent.payment_failed", r).body["action"] == "payment_failed");
  a.service.drain();
  CHECK(a.state(r) == "payment_failed");
  CHECK(a.stripe.calls("/v1/payment_intents/pi_").size() == 1);  // cancelled at Stripe
  CHECK(a.remaining_at("cut", kStart) == 1);
  auto paid = a.book("cut", "2026-12-01T16:00:00-05:00");
  a.webhook("payment_intent.succeeded", paid);
  // Stripe's dispute object (disputes_test.cpp covers its fields); one without them is
  // not a dispute and changes nothing.
  CHECK(a.webhook("charge.dispute.created", paid).body["action"] == "ignored_invalid_dispute");
  CHECK(a.status(paid).body["booking"]["disputed"] == false);
  const json dispute = {
      {"id", "dp_1"},      {"object", "dispute"},        {"amount", 1000},
      {"currency", "usd"}, {"status", "needs_response"}, {"reason", "fraudulent"}};
  CHECK(a.webhook("charge.dispute.created", paid, dispute).body["action"] == "dispute_recorded");
  CHECK(a.webhook("charge.refunded", paid, {{"amount_refunded", 300}}).body["action"] ==
        "refund_recorded");
  auto s = a.status(paid).body["booking"];
  CHECK(s["disputed"] == true);
  CHECK(s["refunded_amount"] == 300);
}

TEST_CASE("cancel: unpaid -> intent cancelled, paid -> refund by the booking's catalog version",
          "[app]") {
  App a;
  auto unpaid = a.book("cut", "2026-12-01T16:00:00-05:00");
  auto c1 = a.cancel(unpaid);
  REQUIRE_FALSE(c1.error);
  CHECK(c1.body["booking"]["status"] == "cancelled");
  CHECK_FALSE(c1.body.contains("cancellation"));
  CHECK(a.stripe.calls("/v1/payment_intents/pi_").size() == 1);

  auto paid = a.book("cut");
  a.webhook("payment_intent.succeeded", paid);
  // A later catalog keeps nothing refundable; the booking was priced with the old one
  // (free until 1440 minutes before: 20 hours before the start is inside that window,
  // so its 50% late fee applies).
  REQUIRE_FALSE(a.save(catalog(0, 10000)).error);
  a.clock.now += 2 * 3600 * 1000;
  auto c2 = a.cancel(paid);
  REQUIRE_FALSE(c2.error);
  int64_t amount = paid.body["booking"]["amount"].get<int64_t>();
  CHECK(c2.body["cancellation"]["refund"] == amount / 2);
  CHECK(c2.body["cancellation"]["fee"] == amount - amount / 2);
  CHECK(c2.body["cancellation"]["refund_application_fee"] == false);
  CHECK(c2.body["booking"]["refunded_amount"] == amount / 2);
  auto refunds = a.stripe.calls("/v1/refunds");
  REQUIRE(refunds.size() == 1);
  CHECK(refunds[0].params["reason"] == "requested_by_customer");
  // Again: the same answer, no second refund.
  auto c3 = a.cancel(paid);
  CHECK(c3.body["booking"]["status"] == "cancelled");
  CHECK(a.stripe.calls("/v1/refunds").size() == 1);
  // Expired bookings cannot be cancelled.
  auto expiring = a.book("cut", "2026-12-02T10:00:00-05:00");
  a.clock.now += 11 * 60 * 1000;
  a.maintenance();
  auto c4 = a.cancel(expiring);
  REQUIRE(c4.error);
  CHECK(c4.error->code == "not_cancellable");
}

TEST_CASE("recovery after restart: an interrupted hold is let go, its intent cancelled", "[app]") {
  App a;
  // Stripe never answered the create (the process died): the booking stays held.
  a.stripe.script("/v1/payment_intents", failed(500, "api_error"));
  auto r = a.book("cut");
  REQUIRE(r.error);
  // Made held again by hand, as a crash between hold and answer leaves it.
  BookingRecord held;
  read_now(a.store, [&](StoreReader& s) {
    auto all = s.bookings_of("m1");
    REQUIRE(all.size() == 1);
    held = all[0];
  });
  held.status = BookingStatus::kHeld;
  REQUIRE(write_now(a.store, [&](BookingTx& tx) {
            tx.update_booking(held);
            return true;
          }).committed);
  CHECK(a.remaining_at("cut", kStart) == 0);
  std::promise<void> p;
  a.service.recover_after_restart([&] { p.set_value(); });
  p.get_future().get();
  a.service.drain();
  std::optional<BookingRecord> after;
  read_now(a.store, [&](StoreReader& s) { after = s.booking(held.id); });
  CHECK(after->status == BookingStatus::kExpired);
  CHECK_FALSE(after->pi_cancel_pending);
  CHECK_FALSE(after->payment_intent_id.empty());
  // The create was replayed with the stored key, then the intent cancelled.
  std::vector<FakeStripe::Call> creates;
  for (const auto& c : a.stripe.calls("/v1/payment_intents"))
    if (c.path == "/v1/payment_intents") creates.push_back(c);
  CHECK(creates.back().options.idempotency_key == held.idempotency_key);
  CHECK(a.stripe.calls("/v1/payment_intents/" + after->payment_intent_id + "/cancel").size() == 1);
  CHECK(a.remaining_at("cut", kStart) == 1);
}

TEST_CASE("shared store: a hold claimed by another instance is let go only once its claim lapses",
          "[app]") {
  ServiceConfig shared = App::config();
  shared.exclusive_store = false;  // as with PostgreSQL
  shared.work_lease_ms = 60 * 1000;
  shared.instance_id = "inst_here";
  App a(shared);
  a.stripe.script("/v1/payment_intents", failed(500, "api_error"));
  REQUIRE(a.book("cut").error);
  // Held again, as another instance creating its PaymentIntent right now leaves it.
  BookingRecord held;
  read_now(a.store, [&](StoreReader& s) { held = s.bookings_of("m1").at(0); });
  held.status = BookingStatus::kHeld;
  held.claimed_by = "inst_other";
  held.claimed_until_ms = a.clock.now + 60 * 1000;
  REQUIRE(write_now(a.store, [&](BookingTx& tx) {
            tx.update_booking(held);
            return true;
          }).committed);
  auto stored = [&] {
    std::optional<BookingRecord> b;
    read_now(a.store, [&](StoreReader& s) { b = s.booking(held.id); });
    return *b;
  };
  // Neither this instance's start nor its passes touch it while the claim is live.
  std::promise<void> p;
  a.service.recover_after_restart([&] { p.set_value(); });
  p.get_future().get();
  a.maintenance();
  CHECK(stored().status == BookingStatus::kHeld);
  CHECK(stored().claimed_by == "inst_other");
  // The other instance died: once the claim lapses, this one takes the work over.
  a.clock.now += 61 * 1000;
  a.maintenance();
  auto after = stored();
  CHECK(after.status == BookingStatus::kExpired);
  CHECK(after.claimed_by == "inst_here");
  CHECK_FALSE(after.pi_cancel_pending);
  CHECK(a.stripe.calls("/v1/payment_intents/" + after.payment_intent_id + "/cancel").size() == 1);
  CHECK(a.remaining_at("cut", kStart) == 1);
}

TEST_CASE("work claims: a new online booking and a transition owing Stripe are claimed", "[app]") {
  ServiceConfig c = App::config();
  c.instance_id = "inst_me";
  c.work_lease_ms = 30 * 1000;
  App a(c);
  auto r = a.book("cut");
  REQUIRE_FALSE(r.error);
  const std::string id = r.body["booking"]["id"].get<std::string>();
  std::optional<BookingRecord> b;
  read_now(a.store, [&](StoreReader& s) { b = s.booking(id); });
  // Claimed for its PaymentIntent create at insert (the claim then just lapses).
  CHECK(b->claimed_by == "inst_me");
  CHECK(b->claimed_until_ms == kNowMs + 30 * 1000);
  a.clock.now += 5000;
  REQUIRE_FALSE(a.cancel(r).error);  // unpaid: its PaymentIntent is cancelled at Stripe
  read_now(a.store, [&](StoreReader& s) { b = s.booking(id); });
  CHECK(b->status == BookingStatus::kCancelled);
  CHECK(b->claimed_by == "inst_me");
  CHECK(b->claimed_until_ms == kNowMs + 5000 + 30 * 1000);
}

TEST_CASE("catalog: refused at save with every error of the core, the old one stays", "[app]") {
  App a;
  json bad = catalog();
  bad["services"][1]["capacity"] = 100000;
  bad["merchant"]["currency"] = "xyz";
  auto r = a.save(bad);
  REQUIRE(r.error);
  CHECK(r.error->code == "invalid_catalog");
  REQUIRE(r.error->details.is_array());
  CHECK(r.error->details.size() >= 2);
  std::set<std::string> fields;
  for (const auto& e : r.error->details) fields.insert(e["field"].get<std::string>());
  CHECK(fields.count("catalog.services[1].capacity"));
  CHECK(fields.count("catalog.merchant.currency"));
  // The saved catalog is still served, with its currency's facts.
  auto c = a.call([&](Reply reply) { a.service.catalog("m1", reply); });
  REQUIRE_FALSE(c.error);
  json body = json::parse(c.raw_body);
  CHECK(body["catalog"]["services"][1]["capacity"] == 3);
  CHECK(body["online_payments"] == true);
  CHECK(body["currency"]["currency"] == "usd");
  CHECK(body["currency"]["exponent"] == 2);
  CHECK(body["currency"]["min_charge"] == 50);
  CHECK(body["currency"]["amount_multiple_of"] == 1);
  CHECK(body["currency"]["max_amount"] == 99999999);
  REQUIRE(a.book("trio").status == 201);
  // A catalog for another merchant id is refused too.
  json other = catalog();
  other["merchant"]["id"] = "m2";
  CHECK(a.save(other).error->code == "invalid_catalog");
}

TEST_CASE("availability: typed slots, never stale after a booking", "[app]") {
  App a;
  auto r = a.availability("cut");
  REQUIRE_FALSE(r.error);
  json body = json::parse(r.raw_body);
  CHECK(body["timezone"] == "America/New_York");
  CHECK(body["slots"][0]["start"] == "2026-12-01T08:00:00-05:00");
  CHECK(a.remaining_at("cut", kStart) == 1);
  REQUIRE_FALSE(a.book("cut").error);
  CHECK(a.remaining_at("cut", kStart) == 0);
  // The 60-minute trio at 09:30 overlaps the cut's 10:00 (Ana is busy): gone too.
  CHECK(a.remaining_at("trio", "2026-12-01T09:30:00-05:00") == 0);
  // Answers are reused within their second, never across a change of bookings.
  auto first = a.availability("trio");
  auto second = a.availability("trio");
  CHECK(first.raw_body == second.raw_body);
  auto trio = a.book("trio", "2026-12-01T15:00:00-05:00");
  REQUIRE_FALSE(trio.error);
  CHECK(a.remaining_at("trio", "2026-12-01T15:00:00-05:00") == 2);
  REQUIRE_FALSE(a.cancel(trio).error);
  CHECK(a.remaining_at("trio", "2026-12-01T15:00:00-05:00") == 3);
  std::map<std::string, std::string> bad = {
      {"service", "cut"}, {"from", "2026-12-01"}, {"to", "2026-13-01"}};
  auto e = a.call([&](Reply reply) { a.service.availability("m1", bad, reply); });
  REQUIRE(e.error);
  CHECK(e.error->code == "invalid_date");
  CHECK(e.error->field == "to");
  auto missing = a.call([&](Reply reply) { a.service.availability("m1", {}, reply); });
  CHECK(missing.error->code == "missing_field");
  auto nobody = a.call([&](Reply reply) {
    a.service.availability(
        "m_nobody", {{"service", "cut"}, {"from", "2026-12-01"}, {"to", "2026-12-02"}}, reply);
  });
  CHECK(nobody.error->code == "merchant_not_found");
}
