// Issue #11 item 7, the new pure decisions around merchant webhooks: which events a
// booking change causes, the endpoint requests (URL refusals with their field), the
// event body, the log's response excerpt, the retry policy scaled for tests.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "app/hook_events.hpp"
#include "app/hook_worker.hpp"
#include "app/webhook_requests.hpp"
#include "hooks/delivery_client.hpp"

using namespace slotpay::server;
using Types = std::vector<std::string>;

namespace {

nlohmann::json arr(std::initializer_list<const char*> items) {
  auto a = nlohmann::json::array();
  for (const char* i : items) a.push_back(i);
  return a;
}

BookingRecord record(BookingStatus status) {
  BookingRecord b;
  b.id = "bk_1";
  b.merchant_id = "m1";
  b.status = status;
  b.mode = "test";
  b.customer = {"Zoë \"Z\" Doe", "zoe@example.com", std::nullopt};
  b.slot.service = "cut";
  b.slot.start = slotpay::Instant{1'796'137'200};
  b.slot.end = slotpay::Instant{1'796'139'000};
  b.slot.quantity = 1;
  b.amount = 4500;
  b.created_at_ms = 1'700'000'000'000;
  return b;
}

std::string refusal(const nlohmann::json& body, bool create = true, bool loopback = false) {
  auto parsed = parse_webhook_endpoint(body, create, hooks::EndpointRules{loopback});
  auto* e = std::get_if<ApiError>(&parsed);
  return e ? e->code + "@" + e->field : "";
}

}  // namespace

TEST_CASE("webhook events: what a booking change causes", "[hooks]") {
  auto held = record(BookingStatus::kHeld);
  CHECK(hook_events_for_change(nullptr, held) == Types{"booking.created"});
  auto free_confirmed = record(BookingStatus::kConfirmed);
  CHECK(hook_events_for_change(nullptr, free_confirmed) ==
        Types{"booking.created", "booking.confirmed"});
  auto awaiting = record(BookingStatus::kAwaitingPayment);
  CHECK(hook_events_for_change(&held, awaiting).empty());
  CHECK(hook_events_for_change(&awaiting, free_confirmed) == Types{"booking.confirmed"});
  CHECK(hook_events_for_change(&free_confirmed, free_confirmed).empty());
  auto cancelled = record(BookingStatus::kCancelled);
  CHECK(hook_events_for_change(&free_confirmed, cancelled) == Types{"booking.cancelled"});
  auto completed = record(BookingStatus::kCompleted);
  CHECK(hook_events_for_change(&free_confirmed, completed) == Types{"booking.completed"});
  // A refund, then another: each raises the refunded amount.
  auto refunded = free_confirmed;
  refunded.refunded_amount = 1000;
  CHECK(hook_events_for_change(&free_confirmed, refunded) == Types{"booking.refunded"});
  auto more = refunded;
  more.refunded_amount = 1500;
  CHECK(hook_events_for_change(&refunded, more) == Types{"booking.refunded"});
  CHECK(hook_events_for_change(&more, refunded).empty());
  // Disputed once: later dispute updates cause nothing more.
  auto disputed = free_confirmed;
  disputed.disputed = true;
  CHECK(hook_events_for_change(&free_confirmed, disputed) == Types{"booking.disputed"});
  CHECK(hook_events_for_change(&disputed, disputed).empty());
  // Cancelled with its refund in one change: both, in that order.
  auto cancelled_refunded = cancelled;
  cancelled_refunded.refunded_amount = 4500;
  CHECK(hook_events_for_change(&free_confirmed, cancelled_refunded) ==
        Types{"booking.cancelled", "booking.refunded"});
}

TEST_CASE("webhook events: the body sent", "[hooks]") {
  auto b = record(BookingStatus::kConfirmed);
  b.paid_amount = 4500;
  auto text = hook_event_payload("evt_1", "booking.confirmed", 1'700'000'123'456, b, nullptr);
  auto j = nlohmann::json::parse(text);
  CHECK(j["id"] == "evt_1");
  CHECK(j["type"] == "booking.confirmed");
  CHECK(j["created"] == 1'700'000'123);
  CHECK(j["livemode"] == false);
  CHECK(j["data"]["booking"]["id"] == "bk_1");
  CHECK(j["data"]["booking"]["status"] == "confirmed");
  CHECK(j["data"]["booking"]["customer"]["name"] == "Zoë \"Z\" Doe");
  CHECK(j["data"]["booking"]["booking"]["service"] == "cut");
  CHECK(j["data"]["booking"]["paid_amount"] == 4500);
  HookEndpoint e;
  e.events = {"booking.created"};
  CHECK(endpoint_wants(e, "booking.created"));
  CHECK_FALSE(endpoint_wants(e, "booking.confirmed"));
}

TEST_CASE("webhook endpoints: requests and their refusals", "[hooks]") {
  nlohmann::json ok = {{"url", "https://hooks.example.com/slotpay"},
                       {"events", arr({"booking.created", "booking.refunded"})}};
  auto parsed = parse_webhook_endpoint(ok, true, {});
  REQUIRE(std::holds_alternative<WebhookEndpointChange>(parsed));
  auto change = std::get<WebhookEndpointChange>(parsed);
  CHECK(*change.url == "https://hooks.example.com/slotpay");
  CHECK(*change.events == Types{"booking.created", "booking.refunded"});
  CHECK_FALSE(change.enabled);

  CHECK(refusal({{"events", arr({"booking.created"})}}) == "missing_field@url");
  CHECK(refusal({{"url", "https://hooks.example.com/"}}) == "missing_field@events");
  CHECK(refusal({{"url", "http://hooks.example.com/"}, {"events", arr({"booking.created"})}}) ==
        "https_required@url");
  CHECK(refusal({{"url", "https://10.0.0.5/h"}, {"events", arr({"booking.created"})}}) ==
        "forbidden_host@url");
  CHECK(refusal({{"url", "https://169.254.169.254/latest"},
                 {"events", arr({"booking.created"})}}) == "forbidden_host@url");
  CHECK(refusal({{"url", "http://127.0.0.1:9/h"}, {"events", arr({"booking.created"})}}) ==
        "forbidden_host@url");
  // Loopback over http only when the server allows it (tests, demo).
  CHECK(refusal({{"url", "http://127.0.0.1:9/h"}, {"events", arr({"booking.created"})}}, true, true)
            .empty());
  CHECK(refusal({{"url", 5}, {"events", arr({"booking.created"})}}) == "invalid_field@url");
  CHECK(refusal({{"url", "https://h.example.com/"}, {"events", arr({"booking.exploded"})}}) ==
        "invalid_field@events");
  CHECK(refusal({{"url", "https://h.example.com/"}, {"events", nlohmann::json::array()}}) ==
        "invalid_field@events");
  CHECK(refusal({{"url", "https://h.example.com/"},
                 {"events", arr({"booking.created", "booking.created"})}}) ==
        "invalid_field@events");
  CHECK(refusal({{"url", "https://h.example.com/"},
                 {"events", arr({"booking.created"})},
                 {"secret", "x"}}) == "unknown_field@secret");
  // enabled: only on an update.
  CHECK(refusal({{"url", "https://h.example.com/"},
                 {"events", arr({"booking.created"})},
                 {"enabled", false}}) == "unknown_field@enabled");
  CHECK(refusal({{"enabled", false}}, false).empty());
  CHECK(refusal({{"enabled", "no"}}, false) == "invalid_field@enabled");
  CHECK(refusal(nlohmann::json::array(), false) == "invalid_json@");

  CHECK(parse_page_limit("") == 20);
  CHECK(parse_page_limit("1") == 1);
  CHECK(parse_page_limit("100") == 100);
  CHECK_FALSE(parse_page_limit("0"));
  CHECK_FALSE(parse_page_limit("101"));
  CHECK_FALSE(parse_page_limit("5x"));
  CHECK_FALSE(parse_page_limit("-1"));
}

TEST_CASE("webhook endpoints: the view never shows the secret", "[hooks]") {
  HookEndpoint e;
  e.id = "we_1";
  e.url = "https://h.example.com/";
  e.events = {"booking.created"};
  e.secret_sealed = "sb1.SEALED";
  auto v = endpoint_view(e).dump();
  CHECK(v.find("SEALED") == std::string::npos);
  CHECK(v.find("secret") == std::string::npos);
}

TEST_CASE("webhook log: the response excerpt", "[hooks]") {
  using hooks::response_excerpt;
  CHECK(response_excerpt("ok") == "ok");
  CHECK(response_excerpt(std::string(5000, 'a')) == std::string(1024, 'a'));
  // Not valid UTF-8 or control bytes: replaced, so the log is always JSON text.
  CHECK(response_excerpt(std::string("a\xff\x01z", 4)) == "a??z");
  CHECK(response_excerpt("\xed\xa0\x80") == "???");  // a surrogate
  CHECK(response_excerpt("line\nnext\tx") == "line\nnext\tx");
  // A multi-byte character is never cut in half at the limit.
  std::string s(1023, 'a');
  s += "é";
  CHECK(response_excerpt(s) == std::string(1023, 'a'));
  auto mixed = response_excerpt(std::string("Zo\xc3\xab \xc0\xaf", 7));
  CHECK(mixed == "Zoë ??");
  CHECK_NOTHROW(nlohmann::json(mixed).dump());
}

TEST_CASE("webhook retries: the policy scaled for tests", "[hooks]") {
  hooks::DeliveryPolicy p;
  auto same = scaled_policy(p, 1.0);
  CHECK(same.first_delay_s == 60);
  CHECK(same.give_up_after_s == 259200);
  auto fast = scaled_policy(p, 0.01);
  CHECK(fast.first_delay_s == 1);  // never below a second
  CHECK(fast.max_delay_s == 216);
  CHECK(fast.give_up_after_s == 2592);
  CHECK(fast.attempt_timeout_s == p.attempt_timeout_s);
  CHECK(fast.disable_after_failed_events == p.disable_after_failed_events);
}
