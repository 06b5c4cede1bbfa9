// AvailabilityCache: answers live for their time to live, per key (which carries the
// catalog and bookings versions), within a byte budget.
#include "app/availability_cache.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

namespace {
std::shared_ptr<const std::string> text(size_t n, char c = 'x') {
  return std::make_shared<const std::string>(n, c);
}
}  // namespace

TEST_CASE("availability cache: keys carry the versions", "[availability_cache]") {
  auto k1 = AvailabilityCache::key("m1", 1, 7, "cut", "any", "2026-12-01", "2026-12-08");
  CHECK(k1 != AvailabilityCache::key("m1", 1, 8, "cut", "any", "2026-12-01", "2026-12-08"));
  CHECK(k1 != AvailabilityCache::key("m1", 2, 7, "cut", "any", "2026-12-01", "2026-12-08"));
  CHECK(k1 != AvailabilityCache::key("m1", 1, 7, "cut", "ana", "2026-12-01", "2026-12-08"));
  CHECK(k1 == AvailabilityCache::key("m1", 1, 7, "cut", "any", "2026-12-01", "2026-12-08"));
}

TEST_CASE("availability cache: an answer lives for its time to live", "[availability_cache]") {
  AvailabilityCache c(1000, 1 << 20);
  c.put("k", text(10), 5000);
  REQUIRE(c.get("k", 5000));
  CHECK(*c.get("k", 5999) == std::string(10, 'x'));
  CHECK_FALSE(c.get("k", 6000));
  CHECK_FALSE(c.get("k", 4999));  // a clock that went back
  CHECK_FALSE(c.get("other", 5000));
  c.put("k", text(3, 'y'), 7000);  // replaced
  CHECK(*c.get("k", 7001) == "yyy");
}

TEST_CASE("availability cache: bounded in bytes, oldest dropped first", "[availability_cache]") {
  AvailabilityCache c(60'000, 1000);
  c.put("a", text(200), 1);
  c.put("b", text(200), 2);
  c.put("c", text(200), 3);
  c.put("d", text(200), 4);
  c.put("e", text(200), 5);  // over 1000 bytes with the keys: "a" goes
  CHECK_FALSE(c.get("a", 10));
  CHECK(c.get("e", 10));
  CHECK(c.get("b", 10));
  c.put("huge", text(600), 6);  // more than a quarter of the budget: not kept
  CHECK_FALSE(c.get("huge", 10));
  AvailabilityCache off(0, 1000);
  off.put("a", text(1), 1);
  CHECK_FALSE(off.get("a", 1));
}
