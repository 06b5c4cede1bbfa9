// The error table, error bodies, strict JSON parsing and the rate limiter.
#include <catch2/catch.hpp>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/rate_limiter.hpp"

using namespace slotpay::server;

TEST_CASE("error codes map to HTTP statuses through one table", "[http]") {
  CHECK(http_status_for("invalid_json") == 400);
  CHECK(http_status_for("missing_field") == 400);
  CHECK(http_status_for("booking_not_found") == 404);
  CHECK(http_status_for("slot_unavailable") == 409);
  CHECK(http_status_for("capacity_exceeded") == 409);
  CHECK(http_status_for("invalid_email") == 422);
  CHECK(http_status_for("too_soon") == 422);
  CHECK(http_status_for("rate_limited") == 429);
  CHECK(http_status_for("invalid_signature") == 400);
  CHECK(http_status_for("stripe_error") == 502);
  CHECK(http_status_for("stripe_unavailable") == 503);
  CHECK(http_status_for("payload_too_large") == 413);
  CHECK(http_status_for("something_new") == 500);
}

TEST_CASE("error body shape", "[http]") {
  auto b = error_body({"invalid_email", "booking.customer.email", "bad email", nullptr});
  CHECK(
      b.dump() ==
      R"({"error":{"code":"invalid_email","field":"booking.customer.email","message":"bad email"}})");
  auto many = error_body({"invalid_email", "f", "m", nlohmann::json::array({{{"code", "x"}}})});
  CHECK(many["errors"].size() == 1);
}

TEST_CASE("strict JSON bodies", "[http]") {
  nlohmann::json out;
  CHECK_FALSE(parse_strict_json(R"({"a":1,"b":{"c":[1,2]}})", out));
  CHECK(out["b"]["c"][1] == 2);
  CHECK(parse_strict_json(R"({"a":1,"a":2})", out)->code == "invalid_json");
  CHECK(parse_strict_json(R"({"a":{"b":1,"b":1}})", out)->code == "invalid_json");
  CHECK_FALSE(
      parse_strict_json(R"([{"b":1},{"b":1}])", out));  // same key in sibling objects is fine
  CHECK(parse_strict_json(R"({"a":1} x)", out)->code == "invalid_json");
  CHECK(parse_strict_json(R"({"a":1 /* c */})", out)->code == "invalid_json");
  CHECK(parse_strict_json(R"({"a":NaN})", out)->code == "invalid_json");
  CHECK(parse_strict_json("", out)->code == "invalid_json");
  CHECK(parse_strict_json(std::string(70000, ' '), out)->code == "input_too_large");
  CHECK(parse_strict_json(std::string(40, '[') + std::string(40, ']'), out)->code ==
        "input_too_large");
}

TEST_CASE("rate limiter: burst, refill, separate keys, disabled", "[http]") {
  RateLimiter rl(60, 3);  // one per second, burst 3
  CHECK(rl.allow("a", 0));
  CHECK(rl.allow("a", 0));
  CHECK(rl.allow("a", 0));
  CHECK_FALSE(rl.allow("a", 0));
  CHECK(rl.allow("b", 0));
  CHECK_FALSE(rl.allow("a", 500));
  CHECK(rl.allow("a", 1000));
  RateLimiter off(0, 0);
  for (int i = 0; i < 100; ++i) CHECK(off.allow("x", 0));
}
