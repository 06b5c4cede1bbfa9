#include "app/booking_service.hpp"

#include <algorithm>
#include <set>

#include "app/crypto.hpp"
#include "app/log.hpp"
#include "slotpay/json.hpp"
#include "slotpay/time.hpp"
#include "stripe/request_blocking.hpp"
#include "stripe/webhook_signature.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

json run_core(const char* op, const json& request) {
  Response r = slotpay::run(op, request.dump());
  json out = json::parse(r.body, nullptr, false);
  if (out.is_discarded())
    return json{
        {"error",
         {{"code", "internal_error"}, {"field", ""}, {"message", "core answered non-JSON"}}}};
  return out;
}

std::string str_or(const json& j, const char* key, const std::string& dflt = "") {
  if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return dflt;
}
int64_t int_or(const json& j, const char* key, int64_t dflt = 0) {
  if (j.is_object() && j.contains(key) && j[key].is_number_integer()) return j[key].get<int64_t>();
  return dflt;
}

ApiError core_error(const json& doc) {
  const json& e = doc["error"];
  return ApiError{str_or(e, "code", "internal_error"), str_or(e, "field"), str_or(e, "message"),
                  nullptr};
}

bool is_hold(BookingStatus s) {
  return s == BookingStatus::kHeld || s == BookingStatus::kAwaitingPayment;
}

// Local dates "YYYY-MM-DD" shifted by `days`; "" when the text is not a date.
std::string shift_date(std::string_view text, int days) {
  auto d = slotpay::parse_local_date(text.substr(0, 10));
  if (!d) return "";
  return slotpay::format_local_date(slotpay::civil_from_days(slotpay::days_from_civil(*d) + days));
}

// Only bookings near the dates in question matter to the core: a booking starting
// more than two days before `lo` or after `hi` cannot overlap a slot in [lo, hi]
// (services, buffers and zone offsets are all far shorter). Empty bounds: all.
struct DateWindow {
  std::string lo, hi;
  bool contains(const std::string& start) const {
    if (lo.empty() || hi.empty() || start.size() < 10) return true;
    std::string day = start.substr(0, 10);
    return day >= lo && day <= hi;
  }
};
DateWindow window_around(std::string_view from, std::string_view to) {
  return DateWindow{shift_date(from, -2), shift_date(to, 2)};
}

// The core's bookings/holds arrays from the live bookings, minus `exclude`.
void split_live(const std::vector<BookingRecord>& live, const std::string& exclude, json& bookings,
                json& holds, const DateWindow& window = {}) {
  bookings = json::array();
  holds = json::array();
  for (const auto& b : live) {
    if (b.id == exclude) continue;
    json bj = json::parse(b.booking_json, nullptr, false);
    if (!bj.is_object()) continue;
    if (!window.contains(str_or(bj, "start"))) continue;
    (b.status == BookingStatus::kConfirmed ? bookings : holds).push_back(std::move(bj));
  }
}

// Fields of a booking request the server passes to the core. Anything that looks
// like an amount is ignored (the server's quote is the only price); other unknown
// fields are refused.
const std::set<std::string> kBookingFields = {"service", "staff",  "start", "quantity",
                                              "addons",  "coupon", "tip",   "customer"};
const std::set<std::string> kIgnoredAmountFields = {
    "amount", "price",           "total",    "due_now", "due_later", "subtotal", "discount",
    "tax",    "application_fee", "currency", "quote",   "lines",     "payment",  "min_charge"};

struct Validated {
  json quote;
  json booking;  // the core's {"service","staff","start","end","quantity"}
};

// The core's validate against the catalog, the live bookings (confirmed ones as
// `bookings`, unexpired holds as `holds`) and now. Run inside the store's write
// transaction, so the capacity it sees cannot change before the insert.
std::variant<Validated, ApiError> validate_booking(const json& catalog, const std::string& now,
                                                   const std::vector<BookingRecord>& live,
                                                   const std::string& exclude_id,
                                                   const json& booking_request) {
  json bookings, holds;
  std::string start = str_or(booking_request, "start");
  split_live(live, exclude_id, bookings, holds, window_around(start, start));
  json req = {{"catalog", catalog},
              {"now", now},
              {"bookings", bookings},
              {"holds", holds},
              {"booking", booking_request}};
  json resp = run_core("validate", req);
  if (resp.contains("error")) return core_error(resp);
  if (resp.value("ok", false) != true) {
    json errors = resp.contains("errors") ? resp["errors"] : json::array();
    ApiError e{"validation_failed", "", "the booking is not valid", errors};
    if (errors.is_array() && !errors.empty()) {
      e.code = str_or(errors[0], "code", "validation_failed");
      e.field = str_or(errors[0], "field");
      e.message = str_or(errors[0], "message");
    }
    return e;
  }
  if (!resp.contains("quote") || !resp["quote"].is_object() || !resp.contains("booking") ||
      !resp["booking"].is_object())
    return ApiError{"internal_error", "", "the core's validate answer lacks quote or booking",
                    nullptr};
  return Validated{resp["quote"], resp["booking"]};
}

}  // namespace

BookingService::BookingService(ServiceConfig config, BookingStore& store, StripeClient& stripe,
                               const Clock& clock, Metrics& metrics)
    : config_(std::move(config)),
      store_(store),
      stripe_(stripe),
      clock_(clock),
      metrics_(metrics) {}

BookingService::~BookingService() { stop_background(); }

std::optional<Merchant> BookingService::merchant(const std::string& id) {
  return store_.merchant(id);
}

std::string BookingService::merchant_of_booking(const std::string& booking_id) {
  auto b = store_.booking(booking_id);
  return b ? b->merchant_id : "";
}

AppResult BookingService::catalog(const std::string& merchant_id) {
  auto m = store_.merchant(merchant_id);
  if (!m) return AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr});
  ojson cat = ojson::parse(m->catalog_json, nullptr, false);
  ojson body;
  body["catalog"] = cat;
  body["online_payments"] = m->charges_enabled;
  return AppResult::ok(body);
}

AppResult BookingService::availability(const std::string& merchant_id,
                                       const std::map<std::string, std::string>& query) {
  auto m = store_.merchant(merchant_id);
  if (!m) return AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr});
  for (const char* required : {"service", "from", "to"})
    if (!query.count(required) || query.at(required).empty())
      return AppResult::fail(
          {"missing_field", required, std::string(required) + " is required", nullptr});
  for (const auto& [k, v] : query)
    if (v.size() > 64) return AppResult::fail({"invalid_field", k, "value too long", nullptr});
  int64_t now = clock_.now_ms();
  json bookings, holds;
  DateWindow w = window_around(query.at("from"), query.at("to"));
  split_live(store_.live_bookings(merchant_id, now, w.lo, w.hi), "", bookings, holds, w);
  json req = {
      {"catalog", json::parse(m->catalog_json)},
      {"service", query.at("service")},
      {"staff", query.count("staff") && !query.at("staff").empty() ? query.at("staff") : "any"},
      {"from", query.at("from")},
      {"to", query.at("to")},
      {"now", rfc3339_utc(now)},
      {"bookings", bookings},
      {"holds", holds}};
  Response r = slotpay::run("availability", req.dump());
  ojson resp = ojson::parse(r.body, nullptr, false);
  if (resp.is_discarded())
    return AppResult::fail({"internal_error", "", "core answered non-JSON", nullptr});
  if (resp.contains("error")) {
    const auto& e = resp["error"];
    return AppResult::fail(
        {e.value("code", "internal_error"), e.value("field", ""), e.value("message", ""), nullptr});
  }
  return AppResult::ok(resp);
}

ojson BookingService::booking_view(const BookingRecord& b, const Merchant* m) {
  ojson v;
  v["id"] = b.id;
  v["merchant_id"] = b.merchant_id;
  v["status"] = to_string(b.status);
  v["booking"] = ojson::parse(b.booking_json, nullptr, false);
  ojson req = ojson::parse(b.request_json, nullptr, false);
  if (req.is_object() && req.contains("customer")) v["customer"] = req["customer"];
  v["quote"] = ojson::parse(b.quote_json, nullptr, false);
  v["payment_mode"] = b.payment_mode;
  v["amount"] = b.amount;
  v["currency"] = b.currency;
  v["hold_expires_at"] = b.hold_expires_at_ms > 0 && is_hold(b.status)
                             ? ojson(rfc3339_utc(b.hold_expires_at_ms))
                             : ojson(nullptr);
  v["paid_amount"] = b.paid_amount;
  v["refunded_amount"] = b.refunded_amount;
  v["refund_pending"] = b.refund_pending;
  v["disputed"] = b.disputed;
  if (b.payment_mode == "stripe") {
    ojson p;
    p["payment_intent"] = b.payment_intent_id.empty() ? ojson(nullptr) : ojson(b.payment_intent_id);
    // The client secret is handed to the token holder only while payment is possible.
    if (b.status == BookingStatus::kAwaitingPayment && !b.client_secret.empty())
      p["client_secret"] = b.client_secret;
    p["publishable_key"] = config_.publishable_key;
    p["stripe_account"] = m ? ojson(m->stripe_account) : ojson(b.stripe_account);
    v["payment"] = p;
  }
  return v;
}

StripeResponse BookingService::create_payment_intent(const BookingRecord& b) {
  ojson params;
  params["amount"] = b.amount;
  params["currency"] = b.currency;
  // A direct charge's fee must be positive and below the amount (FACTS.md 3.2).
  if (!b.stripe_account.empty() && b.application_fee > 0 && b.application_fee < b.amount)
    params["application_fee_amount"] = b.application_fee;
  params["automatic_payment_methods"]["enabled"] = true;
  params["description"] = "Slotpay booking " + b.id;
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["merchant_id"] = b.merchant_id;
  return request_blocking(stripe_, "POST", "/v1/payment_intents", params,
                          {"create_payment_intent", b.stripe_account, b.idempotency_key});
}

AppResult BookingService::create_booking(const std::string& merchant_id, const json& body) {
  if (!body.is_object())
    return AppResult::fail({"invalid_json", "", "the request body must be a JSON object", nullptr});
  json booking_request = json::object();
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (kBookingFields.count(it.key()))
      booking_request[it.key()] = it.value();
    else if (!kIgnoredAmountFields.count(it.key()))
      return AppResult::fail({"unknown_field", it.key(), "unknown field", nullptr});
  }
  if (!booking_request.contains("staff")) booking_request["staff"] = "any";
  if (!booking_request.contains("quantity")) booking_request["quantity"] = 1;

  auto m = store_.merchant(merchant_id);
  if (!m) return AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr});
  json catalog = json::parse(m->catalog_json, nullptr, false);
  if (!catalog.is_object())
    return AppResult::fail({"internal_error", "", "stored catalog unreadable", nullptr});

  const int64_t now = clock_.now_ms();
  const std::string now_text = rfc3339_utc(now);
  const std::string token = random_hex(32);
  BookingRecord rec;
  rec.id = "bk_" + random_hex(12);
  rec.merchant_id = merchant_id;
  rec.request_json = booking_request.dump();
  rec.access_token_hash = sha256_hex(token);
  rec.stripe_account = m->stripe_account;
  rec.created_at_ms = rec.updated_at_ms = now;

  std::optional<ApiError> failure;
  store_.transact([&](BookingTx& tx) {
    DateWindow w =
        window_around(str_or(booking_request, "start"), str_or(booking_request, "start"));
    auto live = tx.live_bookings(merchant_id, now, w.lo, w.hi);
    auto v = validate_booking(catalog, now_text, live, "", booking_request);
    if (auto* e = std::get_if<ApiError>(&v)) {
      failure = *e;
      return false;
    }
    auto& ok = std::get<Validated>(v);
    rec.booking_json = ok.booking.dump();
    rec.quote_json = ok.quote.dump();
    rec.currency = str_or(ok.quote, "currency");
    rec.amount = int_or(ok.quote, "due_now");
    rec.application_fee = int_or(ok.quote, "application_fee");
    std::string mode = str_or(ok.quote, "payment", "stripe");
    bool online = mode == "stripe" && rec.amount > 0;
    if (online && !m->charges_enabled) {
      failure = ApiError{"payments_unavailable", "",
                         "this merchant cannot take online payments yet", nullptr};
      return false;
    }
    rec.payment_mode = online ? "stripe" : mode;
    if (online) {
      rec.status = BookingStatus::kHeld;
      rec.hold_expires_at_ms = now + config_.hold_ms;
      // Stored before the call so a retry or a restart replays the same request.
      rec.idempotency_key = "booking_" + rec.id + "_create_pi";
    } else {
      rec.status = BookingStatus::kConfirmed;
      rec.amount = 0;
    }
    tx.insert_booking(rec);
    return true;
  });
  if (failure) {
    metrics_.count("slotpay_booking_rejections_total", "code=\"" + failure->code + "\"");
    return AppResult::fail(*failure);
  }
  metrics_.count("slotpay_bookings_created_total", "payment=\"" + rec.payment_mode + "\"");

  if (rec.status == BookingStatus::kHeld) {
    StripeResponse pi = create_payment_intent(rec);
    if (!pi.ok || str_or(pi.body, "id").empty()) {
      // Capacity comes back; if Stripe did create the intent (a lost response),
      // nobody holds its client secret, and a late success is refunded or confirmed
      // by the webhook handler.
      store_.transact([&](BookingTx& tx) {
        auto cur = tx.booking(rec.id);
        if (!cur || cur->status != BookingStatus::kHeld) return false;
        cur->status = BookingStatus::kPaymentFailed;
        cur->updated_at_ms = clock_.now_ms();
        tx.update_booking(*cur);
        return true;
      });
      log_warn("payment intent create failed", {{"booking", rec.id},
                                                {"stripe_status", pi.http_status},
                                                {"stripe_type", pi.error.type},
                                                {"stripe_code", pi.error.code},
                                                {"attempts", pi.attempts}});
      // No answer, 5xx, 429, or 409 (the same key still in progress at Stripe) after retries:
      // transient, try again. Other 4xx: Stripe refused this request.
      bool unavailable = pi.http_status == 0 || pi.http_status >= 500 || pi.http_status == 429 ||
                         pi.http_status == 409;
      ApiError e{unavailable ? "stripe_unavailable" : "stripe_error", pi.error.param,
                 unavailable ? "the payment provider is unavailable, please try again"
                             : "the payment provider refused the payment: " + pi.error.message,
                 json{{"stripe_type", pi.error.type}, {"stripe_code", pi.error.code}}};
      return AppResult::fail(e);
    }
    std::string pi_id = str_or(pi.body, "id");
    std::string secret = str_or(pi.body, "client_secret");
    store_.transact([&](BookingTx& tx) {
      auto cur = tx.booking(rec.id);
      if (!cur) return false;
      if (cur->payment_intent_id.empty()) cur->payment_intent_id = pi_id;
      if (cur->client_secret.empty()) cur->client_secret = secret;
      if (cur->status == BookingStatus::kHeld) cur->status = BookingStatus::kAwaitingPayment;
      cur->updated_at_ms = clock_.now_ms();
      tx.update_booking(*cur);
      rec = *cur;
      return true;
    });
  }
  ojson out;
  out["booking"] = booking_view(rec, &*m);
  out["access_token"] = token;
  return AppResult::ok(out, 201);
}

namespace {
std::optional<BookingRecord> authorised_booking(BookingStore& store, const std::string& id,
                                                const std::string& token) {
  if (id.size() > 64 || token.empty() || token.size() > 128) return std::nullopt;
  auto b = store.booking(id);
  if (!b) return std::nullopt;
  if (!constant_time_equal(sha256_hex(token), b->access_token_hash)) return std::nullopt;
  return b;
}
}  // namespace

AppResult BookingService::status(const std::string& booking_id, const std::string& token) {
  auto b = authorised_booking(store_, booking_id, token);
  // Same answer for "no such booking" and "wrong token": ids cannot be probed.
  if (!b)
    return AppResult::fail({"booking_not_found", "", "no such booking for this token", nullptr});
  auto m = store_.merchant(b->merchant_id);
  ojson body;
  body["booking"] = booking_view(*b, m ? &*m : nullptr);
  return AppResult::ok(body);
}

AppResult BookingService::cancel(const std::string& booking_id, const std::string& token) {
  auto b = authorised_booking(store_, booking_id, token);
  if (!b)
    return AppResult::fail({"booking_not_found", "", "no such booking for this token", nullptr});
  auto m = store_.merchant(b->merchant_id);
  if (!m) return AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr});
  const int64_t now = clock_.now_ms();

  json policy;  // the core's verdict for a paid booking
  if (b->status == BookingStatus::kConfirmed && b->payment_mode == "stripe" && b->paid_amount > 0) {
    json bj = json::parse(b->booking_json, nullptr, false);
    json req = {
        {"catalog", json::parse(m->catalog_json)},
        {"now", rfc3339_utc(now)},
        {"booking",
         {{"service", str_or(bj, "service")},
          {"start", str_or(bj, "start")},
          {"paid", {{"amount", b->paid_amount}, {"currency", b->currency}}},
          {"application_fee", b->application_fee},
          {"deposit", int_or(json::parse(b->quote_json, nullptr, false), "due_later") > 0}}}};
    policy = run_core("cancel", req);
    if (policy.contains("error")) return AppResult::fail(core_error(policy));
  }

  std::optional<ApiError> failure;
  BookingRecord after;
  store_.transact([&](BookingTx& tx) {
    auto cur = tx.booking(booking_id);
    if (!cur) return false;
    switch (cur->status) {
      case BookingStatus::kCancelled:
        after = *cur;
        return false;  // already cancelled: same answer again
      case BookingStatus::kExpired:
      case BookingStatus::kPaymentFailed:
        failure = ApiError{"not_cancellable", "",
                           std::string("the booking is ") + to_string(cur->status), nullptr};
        return false;
      case BookingStatus::kHeld:
      case BookingStatus::kAwaitingPayment:
        cur->status = BookingStatus::kCancelled;
        cur->pi_cancel_pending = !cur->payment_intent_id.empty() || !cur->idempotency_key.empty();
        break;
      case BookingStatus::kConfirmed:
        if (cur->paid_amount != b->paid_amount) {
          failure = ApiError{"conflict", "", "the booking changed, try again", nullptr};
          return false;
        }
        cur->status = BookingStatus::kCancelled;
        if (!policy.is_null()) {
          cur->refund_amount = int_or(policy, "refund");
          cur->refund_application_fee = policy.value("refund_application_fee", false);
          cur->refund_reason = "customer_cancel";
          cur->refund_pending = cur->refund_amount > 0;
        }
        break;
    }
    cur->updated_at_ms = now;
    tx.update_booking(*cur);
    after = *cur;
    return true;
  });
  if (failure) return AppResult::fail(*failure);
  metrics_.count("slotpay_bookings_cancelled_total", "");
  if (after.pi_cancel_pending) cancel_payment_intent_at_stripe(after);
  if (after.refund_pending) issue_refund(after);
  auto fresh = store_.booking(booking_id);
  ojson body;
  body["booking"] = booking_view(fresh ? *fresh : after, &*m);
  if (!policy.is_null()) body["cancellation"] = policy;
  return AppResult::ok(body);
}

void BookingService::cancel_payment_intent_at_stripe(const BookingRecord& b0) {
  BookingRecord b = b0;
  if (b.payment_intent_id.empty()) {
    if (b.idempotency_key.empty()) return;
    // The create may or may not have reached Stripe: re-issue it with the stored key
    // (Stripe replays the original if there was one), then cancel what comes back.
    StripeResponse created = create_payment_intent(b);
    if (!created.ok) {
      if (created.http_status >= 400 && created.http_status < 500 && created.http_status != 409 &&
          created.http_status != 429) {
        store_.transact([&](BookingTx& tx) {
          auto cur = tx.booking(b.id);
          if (!cur) return false;
          cur->pi_cancel_pending = false;
          tx.update_booking(*cur);
          return true;
        });
      }
      return;  // network trouble: the next pass retries
    }
    b.payment_intent_id = str_or(created.body, "id");
    store_.transact([&](BookingTx& tx) {
      auto cur = tx.booking(b.id);
      if (!cur) return false;
      if (cur->payment_intent_id.empty()) cur->payment_intent_id = b.payment_intent_id;
      tx.update_booking(*cur);
      return true;
    });
  }
  StripeResponse r = request_blocking(
      stripe_, "POST", "/v1/payment_intents/" + b.payment_intent_id + "/cancel", ojson::object(),
      {"cancel_payment_intent", b.stripe_account, "booking_" + b.id + "_cancel_pi"});
  bool done = r.ok || (r.http_status >= 400 && r.http_status < 500 && r.http_status != 409 &&
                       r.http_status != 429);
  if (!r.ok)
    log_warn("payment intent cancel failed",
             {{"booking", b.id}, {"stripe_status", r.http_status}, {"stripe_code", r.error.code}});
  if (done) {
    store_.transact([&](BookingTx& tx) {
      auto cur = tx.booking(b.id);
      if (!cur) return false;
      cur->pi_cancel_pending = false;
      cur->updated_at_ms = clock_.now_ms();
      tx.update_booking(*cur);
      return true;
    });
  }
}

void BookingService::issue_refund(const BookingRecord& b) {
  if (b.payment_intent_id.empty() || b.refund_amount <= 0) return;
  ojson params;
  params["payment_intent"] = b.payment_intent_id;
  params["amount"] = b.refund_amount;
  params["refund_application_fee"] = b.refund_application_fee;
  if (b.refund_reason == "customer_cancel") params["reason"] = "requested_by_customer";
  params["metadata"]["booking_id"] = b.id;
  params["metadata"]["reason"] = b.refund_reason;
  StripeResponse r =
      request_blocking(stripe_, "POST", "/v1/refunds", params,
                       {"create_refund", b.stripe_account, "booking_" + b.id + "_refund"});
  bool permanent_failure = !r.ok && r.http_status >= 400 && r.http_status < 500 &&
                           r.http_status != 409 && r.http_status != 429;
  if (!r.ok) {
    log_error("refund failed", {{"booking", b.id},
                                {"stripe_status", r.http_status},
                                {"stripe_code", r.error.code},
                                {"permanent", permanent_failure}});
    if (!permanent_failure) return;  // retried by the next maintenance pass
  }
  store_.transact([&](BookingTx& tx) {
    auto cur = tx.booking(b.id);
    if (!cur) return false;
    cur->refund_pending = false;
    if (r.ok) {
      cur->refund_id = str_or(r.body, "id");
      cur->refunded_amount =
          std::max(cur->refunded_amount, int_or(r.body, "amount", b.refund_amount));
    }
    cur->updated_at_ms = clock_.now_ms();
    tx.update_booking(*cur);
    return true;
  });
  metrics_.count("slotpay_refunds_total", std::string("result=\"") + (r.ok ? "ok" : "failed") +
                                              "\",reason=\"" + b.refund_reason + "\"");
}

AppResult BookingService::webhook(const std::string& raw_body,
                                  const std::string& signature_header) {
  const int64_t now = clock_.now_ms();
  SignatureVerdict verdict = verify_stripe_signature(
      raw_body, signature_header, config_.webhook_secret, now / 1000, kWebhookToleranceSeconds);
  if (!verdict.ok) {
    metrics_.count("slotpay_webhooks_total", "result=\"bad_signature\"");
    return AppResult::fail({"invalid_signature", "Stripe-Signature", verdict.error, nullptr});
  }
  json event = json::parse(raw_body, nullptr, false);
  if (!event.is_object() || str_or(event, "id").empty() || str_or(event, "type").empty() ||
      !event.contains("data") || !event["data"].is_object() || !event["data"].contains("object") ||
      !event["data"]["object"].is_object())
    return AppResult::fail({"invalid_event", "", "not a Stripe event", nullptr});
  const std::string type = str_or(event, "type");
  const std::string account = str_or(event, "account");
  const json& obj = event["data"]["object"];
  StripeEventRecord rec{str_or(event, "id"), type, account, str_or(obj, "id"), now};

  // The booking an object refers to: metadata.booking_id, else its PaymentIntent.
  auto find_booking = [&](BookingTx& tx) -> std::optional<BookingRecord> {
    std::string booking_id = obj.contains("metadata") ? str_or(obj["metadata"], "booking_id") : "";
    if (!booking_id.empty())
      if (auto b = tx.booking(booking_id)) return b;
    std::string pi =
        type.rfind("payment_intent.", 0) == 0 ? str_or(obj, "id") : str_or(obj, "payment_intent");
    return tx.booking_by_payment_intent(pi);
  };

  bool duplicate = false;
  std::string action = "recorded";
  std::optional<BookingRecord> refund_now, cancel_now;
  json catalog;
  if (type == "payment_intent.succeeded") {
    // Needs the catalog for a possible re-validation.
    std::string booking_id = obj.contains("metadata") ? str_or(obj["metadata"], "booking_id") : "";
    if (auto b0 = store_.booking(booking_id))
      if (auto m = store_.merchant(b0->merchant_id))
        catalog = json::parse(m->catalog_json, nullptr, false);
  }

  store_.transact([&](BookingTx& tx) {
    if (!tx.record_event(rec)) {
      duplicate = true;
      return false;
    }
    auto b = find_booking(tx);
    if (type == "account.updated") {
      if (obj.contains("charges_enabled") && obj["charges_enabled"].is_boolean())
        tx.set_charges_enabled(str_or(obj, "id"), obj["charges_enabled"].get<bool>());
      return true;
    }
    if (!b) {
      if (type.rfind("payment_intent.", 0) == 0 || type.rfind("charge.", 0) == 0)
        action = "no_booking";
      return true;
    }
    if (!b->stripe_account.empty() && account != b->stripe_account &&
        type.rfind("payment_intent.", 0) == 0) {
      action = "account_mismatch";
      log_error("webhook account mismatch", {{"event", rec.id}, {"booking", b->id}});
      return true;
    }
    BookingRecord cur = *b;
    cur.updated_at_ms = now;
    if (type == "payment_intent.succeeded") {
      int64_t amount = int_or(obj, "amount", -1);
      if (amount != cur.amount || str_or(obj, "currency") != cur.currency ||
          (!cur.payment_intent_id.empty() && str_or(obj, "id") != cur.payment_intent_id)) {
        action = "amount_mismatch";
        log_error("payment does not match the booking", {{"event", rec.id}, {"booking", cur.id}});
        return true;
      }
      if (cur.payment_intent_id.empty()) cur.payment_intent_id = str_or(obj, "id");
      if (cur.paid_amount == 0) cur.paid_amount = int_or(obj, "amount_received", amount);
      bool hold_alive = is_hold(cur.status) && cur.hold_expires_at_ms > now;
      if (cur.status == BookingStatus::kConfirmed) {
        action = "already_confirmed";
      } else if (hold_alive) {
        cur.status = BookingStatus::kConfirmed;
        cur.pi_cancel_pending = false;
        action = "confirmed";
      } else if (cur.status == BookingStatus::kCancelled) {
        // Cancelled while the payment was in flight: give it all back.
        if (!cur.refund_pending && cur.refund_id.empty()) {
          cur.refund_pending = true;
          cur.refund_amount = cur.paid_amount;
          cur.refund_application_fee = true;
          cur.refund_reason = "cancelled_before_payment";
        }
        cur.pi_cancel_pending = false;
        action = "refund_cancelled";
      } else {
        // The hold expired (or the intent had failed before): keep the booking if
        // its slot is still free, else refund automatically.
        json req = json::parse(cur.request_json, nullptr, false);
        auto v = validate_booking(catalog, rfc3339_utc(now), tx.live_bookings(cur.merchant_id, now),
                                  cur.id, req);
        cur.pi_cancel_pending = false;
        if (std::holds_alternative<Validated>(v) && catalog.is_object()) {
          cur.status = BookingStatus::kConfirmed;
          action = "confirmed_late";
        } else {
          if (is_hold(cur.status)) cur.status = BookingStatus::kExpired;
          cur.refund_pending = true;
          cur.refund_amount = cur.paid_amount;
          cur.refund_application_fee = true;
          cur.refund_reason = "slot_gone";
          action = "refund_slot_gone";
        }
      }
      if (cur.refund_pending) refund_now = cur;
    } else if (type == "payment_intent.payment_failed") {
      if (is_hold(cur.status)) {
        cur.status = BookingStatus::kPaymentFailed;
        cur.pi_cancel_pending = !cur.payment_intent_id.empty();
        if (cur.pi_cancel_pending) cancel_now = cur;
        action = "payment_failed";
      }
    } else if (type == "payment_intent.canceled") {
      if (is_hold(cur.status)) {
        cur.status = BookingStatus::kExpired;
        action = "expired";
      }
      cur.pi_cancel_pending = false;
    } else if (type == "charge.refunded") {
      cur.refunded_amount = std::max(cur.refunded_amount, int_or(obj, "amount_refunded"));
      action = "refund_recorded";
    } else if (type == "charge.dispute.created") {
      cur.disputed = true;
      action = "dispute_recorded";
    }
    tx.update_booking(cur);
    return true;
  });
  metrics_.count("slotpay_webhooks_total",
                 "type=\"" + (type.size() < 64 ? type : std::string("other")) + "\",result=\"" +
                     (duplicate ? std::string("duplicate") : action) + "\"");
  log_info("webhook",
           {{"event", rec.id}, {"type", type}, {"duplicate", duplicate}, {"action", action}});
  if (refund_now) issue_refund(*refund_now);
  if (cancel_now) cancel_payment_intent_at_stripe(*cancel_now);
  ojson body;
  body["received"] = true;
  body["duplicate"] = duplicate;
  body["action"] = duplicate ? "none" : action;
  return AppResult::ok(body);
}

void BookingService::run_maintenance() {
  std::lock_guard<std::mutex> lock(maintenance_mu_);
  const int64_t now = clock_.now_ms();
  for (const auto& b0 : store_.bookings_needing_work(now)) {
    BookingRecord b = b0;
    if (is_hold(b.status) && b.hold_expires_at_ms <= now) {
      bool expired = false;
      store_.transact([&](BookingTx& tx) {
        auto cur = tx.booking(b.id);
        if (!cur || !is_hold(cur->status) || cur->hold_expires_at_ms > now) return false;
        cur->status = BookingStatus::kExpired;
        cur->pi_cancel_pending = !cur->payment_intent_id.empty() || !cur->idempotency_key.empty();
        cur->updated_at_ms = now;
        tx.update_booking(*cur);
        b = *cur;
        expired = true;
        return true;
      });
      if (expired) {
        metrics_.count("slotpay_holds_expired_total", "");
        log_info("hold expired", {{"booking", b.id}});
      }
    }
    if (b.pi_cancel_pending) cancel_payment_intent_at_stripe(b);
    if (b.refund_pending) issue_refund(b);
  }
}

void BookingService::recover_after_restart() {
  // A booking still `held` has no PaymentIntent recorded: the process stopped between
  // the hold and the end of the create call, so no client got this booking's answer.
  for (const auto& b : store_.bookings_with_status(BookingStatus::kHeld)) {
    store_.transact([&](BookingTx& tx) {
      auto cur = tx.booking(b.id);
      if (!cur || cur->status != BookingStatus::kHeld) return false;
      cur->status = BookingStatus::kExpired;
      cur->pi_cancel_pending = !cur->idempotency_key.empty();
      cur->updated_at_ms = clock_.now_ms();
      tx.update_booking(*cur);
      return true;
    });
    log_info("recovered interrupted booking", {{"booking", b.id}});
  }
  run_maintenance();
}

void BookingService::start_background() {
  bg_thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(bg_mu_);
    while (!bg_stop_) {
      bg_cv_.wait_for(lock, std::chrono::milliseconds(config_.expiry_interval_ms));
      if (bg_stop_) break;
      lock.unlock();
      try {
        run_maintenance();
      } catch (const std::exception& e) {
        log_error("maintenance failed", {{"error", e.what()}});
      }
      lock.lock();
    }
  });
}

void BookingService::stop_background() {
  {
    std::lock_guard<std::mutex> lock(bg_mu_);
    bg_stop_ = true;
  }
  bg_cv_.notify_all();
  if (bg_thread_.joinable()) bg_thread_.join();
}

std::string BookingService::booking_gauges() {
  std::string out = "# HELP slotpay_bookings Bookings by state.\n# TYPE slotpay_bookings gauge\n";
  auto counts = store_.count_by_status();
  for (auto st :
       {BookingStatus::kHeld, BookingStatus::kAwaitingPayment, BookingStatus::kConfirmed,
        BookingStatus::kExpired, BookingStatus::kPaymentFailed, BookingStatus::kCancelled}) {
    auto it = counts.find(to_string(st));
    out += std::string("slotpay_bookings{state=\"") + to_string(st) + "\"} " +
           std::to_string(it == counts.end() ? 0 : it->second) + "\n";
  }
  out +=
      "# HELP slotpay_stripe_events_recorded Webhook events recorded.\n# TYPE "
      "slotpay_stripe_events_recorded gauge\n";
  out += "slotpay_stripe_events_recorded " + std::to_string(store_.count_events()) + "\n";
  return out;
}

}  // namespace slotpay::server
